using CityDiplomacy.Accounts;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.Reference;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Pages.Manage;

/// <summary>What the workspace pages share: access answers, commune names, the register of a commune.</summary>
public static class Workspace
{
    /// <summary>
    /// A plain 403 (the error page says « Accès refusé ») for a signed-in user without the right, rather than the
    /// cookie's redirect; the sign-in page for anyone else.
    /// </summary>
    public static IActionResult Denied(CommuneAccess access) =>
        access.IsAuthenticated ? new StatusCodeResult(StatusCodes.Status403Forbidden) : new ChallengeResult();

    /// <summary>The name of a current commune, or null when the code is malformed or unknown.</summary>
    public static async Task<string?> CommuneNameAsync(this AppDb db, string? insee, CancellationToken cancellationToken)
    {
        if (!Commune.IsWellFormedCode(insee)) return null;
        var code = insee!.ToUpperInvariant();
        return await db.Communes.AsNoTracking().Where(c => c.Code == code && c.Kind == CommuneKind.Current)
            .Select(c => c.Name).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Every engagement of the commune, internal ones included, with their catalogue entries.</summary>
    public static async Task<List<Engagement>> RegisterAsync(this AppDb db, string insee, CancellationToken cancellationToken)
    {
        var list = await db.Engagements.AsNoTracking().Where(e => e.CommuneCode == insee)
            .Include(e => ((NetworkMembership)e).Network)
            .Include(e => ((WorldDayObservance)e).WorldDay)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        return list.OrderBy(e => e.Kind).ThenBy(e => e.Title, StringComparer.CurrentCulture).ToList();
    }

    /// <summary>One engagement for the workspace, tracked (to be changed and saved) or not.</summary>
    public static Task<Engagement?> EngagementAsync(this AppDb db, Guid id, bool tracked, CancellationToken cancellationToken)
    {
        var query = db.Engagements.Where(e => e.Id == id)
            .Include(e => ((NetworkMembership)e).Network)
            .Include(e => ((WorldDayObservance)e).WorldDay)
            .AsSplitQuery();
        return (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The id of a form field from its name: « suspend.reason » → « suspend-reason », « deliberations[0].date » → « deliberations-0-date ».</summary>
    public static string FieldId(string name) =>
        string.Join('-', name.ToLowerInvariant().Split(['.', '[', ']'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The first error recorded for a field, if any.</summary>
    public static string? ErrorFor(this ModelStateDictionary modelState, string name) =>
        modelState.TryGetValue(name, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    /// <summary>What the user typed, when the page comes back with errors; else the stored value.</summary>
    public static string? ValueFor(this ModelStateDictionary modelState, string name, string? stored) =>
        modelState.TryGetValue(name, out var entry) && entry.AttemptedValue is not null ? entry.AttemptedValue : stored;

    public static IEnumerable<EngagementKind> Kinds => Enum.GetValues<EngagementKind>();
    public static IEnumerable<EngagementStatus> Statuses => Enum.GetValues<EngagementStatus>();
    public static IEnumerable<Theme> AllThemes => Enum.GetValues<Theme>();
}

/// <summary>A form field for the _Field partial: its name is the API's field name, so a rule's error lands next to it.</summary>
public sealed record Field(string Name, string Label, string? Value = null)
{
    /// <summary>An input type (text, date, number, url…) or « textarea ».</summary>
    public string Type { get; init; } = "text";
    public string? Hint { get; init; }
    public bool Required { get; init; }
    public int Rows { get; init; } = 4;
    /// <summary>Makes the field a select with these options (value, text).</summary>
    public IReadOnlyList<(string Value, string Text)>? Options { get; init; }
    public string? Autocomplete { get; init; }
    public string? InputMode { get; init; }
    /// <summary>A partner's name: the id of its country field, for the script that suggests places as one types.</summary>
    public string? ResolveWith { get; init; }
}

using System.Globalization;
using CityDiplomacy.Accounts;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.Screening;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CityDiplomacy.Pages.Manage.Communes;

/// <summary>
/// « Veille »: what changed in the commune's screening since a date (new, changed, resolved), the open flags with
/// their evidence, and the officer's decision form (antiforgery, version check) — and a button to screen again.
/// </summary>
[Authorize]
public sealed class VeilleModel(AppDb db, CommuneAccess access, ScreeningService screening, TimeProvider time,
    IStringLocalizer<SharedResource> l) : PageModel
{
    public const int DefaultDays = 30;

    public string Insee { get; private set; } = "";
    public string CommuneName { get; private set; } = "";
    public bool CanEdit { get; private set; }
    public DateOnly Since { get; private set; }
    public ScreeningRun? LastRun { get; private set; }
    public IReadOnlyList<FlagView> Open { get; private set; } = [];
    public IReadOnlyList<FlagView> NewSince { get; private set; } = [];
    public IReadOnlyList<FlagView> ChangedSince { get; private set; } = [];
    public IReadOnlyList<FlagView> ResolvedSince { get; private set; } = [];
    public string? Done { get; private set; }
    /// <summary>The flag whose form came back with errors, and what was typed.</summary>
    public Guid? Failed { get; private set; }
    public DecisionForm Posted { get; private set; } = new();

    public sealed class DecisionForm
    {
        public Guid FlagId { get; set; }
        public int Version { get; set; }
        public string? State { get; set; }
        public string? Decision { get; set; }
        public string? DecidedOn { get; set; }
        public string? Deliberation { get; set; }
        public string? PublicAnswer { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(string insee, string? since, string? done, CancellationToken cancellationToken)
    {
        if (await PrepareAsync(insee, cancellationToken) is { } refused) return refused;
        Done = done;
        if (since is not null && !DateOnly.TryParseExact(since, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            ModelState.AddModelError("since", l["« {0} » n'est pas une date (AAAA-MM-JJ).", since]);
        await LoadAsync(since, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDecideAsync(string insee, [FromForm] DecisionForm form, CancellationToken cancellationToken)
    {
        if (await PrepareAsync(insee, cancellationToken) is { } refused) return refused;
        if (!CanEdit) return Workspace.Denied(access);
        var flag = await db.ScreeningFlags.FirstOrDefaultAsync(f => f.Id == form.FlagId && f.CommuneCode == Insee, cancellationToken);
        if (flag is null) return NotFound();
        Posted = form;
        Failed = form.FlagId;
        DateOnly? decidedOn = null;
        if (!string.IsNullOrWhiteSpace(form.DecidedOn))
        {
            if (DateOnly.TryParseExact(form.DecidedOn.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)) decidedOn = parsed;
            else ModelState.AddModelError("DecidedOn", l["« {0} » n'est pas une date (AAAA-MM-JJ).", form.DecidedOn]);
        }
        var state = FlagDecisionInput.ParseState(form.State);
        if (state is null) ModelState.AddModelError("State", l["Choisissez un état : pris en compte ou décidé."]);
        if (flag.Version != form.Version)
            ModelState.AddModelError("", l["Ce signalement a été modifié par ailleurs depuis que vous l'avez ouvert : rien n'a été enregistré. Relisez-le puis recommencez."]);
        if (ModelState.IsValid)
        {
            try
            {
                flag.Answer(state!.Value, form.Decision, decidedOn, form.Deliberation, form.PublicAnswer,
                    DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(1));
                await db.SaveChangesAsync(cancellationToken);
                return Redirect($"/espace/communes/{Insee}/veille?done=decided#signalement-{flag.Id}");
            }
            catch (DomainRuleException rule)
            {
                ModelState.AddModelError(Capitalized(rule.Field), rule.Message);
            }
            catch (DbUpdateConcurrencyException)
            {
                ModelState.AddModelError("", l["Ce signalement a été modifié par ailleurs depuis que vous l'avez ouvert : rien n'a été enregistré. Relisez-le puis recommencez."]);
            }
        }
        db.ChangeTracker.Clear();
        await LoadAsync(null, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRunAsync(string insee, CancellationToken cancellationToken)
    {
        if (await PrepareAsync(insee, cancellationToken) is { } refused) return refused;
        if (!CanEdit) return Workspace.Denied(access);
        await screening.ScreenAsync(ScreeningScope.Commune(Insee), cancellationToken);
        return Redirect($"/espace/communes/{Insee}/veille?done=run");
    }

    public string? ErrorFor(string field) => ModelState.ErrorFor(field);

    private static string Capitalized(string field) => field.Length == 0 ? field : char.ToUpperInvariant(field[0]) + field[1..];

    private async Task<IActionResult?> PrepareAsync(string insee, CancellationToken cancellationToken)
    {
        Insee = insee.ToUpperInvariant();
        if (!await access.CanReadInternalAsync(Insee, cancellationToken)) return Workspace.Denied(access);
        if (await db.CommuneNameAsync(Insee, cancellationToken) is not { } name) return NotFound();
        CommuneName = name;
        CanEdit = await access.CanEditAsync(Insee, cancellationToken);
        return null;
    }

    private async Task LoadAsync(string? since, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        Since = since is not null && DateOnly.TryParseExact(since, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var s)
            ? s : today.AddDays(-DefaultDays);
        var from = Since.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var all = await db.ListAsync(Insee, includeInternal: true, includeResolved: true, cancellationToken: cancellationToken);
        Open = all.Where(f => f.ResolvedAt is null).ToList();
        NewSince = all.Where(f => f.ResolvedAt is null && f.FirstSeenAt >= from).ToList();
        ChangedSince = all.Where(f => f.ResolvedAt is null && f.FirstSeenAt < from && f.LastChangedAt >= from).ToList();
        ResolvedSince = all.Where(f => f.ResolvedAt >= from).ToList();
        LastRun = await db.ScreeningRuns.AsNoTracking().Where(r => r.CommuneCode == Insee || r.CommuneCode == null)
            .OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(cancellationToken);
    }
}

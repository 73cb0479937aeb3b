using CityDiplomacy.Accounts;
using CityDiplomacy.Auditing;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Pages.Manage.Communes;

/// <summary>The audit trail of a commune, newest first: who changed what, and which fields.</summary>
[Authorize]
public sealed class JournalModel(AppDb db, CommuneAccess access) : PageModel
{
    public const int PageSize = 30;

    public sealed record Row(AuditEntry Entry, string? Title, IReadOnlyList<FieldChange> Changes);

    public string Insee { get; private set; } = "";
    public string CommuneName { get; private set; } = "";
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    // « page » is also Razor Pages' own route value (the page's path): read from the query string only.
    public async Task<IActionResult> OnGetAsync(string insee, [FromQuery(Name = "page")] int? pageNumber, CancellationToken cancellationToken)
    {
        Insee = insee.ToUpperInvariant();
        if (!await access.CanReadInternalAsync(Insee, cancellationToken)) return Workspace.Denied(access);
        if (await db.CommuneNameAsync(Insee, cancellationToken) is not { } name) return NotFound();
        CommuneName = name;

        // The record of each screening run is bookkeeping, not a change to the commune's data: the flags it wrote are listed.
        var entries = db.AuditEntries.AsNoTracking().Where(a => a.CommuneCode == Insee && a.EntityType != nameof(Screening.ScreeningRun));
        Total = await entries.CountAsync(cancellationToken);
        PageNumber = Math.Clamp(pageNumber ?? 1, 1, PageCount);
        var list = await entries.OrderByDescending(a => a.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);

        var ids = list.Where(a => a.EntityType == nameof(Engagement)).Select(a => Guid.TryParse(a.EntityId, out var id) ? id : Guid.Empty).Distinct().ToList();
        var titles = await db.Engagements.AsNoTracking().Where(e => ids.Contains(e.Id))
            .Select(e => new { e.Id, e.Title }).ToDictionaryAsync(e => e.Id.ToString(), e => e.Title, cancellationToken);
        // An assignment's id is « user id/commune »: it is named by the user's address.
        var userIds = list.Where(a => a.EntityType == nameof(CommuneAssignment)).Select(a => a.EntityId.Split('/')[0]).Distinct().ToList();
        var emails = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.Email }).ToDictionaryAsync(u => u.Id, u => u.Email, cancellationToken);
        Rows = list.Select(a => new Row(a,
                a.EntityType == nameof(CommuneAssignment) ? emails.GetValueOrDefault(a.EntityId.Split('/')[0]) ?? a.EntityId : titles.GetValueOrDefault(a.EntityId),
                AuditDiff.Compare(a.Before, a.After, AuditDiff.Bookkeeping)))
            .ToList();
        return Page();
    }
}

using CityDiplomacy.Accounts;
using CityDiplomacy.Data;
using CityDiplomacy.Evidence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Pages.Manage.Alerts;

/// <summary>The local alerts, filtered by country, type and state, for administrators and monitors.</summary>
[Authorize]
public sealed class IndexModel(AppDb db, CommuneAccess access) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "country")] public string? Country { get; set; }
    [BindProperty(SupportsGet = true, Name = "type")] public string? Type { get; set; }
    /// <summary>« active », « repealed » or empty for both.</summary>
    [BindProperty(SupportsGet = true, Name = "state")] public string? State { get; set; }

    public IReadOnlyList<LocalAlert> Alerts { get; private set; } = [];
    public IReadOnlyList<string> Countries { get; private set; } = [];
    public IReadOnlyList<string> Types { get; private set; } = [];
    public IReadOnlyDictionary<string, string> CountryNames { get; private set; } = new Dictionary<string, string>();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await access.CanMaintainEvidenceAsync(cancellationToken)) return Workspace.Denied(access);
        Countries = await db.LocalAlerts.AsNoTracking().Select(a => a.CountryCode).Distinct().OrderBy(c => c).ToListAsync(cancellationToken);
        Types = await db.LocalAlerts.AsNoTracking().Select(a => a.Type).Distinct().OrderBy(t => t).ToListAsync(cancellationToken);
        CountryNames = await db.Countries.AsNoTracking().Where(c => Countries.Contains(c.Code))
            .ToDictionaryAsync(c => c.Code, c => c.NameFr, cancellationToken);
        var query = db.LocalAlerts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Country)) { var code = Country.Trim().ToUpperInvariant(); query = query.Where(a => a.CountryCode == code); }
        if (!string.IsNullOrWhiteSpace(Type)) { var type = Type.Trim(); query = query.Where(a => a.Type == type); }
        if (State == "active") query = query.Where(a => a.RepealedOn == null);
        else if (State == "repealed") query = query.Where(a => a.RepealedOn != null);
        var alerts = await query.ToListAsync(cancellationToken);
        Alerts = alerts.OrderBy(a => a.CountryCode, StringComparer.Ordinal).ThenBy(a => a.PlaceText, StringComparer.CurrentCulture)
            .ThenBy(a => a.Title, StringComparer.CurrentCulture).ToList();
        return Page();
    }
}

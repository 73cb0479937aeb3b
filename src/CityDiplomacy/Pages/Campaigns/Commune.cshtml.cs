using CityDiplomacy.Campaigns;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.Reference;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Pages.Campaigns;

/// <summary>
/// /communes/{insee}/campagnes/{slug}: every list of the commune in official panel order, answered or not, with its
/// published answers; after the vote, each commitment with its published history and evidence. Never a draft.
/// </summary>
public sealed class CommuneModel(AppDb db) : PageModel
{
    public Campaign Campaign { get; private set; } = null!;
    public CommuneCampaignDetails Details { get; private set; } = null!;
    /// <summary>Titles of the public engagements cited as evidence (an internal one is never named).</summary>
    public IReadOnlyDictionary<Guid, string> PublicEngagements { get; private set; } = new Dictionary<Guid, string>();

    public async Task<IActionResult> OnGetAsync(string insee, string slug, CancellationToken cancellationToken)
    {
        if (await CampaignsApi.FindAsync(db, slug, cancellationToken) is not { } campaign) return NotFound();
        if (await CampaignsApi.CurrentCommuneAsync(db, insee, cancellationToken) is not { } code) return NotFound();
        var name = await db.Communes.AsNoTracking().Where(c => c.Code == code && c.Kind == CommuneKind.Current)
            .Select(c => c.Name).SingleAsync(cancellationToken);
        Campaign = campaign;
        Details = await CampaignQueries.CommuneAsync(db, campaign, code, name, insider: false, cancellationToken);
        var cited = Details.Commitments.SelectMany(c => c.History).SelectMany(u => u.Evidence)
            .Where(e => e.EngagementId is not null).Select(e => e.EngagementId!.Value).Distinct().ToList();
        PublicEngagements = await db.Engagements.AsNoTracking()
            .Where(e => cited.Contains(e.Id) && e.Visibility == Visibility.Public)
            .ToDictionaryAsync(e => e.Id, e => e.Title, cancellationToken);
        return Page();
    }

    public Measure? MeasureOf(string code) => Campaign.Measure(code);
}

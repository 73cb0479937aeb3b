using System.Globalization;
using CityDiplomacy.Data;
using CityDiplomacy.Demo;
using CityDiplomacy.Engagements;
using CityDiplomacy.OpenData;
using CityDiplomacy.Portal;
using CityDiplomacy.Portal.Maps;
using CityDiplomacy.Reference;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CityDiplomacy.Pages.Communes;

/// <summary>A partner line of the map, also a row of its table.</summary>
public sealed record MapLinkRow(PublicEngagement Engagement, PublicPartner Partner, bool Drawn);

public sealed class DetailsModel(AppDb db, IStringLocalizer<SharedResource> l, OpenDataRegistry registry, TimeProvider clock) : PageModel
{
    /// <summary>The commune's open-data files that have something to publish (no link to an empty IATI file or calendar).</summary>
    public IReadOnlyList<OpenDataExport> Downloads { get; private set; } = [];

    public CommuneDetails? Commune { get; private set; }

    /// <summary>The commune's public engagements include some of the demo (their description carries its label).</summary>
    public bool HasDemoData { get; private set; }
    /// <summary>Engagements made up by « demo generate » (not reconstructed from public facts).</summary>
    public bool HasGeneratedData { get; private set; }

    /// <summary>The commune's public engagements, for the « Action internationale » section.</summary>
    public IReadOnlyList<PublicEngagement> Engagements { get; private set; } = [];

    /// <summary>Every public partner, in the order of the map's table.</summary>
    public IReadOnlyList<MapLinkRow> Links { get; private set; } = [];

    /// <summary>The world map with a line to each partner (SVG, built from the cached base map).</summary>
    public Portal.Maps.SvgDrawing MapSvg { get; private set; } = new([]);

    /// <summary>Cooperation projects' budgets, all projects together, by year.</summary>
    public IReadOnlyList<PublicBudgetYear> Budget { get; private set; } = [];

    public string BudgetSvg { get; private set; } = "";

    /// <summary>The advocacy campaigns in which lists of the commune stand (slug, title).</summary>
    public IReadOnlyList<(string Slug, string Title)> Campaigns { get; private set; } = [];

    /// <summary>Unresolved screening flags on the public engagements, with the commune's answer.</summary>

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        if (!Reference.Commune.IsWellFormedCode(code)) return NotFound();
        Commune = await db.FindAsync(code, cancellationToken);
        if (Commune is null) return NotFound();
        var communeCode = Commune.Code;
        HasDemoData = await db.Engagements.WhereDemo()
            .AnyAsync(e => e.CommuneCode == communeCode && e.Visibility == Visibility.Public && e.DismissedOn == null, cancellationToken);
        HasGeneratedData = HasDemoData && await db.Engagements
            .AnyAsync(e => e.CommuneCode == communeCode && e.SourceName == NationalDemo.SourceName, cancellationToken);
        Engagements = await db.PublicEngagementsAsync(communeCode, cancellationToken);

        Links = Engagements
            .SelectMany(e => e.Partners.Select(p => new MapLinkRow(e, p, p.Latitude is not null && p.Longitude is not null)))
            .ToList();
        LonLat? origin = Commune.Latitude is { } lat && Commune.Longitude is { } lon ? new LonLat(lon, lat) : null;
        var drawn = Links.Where(r => r.Drawn)
            .Select(r => new MapPoint(new LonLat(r.Partner.Longitude!.Value, r.Partner.Latitude!.Value), r.Partner.Name))
            .ToList();
        MapSvg = Portal.Maps.MapSvg.Links("carte-partenaires",
            l["Carte des partenaires de {0}", Commune.Name],
            drawn.Count == 0
                ? l["Carte du monde : aucun partenaire localisé."]
                : Portal.Maps.MapSvg.LinksShowTheWorld(origin, drawn)
                    ? l["Carte du monde : une ligne relie {0} à chacun de ses {1} partenaires localisés ; le tableau qui suit la carte les énumère.", Commune.Name, drawn.Count]
                    : l["Carte de la région où se trouvent {0} et ses partenaires : une ligne relie {0} à chacun de ses {1} partenaires localisés ; le tableau qui suit la carte les énumère.", Commune.Name, drawn.Count],
            origin, drawn);

        Budget = Engagements.SelectMany(e => e.Budget ?? [])
            .GroupBy(b => b.Year).OrderBy(g => g.Key)
            .Select(g => new PublicBudgetYear(g.Key, g.Sum(b => b.AmountCents)))
            .ToList();
        if (Budget.Count > 0)
            BudgetSvg = BarChart.Render("graphique-budget", l["Budget des projets de coopération par année"],
                l["Histogramme : montant total par année ; le tableau qui suit donne les mêmes chiffres."],
                Budget.Select(b => (b.Year.ToString(CultureInfo.InvariantCulture), (double)b.AmountCents, Display.Euros(b.AmountCents))).ToList());
        Campaigns = (await db.Campaigns.AsNoTracking()
                .Where(c => db.CandidateLists.Any(l => l.CampaignId == c.Id && l.CommuneCode == communeCode))
                .OrderBy(c => c.Title).Select(c => new { c.Slug, c.Title }).ToListAsync(cancellationToken))
            .Select(c => (c.Slug, c.Title)).ToList();
        Downloads = await registry.AvailableAsync(new ExportRequest(ExportScope.Commune, communeCode, Commune.Name), db, clock, cancellationToken);
        return Page();
    }
}

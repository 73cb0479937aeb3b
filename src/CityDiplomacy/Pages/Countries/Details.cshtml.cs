using CityDiplomacy.Data;
using CityDiplomacy.Portal;
using CityDiplomacy.Portal.Maps;
using CityDiplomacy.Reference;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CityDiplomacy.Pages.Countries;

/// <summary>/pays/{code}: the French communes linked with a country, the flags on those links and the country's indicators.</summary>
public sealed class DetailsModel(AppDb db, IStringLocalizer<SharedResource> l) : PageModel
{
    public Country? Country { get; private set; }
    public string Name { get; private set; } = "";
    public IReadOnlyList<CountryLink> Links { get; private set; } = [];
    public IReadOnlyList<PublicFlag> Flags { get; private set; } = [];
    public IReadOnlyList<CountryIndicatorValue> Indicators { get; private set; } = [];
    public Portal.Maps.SvgDrawing MapSvg { get; private set; } = new([]);
    public int Communes { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        if (!Reference.Country.IsWellFormedCode(code)) return NotFound();
        var upper = code.ToUpperInvariant();
        Country = await db.Countries.AsNoTracking().FirstOrDefaultAsync(c => c.Code == upper, cancellationToken);
        if (Country is null) return NotFound();
        Name = PortalQueries.DisplayName(Country);
        Links = await db.CountryLinksAsync(upper, cancellationToken);
        Flags = await db.CountryFlagsAsync(upper, cancellationToken);
        Indicators = await db.LatestIndicatorsAsync(upper, cancellationToken);
        Communes = Links.Select(x => x.CommuneCode).Distinct().Count();
        var places = Links.Where(x => x.Latitude is not null && x.Longitude is not null)
            .DistinctBy(x => (x.GeonameId, x.PartnerName))
            .Select(x => new MapPoint(new LonLat(x.Longitude!.Value, x.Latitude!.Value), x.PartnerName))
            .ToList();
        MapSvg = Portal.Maps.MapSvg.Country("carte-pays", l["Lieux partenaires : {0}", Name],
            l["Carte de {0} : un point par lieu partenaire localisé ({1}) ; le tableau des liens les énumère.", Name, places.Count],
            Country.Numeric, places);
        return Page();
    }
}

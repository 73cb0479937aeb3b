using CityDiplomacy.Data;
using CityDiplomacy.Portal;
using CityDiplomacy.Portal.Maps;
using CityDiplomacy.Reference;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CityDiplomacy.Pages;

public sealed class IndexModel(AppDb db, IStringLocalizer<SharedResource> l) : PageModel
{
    public long CurrentCommunes { get; private set; }
    public long Countries { get; private set; }
    public long Places { get; private set; }

    public NationalOverview Overview { get; private set; } = NationalOverview.Empty;

    /// <summary>Partner countries coloured by their number of twinnings.</summary>
    public SvgDrawing ChoroplethSvg { get; private set; } = new([]);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // Row counts of the loaded datasets: recorded at load time, no table scan per request.
        var counts = await db.ReferenceDatasets.AsNoTracking().ToDictionaryAsync(d => d.Name, d => d.Rows, cancellationToken);
        CurrentCommunes = await db.Communes.CountAsync(c => c.Kind == CommuneKind.Current, cancellationToken);
        Countries = counts.GetValueOrDefault("countries");
        Places = counts.GetValueOrDefault("places");
        Overview = await db.NationalOverviewAsync(cancellationToken);
        var byNumeric = Overview.ByCountry.Where(c => c.Numeric.Length > 0)
            .GroupBy(c => c.Numeric).ToDictionary(g => g.Key, g => g.Sum(c => c.Twinnings));
        ChoroplethSvg = MapSvg.Choropleth("carte-jumelages", l["Jumelages par pays partenaire"],
            Overview.ByCountry.Count == 0
                ? l["Carte du monde : aucun jumelage public enregistré."]
                : l["Carte du monde : chaque pays est coloré selon le nombre de jumelages publics de communes françaises avec lui ; le tableau qui suit donne les chiffres."],
            byNumeric);
    }
}

using CityDiplomacy.Data;
using CityDiplomacy.Reference;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CityDiplomacy.Pages.Communes;

public sealed class SearchModel(AppDb db, IStringLocalizer<SharedResource> l) : PageModel
{
    public const int Limit = 50;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    public string? Error { get; private set; }
    public IReadOnlyList<CommuneSummary> Results { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Query = string.IsNullOrWhiteSpace(Query) ? null : Query.Trim();
        if (Query is null) return;
        if (Query.Length is < 2 or > 100)
        {
            Error = l["Saisissez entre 2 et 100 caractères : un nom de commune ou un code postal."];
            return;
        }
        Results = await db.SearchAsync(Query, Limit, cancellationToken);
    }

    /// <summary>The facts shown under a result, in the page's language.</summary>
    public IEnumerable<string> Describe(CommuneSummary commune)
    {
        if (commune.Type != CommuneTypes.Current)
        {
            yield return l[commune.Type];
            if (commune.ParentName is not null) yield return l["commune de rattachement : {0}", commune.ParentName];
        }
        yield return l["département {0}", commune.Department];
        if (commune.Postcodes.Count > 0) yield return string.Join(", ", commune.Postcodes);
        if (commune.Population is { } population) yield return l["{0} hab.", population.ToString("N0")];
    }
}

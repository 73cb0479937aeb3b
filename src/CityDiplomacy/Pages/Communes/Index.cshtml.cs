using CityDiplomacy.Data;
using CityDiplomacy.Reference;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CityDiplomacy.Pages.Communes;

public sealed class SearchModel(AppDb db, IStringLocalizer<SharedResource> l) : PageModel
{
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
        Results = await db.SearchAsync(Query, 50, cancellationToken);
    }
}

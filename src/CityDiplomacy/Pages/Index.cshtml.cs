using CityDiplomacy.Data;
using CityDiplomacy.Reference;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Pages;

public sealed class IndexModel(AppDb db) : PageModel
{
    public long CurrentCommunes { get; private set; }
    public long Countries { get; private set; }
    public long Places { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // Row counts of the loaded datasets: recorded at load time, no table scan per request.
        var counts = await db.ReferenceDatasets.AsNoTracking().ToDictionaryAsync(d => d.Name, d => d.Rows, cancellationToken);
        CurrentCommunes = await db.Communes.CountAsync(c => c.Kind == CommuneKind.Current, cancellationToken);
        Countries = counts.GetValueOrDefault("countries");
        Places = counts.GetValueOrDefault("places");
    }
}

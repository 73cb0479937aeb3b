using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.OpenData;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Pages.Donnees;

public sealed class IndexModel(AppDb db, OpenDataRegistry registry, TimeProvider clock) : PageModel
{
    /// <summary>The national files that have something to publish: the others get no link.</summary>
    public IReadOnlyList<OpenDataExport> NationalFiles { get; private set; } = [];

    public sealed record SourceRow(string Name, int Engagements, SourceLicences.Licence? Licence);

    public OpenDataRegistry Registry => registry;
    public int Typed { get; private set; }
    public IReadOnlyList<SourceRow> Sources { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        NationalFiles = await registry.AvailableAsync(new ExportRequest(ExportScope.Nation, null, "France"), db, clock, cancellationToken);
        var counts = await db.Engagements.AsNoTracking()
            .Where(e => e.Visibility == Visibility.Public && e.DismissedOn == null)
            .GroupBy(e => e.SourceName)
            .Select(g => new { Name = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        Typed = counts.Where(c => c.Name == null).Sum(c => c.Count);
        Sources = counts.Where(c => c.Name != null)
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => new SourceRow(c.Name!, c.Count, SourceLicences.Of(c.Name!)))
            .ToList();
    }
}

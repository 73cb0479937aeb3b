using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.OpenData;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Pages.Donnees;

public sealed class IndexModel(AppDb db, OpenDataRegistry registry) : PageModel
{
    public sealed record SourceRow(string Name, int Engagements, SourceLicences.Licence? Licence);

    public OpenDataRegistry Registry => registry;
    public int Typed { get; private set; }
    /// <summary>National files with nothing valid to publish (they answer 404): no link to them.</summary>
    public IReadOnlySet<string> Unavailable { get; private set; } = new HashSet<string>();
    public IReadOnlyList<SourceRow> Sources { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var unavailable = new HashSet<string>(StringComparer.Ordinal);
        foreach (var export in registry.For(ExportScope.Nation))
            if (!await export.IsAvailableAsync(db, new ExportRequest(ExportScope.Nation, null, "France"), cancellationToken))
                unavailable.Add(export.FileName);
        Unavailable = unavailable;
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

using CityDiplomacy.Data;
using CityDiplomacy.Reference;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Pages;

public sealed class AboutModel(AppDb db, ReferenceSource source) : PageModel
{
    public sealed record DatasetRow(string Name, string ShippedVersion, ReferenceDataset? Loaded, IReadOnlyList<string> Sources);

    public IReadOnlyList<DatasetRow> Datasets { get; private set; } = [];
    public IReadOnlyList<ManifestSource> Sources { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var loaded = await db.ReferenceDatasets.AsNoTracking().ToDictionaryAsync(d => d.Name, cancellationToken);
        var manifest = source.Manifest;
        Sources = manifest.Sources;
        Datasets = manifest.Datasets
            .Select(d => new DatasetRow(d.Name, d.Version, loaded.GetValueOrDefault(d.Name),
                d.Sources.Select(name => manifest.Sources.FirstOrDefault(s => s.Package == name) is { } s ? $"{s.Package} {s.Version}" : name).ToList()))
            .ToList();
    }
}

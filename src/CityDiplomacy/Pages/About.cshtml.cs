using CityDiplomacy.Data;
using CityDiplomacy.Reference;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Pages;

public sealed class AboutModel(AppDb db, ReferenceSource source) : PageModel
{
    /// <param name="InDatabase">False for files used as shipped (map outlines), which are never loaded into tables.</param>
    public sealed record DatasetRow(string Name, string ShippedVersion, bool InDatabase, ReferenceDataset? Loaded, IReadOnlyList<string> Sources);

    public IReadOnlyList<DatasetRow> Datasets { get; private set; } = [];
    public IReadOnlyList<ManifestSource> Sources { get; private set; } = [];
    /// <summary>The evidence files imported (territorial statuses shipped, indicators and alerts imported by users).</summary>
    public IReadOnlyList<Evidence.EvidenceImport> EvidenceImports { get; private set; } = [];

    /// <summary>The shipped national twinning directories: version, date, licence, and whether this database holds them.</summary>
    public IReadOnlyList<Imports.DirectoryState> Directories { get; private set; } = [];
    /// <summary>Communes with at least one public twinning in the register, whatever its source.</summary>
    public int TwinnedCommunes { get; private set; }

    /// <summary>
    /// The order of magnitude of twinned French communes against which the coverage is stated: the figure the project
    /// works with, not checked here against a primary source (the page says so).
    /// </summary>
    public const int TwinnedCommunesInFrance = 4300;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Directories = await Imports.DirectoryLoader.StatesAsync(db, Imports.DirectorySnapshot.Embedded, cancellationToken);
        TwinnedCommunes = await db.Engagements.AsNoTracking()
            .Where(e => e.Kind == Engagements.EngagementKind.Twinning && e.Visibility == Engagements.Visibility.Public && e.DismissedOn == null)
            .Select(e => e.CommuneCode).Distinct().CountAsync(cancellationToken);
        var loaded = await db.ReferenceDatasets.AsNoTracking().ToDictionaryAsync(d => d.Name, cancellationToken);
        var manifest = source.Manifest;
        Sources = manifest.Sources;
        Datasets = manifest.Datasets
            .Select(d => new DatasetRow(d.Name, d.Version, ReferenceLoader.Tables.Any(t => t.Name == d.Name), loaded.GetValueOrDefault(d.Name),
                d.Sources.Select(name => manifest.Sources.FirstOrDefault(s => s.Package == name) is { } s ? $"{s.Package} {s.Version}" : name).ToList()))
            .ToList();
        var imports = await db.EvidenceImports.AsNoTracking().ToListAsync(cancellationToken);
        // The latest file of each source: its version (SHA-256), licence and date.
        EvidenceImports = imports.GroupBy(i => (i.Kind, i.SourceName)).Select(g => g.MaxBy(i => i.ImportedAt)!)
            .OrderBy(i => i.Kind).ThenBy(i => i.SourceName, StringComparer.Ordinal).ToList();
    }
}

using CityDiplomacy.Auditing;
using CityDiplomacy.Data;
using CityDiplomacy.Places;
using CityDiplomacy.Reference;
using CityDiplomacy.Screening;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Imports;

/// <summary>What loading one shipped directory did: nothing (already at that version) or its import's report.</summary>
public sealed record DirectoryLoadOutcome(ShippedDirectory Directory, string? PreviousVersion, DirectoryImportReport? Report)
{
    public bool Loaded => Report is not null;
}

/// <summary>The state of one shipped directory in the database, for « directory status » and the about page.</summary>
public sealed record DirectoryState(ShippedDirectory Directory, ReferenceDataset? Loaded)
{
    public bool UpToDate => Loaded is not null && string.Equals(Loaded.Version, Directory.Sha256, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Loads the shipped national directories (<see cref="DirectorySnapshot"/>) into the registers through the directory
/// import (<see cref="TwinningDirectoryImport"/>), with its re-import rules: a record the commune entered, confirmed
/// or dismissed is never changed, duplicated or brought back; a record already imported only gains the source. Each
/// directory's version is recorded as a dataset row « directory-NAME » (SHA-256 of the published file): a directory
/// at the recorded version is skipped, so loading twice changes nothing. After a written load every engagement is
/// screened again. Used by « serve » (first start on an empty register) and « directory load ».
/// </summary>
public static class DirectoryLoader
{
    public const string DatasetPrefix = "directory-";

    /// <summary>The setting that lets « serve » load the directory on an empty register (on in appsettings.json, off with --no-directory).</summary>
    public const string EnabledSetting = "Directory:Enabled";

    /// <summary>The author of the load's writes in the audit trail.</summary>
    public const string Actor = "directory";

    public static async Task<IReadOnlyList<DirectoryState>> StatesAsync(AppDb db, DirectorySnapshot snapshot, CancellationToken cancellationToken = default)
    {
        var loaded = await db.ReferenceDatasets.AsNoTracking()
            .Where(d => d.Name.StartsWith(DatasetPrefix))
            .ToDictionaryAsync(d => d.Name, cancellationToken);
        return snapshot.Manifest.Directories.Select(d => new DirectoryState(d, loaded.GetValueOrDefault(d.DatasetName))).ToList();
    }

    /// <summary>True when some version of a shipped directory was loaded before (then an updated snapshot is loaded at start).</summary>
    public static async Task<bool> WasLoadedAsync(AppDb db, CancellationToken cancellationToken = default) =>
        await db.ReferenceDatasets.AnyAsync(d => d.Name.StartsWith(DatasetPrefix), cancellationToken);

    /// <summary>
    /// Loads every directory of the snapshot not yet loaded at its version, audited as <paramref name="actor"/>, then
    /// screens the register when anything was written. The reference data must be loaded.
    /// </summary>
    /// <param name="places">
    /// The place index to resolve partners with: the server's own (<see cref="PlaceIndex"/>, then built once for the
    /// load and the requests that follow); without one, an index is built for this load alone.
    /// </param>
    public static async Task<(IReadOnlyList<DirectoryLoadOutcome> Outcomes, ScreeningOutcome? Screening)> LoadAsync(AppDb db,
        DirectorySnapshot snapshot, ScreeningRules rules, TimeProvider time, string actor = Actor, IProgress<int>? progress = null,
        IPlaceResolverSource? places = null, CancellationToken cancellationToken = default)
    {
        var states = await StatesAsync(db, snapshot, cancellationToken);
        var outcomes = new List<DirectoryLoadOutcome>();
        if (states.All(s => s.UpToDate))
            return (states.Select(s => new DirectoryLoadOutcome(s.Directory, s.Loaded?.Version, null)).ToList(), null);

        var written = false;
        // The server's index: wait for its whole first build, the hand-back of its garbage included, so the load's own
        // allocations do not pile on top of the build's.
        if (places is Places.PlaceIndex index) await index.WarmAsync().WaitAsync(cancellationToken);
        var resolver = places is null
            ? await PlaceResolver.LoadAsync(db, cancellationToken)
            : await places.GetResolverAsync(cancellationToken);
        var communes = await FrenchCommunes.LoadAsync(db, resolver, cancellationToken);
        foreach (var state in states)
        {
            if (state.UpToDate)
            {
                outcomes.Add(new DirectoryLoadOutcome(state.Directory, state.Loaded!.Version, null));
                continue;
            }
            var file = snapshot.Read(state.Directory);
            var plan = await new TwinningDirectoryImport(db, resolver, communes).PlanAsync(file, progress, cancellationToken);
            DirectoryImportReport report;
            using (AuditActor.Use(actor, "directory load"))
            {
                report = await TwinningDirectoryImport.WriteAsync(db, plan, time, cancellationToken);
                await RecordAsync(db, state.Directory, time, cancellationToken);
            }
            written |= report.Written;
            outcomes.Add(new DirectoryLoadOutcome(state.Directory, state.Loaded?.Version, report));
        }

        ScreeningOutcome? screening = null;
        if (written)
        {
            using (AuditActor.Use(actor, "screen"))
                screening = await new ScreeningService(db, rules, time).ScreenAsync(ScreeningScope.All, cancellationToken);
        }
        return (outcomes, screening);
    }

    private static async Task RecordAsync(AppDb db, ShippedDirectory directory, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var sources = $"{directory.SourceFile} ({directory.Date}) | {directory.Licence} | {directory.Attribution}";
        if (sources.Length > 1000) sources = sources[..1000];
        var row = await db.ReferenceDatasets.FindAsync([directory.DatasetName], cancellationToken);
        if (row is null)
            db.ReferenceDatasets.Add(new ReferenceDataset
            {
                Name = directory.DatasetName, Version = directory.Sha256, Rows = directory.Rows, Sources = sources, LoadedAt = now,
            });
        else
        {
            row.Version = directory.Sha256;
            row.Rows = directory.Rows;
            row.Sources = sources;
            row.LoadedAt = now;
        }
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }
}

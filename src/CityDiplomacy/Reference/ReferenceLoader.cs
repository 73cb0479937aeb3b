using System.Data.Common;
using System.Text;
using CityDiplomacy.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CityDiplomacy.Reference;

public sealed record ReferenceProgress(string Dataset, long Done, long Total);

public sealed record ReferenceLoadResult(IReadOnlyList<ReferenceDatasetLoad> Datasets)
{
    public bool ChangedAnything => Datasets.Any(d => d.Loaded);
}

public sealed record ReferenceDatasetLoad(string Name, bool Loaded, long Rows, long Removed, string Version);

/// <summary>
/// Loads the shipped reference data into the database. Versioned by content hash: a dataset already loaded at the
/// shipped version is left alone, a different version is upserted in place (rows absent from it are removed).
/// Everything happens in one transaction: a failed load leaves the database as it was.
/// </summary>
public sealed class ReferenceLoader(AppDb db, TimeProvider time)
{
    /// <summary>The datasets that go into tables, in load order.</summary>
    internal static readonly IReadOnlyList<ReferenceTable> Tables =
    [
        ReferenceTable.Regions, ReferenceTable.Departments, ReferenceTable.Epcis, ReferenceTable.Communes,
        ReferenceTable.Countries, ReferenceTable.Places, ReferenceTable.Admin1,
    ];

    public async Task<ReferenceLoadResult> LoadAsync(ReferenceSource source, IProgress<ReferenceProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var manifest = source.Manifest;
        var loaded = await db.ReferenceDatasets.AsNoTracking().ToDictionaryAsync(d => d.Name, cancellationToken);
        var results = new List<ReferenceDatasetLoad>();

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            results.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var connection = db.Database.GetDbConnection();
            var dbTransaction = transaction.GetDbTransaction();
            foreach (var table in Tables)
            {
                var dataset = manifest.Dataset(table.Name)
                    ?? throw new InvalidDataException($"{source.Description} : le manifeste ne décrit pas « {table.Name} ».");
                if (loaded.TryGetValue(table.Name, out var current) && current.Version == dataset.Version)
                {
                    results.Add(new ReferenceDatasetLoad(table.Name, false, current.Rows, 0, dataset.Version));
                    progress?.Report(new ReferenceProgress(table.Name, current.Rows, current.Rows));
                    continue;
                }

                using var reader = new StreamReader(source.Open(dataset.File), Encoding.UTF8);
                var tsv = new TsvFile(dataset.File, reader);
                var rows = table.ReadAsync(tsv, dataset.Version, cancellationToken);
                var writer = new BulkUpsert(db, table.EntityType, connection, dbTransaction, table.Properties);
                var count = await writer.WriteAsync(rows, done => progress?.Report(new ReferenceProgress(table.Name, done, dataset.Rows)),
                    cancellationToken);
                if (count != dataset.Rows)
                    throw new InvalidDataException(
                        $"{dataset.File} : {count} lignes lues, le manifeste en annonce {dataset.Rows}.");
                var removed = await writer.DeleteOtherVersionsAsync(dataset.Version, cancellationToken);
                progress?.Report(new ReferenceProgress(table.Name, count, count));

                var record = await db.ReferenceDatasets.FindAsync([table.Name], cancellationToken);
                if (record is null)
                {
                    record = new ReferenceDataset
                    {
                        Name = table.Name, Version = dataset.Version, Rows = count, Sources = "", LoadedAt = default,
                    };
                    db.ReferenceDatasets.Add(record);
                }
                record.Version = dataset.Version;
                record.Rows = count;
                record.Sources = string.Join('|', dataset.Sources.Select(name =>
                    manifest.Sources.FirstOrDefault(s => s.Package == name) is { } s ? $"{s.Package}@{s.Version}" : name));
                record.LoadedAt = time.GetUtcNow().UtcDateTime;
                results.Add(new ReferenceDatasetLoad(table.Name, true, count, removed, dataset.Version));
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        db.ChangeTracker.Clear();
        return new ReferenceLoadResult(results);
    }

    /// <summary>True when every table dataset has been loaded (at any version).</summary>
    public static async Task<bool> IsLoadedAsync(AppDb db, CancellationToken cancellationToken = default)
    {
        var names = Tables.Select(t => t.Name).ToList();
        return await db.ReferenceDatasets.CountAsync(d => names.Contains(d.Name), cancellationToken) == names.Count;
    }

    /// <summary>True when the database holds exactly the shipped versions.</summary>
    public static async Task<bool> IsCurrentAsync(AppDb db, ReferenceSource source, CancellationToken cancellationToken = default)
    {
        var loaded = await db.ReferenceDatasets.AsNoTracking().ToDictionaryAsync(d => d.Name, d => d.Version, cancellationToken);
        return Tables.All(t => source.Manifest.Dataset(t.Name) is { } d && loaded.GetValueOrDefault(t.Name) == d.Version);
    }
}

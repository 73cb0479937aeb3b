using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using CityDiplomacy.Data;
using CityDiplomacy.Reference;

namespace CityDiplomacy.Benchmarks;

/// <summary>
/// « reference load » as the CLI and the first start of the server run it: every shipped dataset into an empty,
/// migrated database (cold), then the same call on a database that already holds the shipped versions.
/// One cold load takes seconds, hence a monitoring job with few iterations and one call per iteration: each figure is
/// the cost of one single « reference load », as a user would see it (the already-loaded one is a few milliseconds,
/// so BenchmarkDotNet warns that the iteration is short: expected).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class ReferenceLoadBenchmarks
{
    private BenchDatabase? _database;
    private AppDb? _db;

    /// <summary>SQLite always; PostgreSQL too when CITYDIPLOMACY_BENCH_POSTGRES holds a connection string.</summary>
    [ParamsSource(nameof(Providers))]
    public DatabaseProvider Provider { get; set; }

    public static IEnumerable<DatabaseProvider> Providers() => BenchDatabase.Providers();

    // Cold load: a fresh, migrated, empty database for every iteration; the load alone is measured.

    [IterationSetup(Target = nameof(ColdLoad))]
    public void CreateEmptyDatabase()
    {
        _database = BenchDatabase.CreateMigrated(Provider);
        _db = _database.Factory.Create();
    }

    [IterationCleanup(Target = nameof(ColdLoad))]
    public void DropDatabase()
    {
        _db?.Dispose();
        _db = null;
        _database?.Dispose();
        _database = null;
    }

    [Benchmark(Description = "cold reference load")]
    public async Task<ReferenceLoadResult> ColdLoad()
    {
        var result = await new ReferenceLoader(_db!, TimeProvider.System).LoadAsync(ReferenceSource.Embedded);
        if (!result.Datasets.All(d => d.Loaded)) throw new InvalidOperationException("The cold load skipped a dataset.");
        return result;
    }

    // Already loaded: one database loaded once; each call (a new context, as a second « reference load » would use)
    // finds every dataset at the shipped version and changes nothing.

    [GlobalSetup(Target = nameof(AlreadyLoaded))]
    public void CreateLoadedDatabase()
    {
        _database = BenchDatabase.CreateMigrated(Provider);
        using var db = _database.Factory.Create();
        new ReferenceLoader(db, TimeProvider.System).LoadAsync(ReferenceSource.Embedded).GetAwaiter().GetResult();
    }

    [GlobalCleanup(Target = nameof(AlreadyLoaded))]
    public void DropLoadedDatabase()
    {
        _database?.Dispose();
        _database = null;
    }

    [Benchmark(Description = "already loaded (no-op)")]
    public async Task<ReferenceLoadResult> AlreadyLoaded()
    {
        await using var db = _database!.Factory.Create();
        var result = await new ReferenceLoader(db, TimeProvider.System).LoadAsync(ReferenceSource.Embedded);
        if (result.ChangedAnything) throw new InvalidOperationException("The second load changed the database.");
        return result;
    }
}

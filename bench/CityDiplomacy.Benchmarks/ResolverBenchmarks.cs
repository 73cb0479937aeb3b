using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using CityDiplomacy.Data;
using CityDiplomacy.Places;
using CityDiplomacy.Reference;

namespace CityDiplomacy.Benchmarks;

/// <summary>
/// The partner resolver on a SQLite database loaded once: building its index from the database (what the app does on
/// the first resolution and after a new « reference load ») and resolving 10,000 queries (the gold queries of
/// ../shared/data repeated, or a built-in sample without them), each beside the naive exact-name baseline.
/// One call per iteration: each figure is the cost of one build or of one batch of 10,000 queries.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class ResolverBenchmarks
{
    public const int QueryCount = 10_000;

    private static readonly (string Query, string Country)[] Sample =
    [
        ("Cracovie (Pologne)", ""), ("Aix-la-Chapelle", "DE"), ("Vienne", "AT"), ("Cologne", "DE"), ("Valence", "ES"),
        ("Gmina Tuchów", "PL"), ("Kraśnik County", "Poland"), ("Naplouse, Territoires palestiniens", ""), ("Le Caire", "EG"),
        ("Wroclaww", "PL"), ("Bobo-Dioulasso", "BF"), ("Sankt Pölten", "AT"), ("Colonna, Lazio", ""), ("Bavière", ""),
        ("Kiev", "Ukraine"), ("Saint-Louis", "SN"), ("Tripoli", "LB"), ("La Haye", "Pays-Bas"), ("Atlantide", ""),
        ("Wiesbade", "Allemagne"),
    ];

    private BenchDatabase? _database;
    private PlaceResolver? _resolver;
    private NaiveResolver? _naive;
    private (string Query, string Country)[] _queries = [];

    [GlobalSetup]
    public void LoadDatabase()
    {
        _database = BenchDatabase.CreateMigrated(DatabaseProvider.Sqlite);
        using (var db = _database.Factory.Create())
            new ReferenceLoader(db, TimeProvider.System).LoadAsync(ReferenceSource.Embedded).GetAwaiter().GetResult();
        _resolver = BuildIndex().GetAwaiter().GetResult();
        _naive = BuildNaiveIndex().GetAwaiter().GetResult();
        var source = GoldSets.DataDirectory() is { } data
            ? GoldSets.Read(data).Select(q => (q.Query, q.Country)).ToArray()
            : Sample;
        _queries = [.. Enumerable.Range(0, QueryCount).Select(i => source[i % source.Length])];
    }

    [GlobalCleanup]
    public void DropDatabase() => _database?.Dispose();

    [Benchmark(Description = "index build (resolver)")]
    public async Task<PlaceResolver> BuildIndex()
    {
        await using var db = _database!.Factory.Create();
        return await PlaceResolver.LoadAsync(db);
    }

    [Benchmark(Description = "index build (naive baseline)")]
    public async Task<NaiveResolver> BuildNaiveIndex()
    {
        await using var db = _database!.Factory.Create();
        return await NaiveResolver.LoadAsync(db);
    }

    [Benchmark(Description = "10,000 queries (resolver)")]
    public int Resolve()
    {
        var resolved = 0;
        foreach (var (query, country) in _queries)
            if (_resolver!.Resolve(query, country).Resolved) resolved++;
        return resolved;
    }

    [Benchmark(Description = "10,000 queries (naive baseline)")]
    public int ResolveNaive()
    {
        var resolved = 0;
        foreach (var (query, country) in _queries)
            if (_naive!.Resolve(query, country) is not null) resolved++;
        return resolved;
    }
}

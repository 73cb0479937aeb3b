using BenchmarkDotNet.Attributes;
using CityDiplomacy.Data;
using CityDiplomacy.Reference;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Benchmarks;

/// <summary>
/// The commune look-ups behind /api/communes and the commune pages, on a SQLite database loaded once with the
/// shipped reference data. The baseline is the cheapest query EF can make on that table — one commune by its
/// primary key — so the Ratio column reads « how many bare look-ups one search costs ».
/// </summary>
[MemoryDiagnoser]
public class CommuneSearchBenchmarks
{
    private BenchDatabase? _database;
    private AppDb? _db;

    [GlobalSetup]
    public void LoadDatabase()
    {
        _database = BenchDatabase.CreateMigrated(DatabaseProvider.Sqlite);
        using (var db = _database.Factory.Create())
            new ReferenceLoader(db, TimeProvider.System).LoadAsync(ReferenceSource.Embedded).GetAwaiter().GetResult();
        _db = _database.Factory.Create();
    }

    [GlobalCleanup]
    public void DropDatabase()
    {
        _db?.Dispose();
        _database?.Dispose();
    }

    [Benchmark(Baseline = true, Description = "primary-key lookup (EF)")]
    public Task<Commune> PrimaryKeyLookup() => _db!.Communes.AsNoTracking().FirstAsync(c => c.Code == "75056");

    [Benchmark(Description = "SearchAsync(\"saint-jean-de-br\", 10)")]
    public Task<IReadOnlyList<CommuneSummary>> SearchByName() => _db!.SearchAsync("saint-jean-de-br", 10);

    [Benchmark(Description = "SearchAsync(\"45800\", 10)")]
    public Task<IReadOnlyList<CommuneSummary>> SearchByPostcode() => _db!.SearchAsync("45800", 10);

    [Benchmark(Description = "FindAsync(\"75056\")")]
    public Task<CommuneDetails?> Find() => _db!.FindAsync("75056");
}

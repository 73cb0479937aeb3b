using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using CityDiplomacy.Data;
using CityDiplomacy.Imports;
using CityDiplomacy.Places;
using CityDiplomacy.Reference;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Benchmarks;

/// <summary>
/// « import twinnings » of the whole Wikipedia directory (../shared/data/twinning/wikipedia_twin_cities_2026.csv,
/// 25,917 pairs) into a SQLite database holding the reference data and no engagement: what the CLI does after
/// opening the database — build the resolver's index and the communes' index, read the file, match, resolve, merge
/// and save in one transaction (« full import ») — and the same without the index build and without the save
/// (« match and resolve only », a dry run on a built index), each beside the other. One call per iteration; each
/// iteration starts from a fresh copy of the loaded database. The peak working set of the process is printed after
/// each iteration (BenchmarkDotNet's memory diagnoser counts allocations, not the resident set).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class TwinningImportBenchmarks
{
    private BenchDatabase? _template;
    private string _templateFile = "";
    private BenchDatabase? _target;
    private DirectoryFile? _file;
    private string _path = "";
    private PlaceResolver? _resolver;
    private FrenchCommunes? _communes;

    [GlobalSetup]
    public void Setup()
    {
        var data = GoldSets.DataDirectory() ?? throw new InvalidOperationException("../shared/data is missing: no directory to import.");
        _path = Path.Combine(data, "twinning", "wikipedia_twin_cities_2026.csv");
        _template = BenchDatabase.CreateMigrated(DatabaseProvider.Sqlite);
        using var db = _template.Factory.Create();
        new ReferenceLoader(db, TimeProvider.System).LoadAsync(ReferenceSource.Embedded).GetAwaiter().GetResult();
        _templateFile = db.Database.GetDbConnection().DataSource;
        _file = TwinningDirectory.Read(_path, DirectoryFormat.WikipediaCsv);
        _resolver = PlaceResolver.LoadAsync(db).GetAwaiter().GetResult();
        _communes = FrenchCommunes.LoadAsync(db, _resolver).GetAwaiter().GetResult();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [IterationSetup]
    public void FreshDatabase()
    {
        _target = BenchDatabase.CreateMigrated(DatabaseProvider.Sqlite);
        using var db = _target.Factory.Create();
        var file = db.Database.GetDbConnection().DataSource;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Copy(_templateFile, file, overwrite: true);
    }

    [IterationCleanup]
    public void Drop()
    {
        Console.WriteLine($"// peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB");
        _target?.Dispose();
    }

    [GlobalCleanup]
    public void Cleanup() => _template?.Dispose();

    [Benchmark(Description = "full import (index build + match + resolve + save)")]
    public async Task<DirectoryImportReport> FullImport()
    {
        await using var db = _target!.Factory.Create();
        var resolver = await PlaceResolver.LoadAsync(db);
        var communes = await FrenchCommunes.LoadAsync(db, resolver);
        var file = TwinningDirectory.Read(_path, DirectoryFormat.WikipediaCsv);
        var report = await new TwinningDirectoryImport(db, resolver, communes).RunAsync(file);
        if (report.TwinningsCreated == 0) throw new InvalidOperationException("Nothing imported: the benchmark measures nothing.");
        return report;
    }

    [Benchmark(Description = "match and resolve only (built index, dry run)")]
    public async Task<DirectoryImportReport> MatchAndResolve()
    {
        await using var db = _target!.Factory.Create();
        return await new TwinningDirectoryImport(db, _resolver!, _communes!).RunAsync(_file!, dryRun: true);
    }
}

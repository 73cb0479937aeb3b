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
/// (« match and resolve only », a dry run on a built index); and the write of the same plan (3,153 new twinnings with
/// their partners and audit rows) two ways, side by side: <see cref="TwinningDirectoryImport.WriteAsync"/> (bulk insert)
/// and, as the baseline it replaced, the change tracker (<c>SaveChanges</c> by batches of 500, audited by the
/// interceptor). One call per iteration; each iteration starts from a fresh copy of the loaded database. The peak working set of the process is printed after
/// each iteration (BenchmarkDotNet's memory diagnoser counts allocations, not the resident set).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
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
    private DirectoryImportPlan? _plan;

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
        // A plan of new entities for the write benchmarks (a write stamps them: one plan per iteration).
        using var planning = _target.Factory.Create();
        _plan = new TwinningDirectoryImport(planning, _resolver!, _communes!).PlanAsync(_file!).GetAwaiter().GetResult();
    }

    [IterationCleanup]
    public void Drop()
    {
        Console.WriteLine($"// peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB");
        _target?.Dispose();
    }

    [GlobalCleanup]
    public void Cleanup() => _template?.Dispose();

    [BenchmarkCategory("import")]
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

    [BenchmarkCategory("import")]
    [Benchmark(Description = "match and resolve only (built index, dry run)")]
    public async Task<DirectoryImportReport> MatchAndResolve()
    {
        await using var db = _target!.Factory.Create();
        return await new TwinningDirectoryImport(db, _resolver!, _communes!).RunAsync(_file!, dryRun: true);
    }

    [BenchmarkCategory("write")]
    [Benchmark(Description = "write the plan: bulk insert (WriteAsync)")]
    public async Task<DirectoryImportReport> WriteInBulk()
    {
        await using var db = _target!.Factory.Create();
        using (Auditing.AuditActor.Use("cli", "import"))
            return await TwinningDirectoryImport.WriteAsync(db, _plan!);
    }

    [BenchmarkCategory("write")]
    [Benchmark(Baseline = true, Description = "write the plan: change tracker (SaveChanges by 500, before)")]
    public async Task<int> WriteThroughChangeTracker()
    {
        await using var db = _target!.Factory.Create();
        var written = 0;
        await using var transaction = await db.Database.BeginTransactionAsync();
        using (Auditing.AuditActor.Use("cli", "import"))
        {
            foreach (var batch in _plan!.Created.Chunk(500))
            {
                db.ChangeTracker.Clear();
                db.Engagements.AddRange(batch);
                written += await db.SaveChangesAsync();
            }
        }
        await transaction.CommitAsync();
        return written;
    }
}

using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using CityDiplomacy.Auditing;
using CityDiplomacy.Data;
using CityDiplomacy.Evidence;
using CityDiplomacy.Reference;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Benchmarks;

/// <summary>
/// « evidence import --kind vdem » on the whole V-Dem six-indices file of ../shared/data (8 796 country-years, some
/// 52 000 values): into a database holding no indicator (cold), then the same file again (nothing changes). The
/// reference data is loaded once; each cold iteration first deletes the indicators and imports (not measured).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class EvidenceImportBenchmarks
{
    private BenchDatabase? _database;
    private byte[] _vdem = [];

    [ParamsSource(nameof(Providers))]
    public DatabaseProvider Provider { get; set; }

    public static IEnumerable<DatabaseProvider> Providers() => BenchDatabase.Providers();

    [GlobalSetup]
    public void Setup()
    {
        var data = GoldSets.DataDirectory() ?? throw new InvalidOperationException("../shared/data is absent beside the repository.");
        _vdem = File.ReadAllBytes(Path.Combine(data, "human_rights", "vdem_v14_six_indices_1968_2023.csv"));
        _database = BenchDatabase.CreateMigrated(Provider);
        using var db = _database.Factory.Create();
        new ReferenceLoader(db, TimeProvider.System).LoadAsync(ReferenceSource.Embedded).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _database?.Dispose();

    [IterationSetup(Target = nameof(ColdImport))]
    public void Empty()
    {
        using var db = _database!.Factory.Create();
        db.CountryIndicators.ExecuteDelete();
        db.EvidenceImports.ExecuteDelete();
    }

    [IterationSetup(Target = nameof(SameFileAgain))]
    public void Imported()
    {
        using var db = _database!.Factory.Create();
        if (!db.CountryIndicators.Any()) Import(db).GetAwaiter().GetResult();
    }

    [Benchmark(Description = "V-Dem import, cold")]
    public async Task<EvidenceReport> ColdImport()
    {
        await using var db = _database!.Factory.Create();
        var report = await Import(db);
        if (report.Inserted < 50_000) throw new InvalidOperationException($"Only {report.Inserted} values inserted.");
        return report;
    }

    [Benchmark(Description = "V-Dem import, same file again (no-op)")]
    public async Task<EvidenceReport> SameFileAgain()
    {
        await using var db = _database!.Factory.Create();
        var report = await Import(db);
        if (report.Written) throw new InvalidOperationException("The second import wrote something.");
        return report;
    }

    private async Task<EvidenceReport> Import(AppDb db)
    {
        using (AuditActor.Use("bench"))
            return await new EvidenceImporter(db, TimeProvider.System).ImportAsync(EvidenceKind.VDem, _vdem, "vdem.csv",
                new EvidenceImportOptions("bench"));
    }
}

using BenchmarkDotNet.Attributes;
using CityDiplomacy.Auditing;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.OpenData;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Benchmarks;

/// <summary>
/// The national exports on a generated register of <see cref="Engagements"/> public twinnings (one partner, one
/// deliberation each), written to a null stream. « streamed » is the export as served: rows are written as the
/// database returns them. The baseline reads the whole register into a list first (what a naive export does):
/// comparing the two at 1 000 and 10 000 engagements shows whether memory follows the register's size — the
/// streamed export's objects die young (Gen0 only), the materialised list's survive to Gen1/Gen2.
/// </summary>
[MemoryDiagnoser]
public class OpenDataExportBenchmarks
{
    private BenchDatabase? _database;

    [Params(1_000, 10_000)]
    public int Engagements { get; set; }

    [GlobalSetup]
    public void Generate()
    {
        _database = BenchDatabase.CreateMigrated(DatabaseProvider.Sqlite);
        var random = new Random(42);
        var now = DateTime.UtcNow;
        using var actor = AuditActor.Use("bench");
        for (var batch = 0; batch < Engagements; batch += 1_000)
        {
            using var db = _database.Factory.Create();
            for (var i = batch; i < Math.Min(Engagements, batch + 1_000); i++)
            {
                var commune = (1001 + i % 30_000).ToString("D5");
                var twinning = new Twinning(commune, $"Jumelage n° {i} avec Ville {i}");
                twinning.ReplacePartners([new EngagementPartner
                {
                    Kind = PartnerKind.Place, GeonameId = 1_000_000 + i, Name = $"Ville {i}", CountryCode = "PL",
                    Latitude = 49 + random.NextDouble(), Longitude = 20 + random.NextDouble(),
                }]);
                twinning.ReplaceDeliberations([new Deliberation { Reference = $"DCM-{i}", Date = new DateOnly(1990 + i % 30, 1, 1), Subject = "Serment" }]);
                twinning.SetCommittee($"Comité {i}", null);
                twinning.Start(EngagementStatus.Active, new DateOnly(1990 + i % 30, 6, 1));
                twinning.StampCreated(now);
                db.Engagements.Add(twinning);
            }
            db.SaveChangesAsync().GetAwaiter().GetResult();
        }
        // Every commune of the register declares a SIRET, so that the SCDL files publish every deliberation.
        using (var db = _database.Factory.Create())
        {
            foreach (var commune in Enumerable.Range(0, Math.Min(Engagements, 30_000)).Select(i => (1001 + i).ToString("D5")))
            {
                var settings = new Settings.CommuneSettings(commune);
                settings.Apply(new Settings.CommuneSettingsInput { Siret = LuhnSiret("2" + commune + "0000001") }, now);
                db.CommuneSettings.Add(settings);
            }
            db.SaveChangesAsync().GetAwaiter().GetResult();
        }
    }

    /// <summary>13 digits and the Luhn check digit that makes them a valid SIRET.</summary>
    private static string LuhnSiret(string thirteen) =>
        Enumerable.Range(0, 10).Select(d => thirteen + d).First(Settings.Siret.IsValidSiret);

    [GlobalCleanup]
    public void Drop() => _database?.Dispose();

    private static readonly ExportRequest Nation = new(ExportScope.Nation, null, "France");

    [Benchmark(Baseline = true, Description = "CSV, register materialised first (ToListAsync)")]
    public async Task<long> CsvMaterialised()
    {
        await using var db = _database!.Factory.Create();
        var all = await PublicRegister.Filter(db, Nation)
            .Include(e => e.Partners).Include(e => e.Deliberations).AsSingleQuery()
            .OrderBy(e => e.CommuneCode).ThenBy(e => e.Id).ToListAsync();
        var communes = new ExportCommune("", "", null, null, null);
        var rows = all.Select(e => OpenEngagement.From(e, communes with { Code = e.CommuneCode, Name = e.CommuneCode }))
            .Select(e => EngagementExports.Columns.Select(c => c.Value(e)).ToArray()).ToList();
        using var output = new CountingStream();
        await TableWriters.WriteCsvAsync(new ExportTable(EngagementExports.Columns.Select(c => c.Name).ToList(), rows.ToAsyncEnumerable()), ';', output, default);
        return output.Length;
    }

    [Benchmark(Description = "CSV, streamed (as served)")]
    public Task<long> CsvStreamed() => RunAsync("engagements.csv");

    [Benchmark(Description = "JSON, streamed (as served)")]
    public Task<long> JsonStreamed() => RunAsync("engagements.json");

    [Benchmark(Description = "GeoJSON, streamed (as served)")]
    public Task<long> GeoJsonStreamed() => RunAsync("engagements.geojson");

    [Benchmark(Description = "SCDL Délibérations, streamed (as served)")]
    public Task<long> ScdlDeliberationsStreamed() => RunAsync("deliberations-scdl.csv");

    private static readonly OpenDataRegistry Registry = OpenDataRegistry.CreateDefault();

    private async Task<long> RunAsync(string fileName)
    {
        await using var db = _database!.Factory.Create();
        using var output = new CountingStream();
        var export = Registry.Exports.Single(e => e.FileName == fileName);
        await export.Write(new ExportContext(db, Nation, ';', TimeProvider.System), output, default);
        return output.Length;
    }

    /// <summary>A write-only stream that only counts: the measure is the export, not the sink.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}

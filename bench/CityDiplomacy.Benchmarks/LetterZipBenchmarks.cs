using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using CityDiplomacy.Auditing;
using CityDiplomacy.Campaigns;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.Reference;
using CityDiplomacy.Screening;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Benchmarks;

/// <summary>
/// The department ZIP of letters to candidate lists (goal: 600 communes in ≤ 30 s and ≤ 500 MB) on a generated
/// department: each commune has 3 lists, a public twinning, a directory-reported twinning, an honorary citizenship with
/// a situation and an open public flag with its source and answer; plus an internal twinning that the letters skip.
/// The ZIP is written to a temporary file, as the endpoint does. `Allocated` is the managed memory allocated by one ZIP;
/// the process's peak memory is what « letters » mode prints (see bench/README.md).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3, invocationCount: 1)]
public class LetterZipBenchmarks
{
    public const string Department = "45";
    private BenchDatabase? _database;

    /// <summary>600 by default; CITYDIPLOMACY_BENCH_LETTER_COMMUNES for a smaller run on a busy machine.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Communes { get; set; }

    public static IEnumerable<int> Sizes() =>
        [int.TryParse(Environment.GetEnvironmentVariable("CITYDIPLOMACY_BENCH_LETTER_COMMUNES"), out var n) && n > 0 ? n : 600];

    [GlobalSetup]
    public void Generate() => _database = CreateDepartment(Communes);

    [GlobalCleanup]
    public void Drop() => _database?.Dispose();

    [Benchmark(Description = "department ZIP of letters (.docx per commune + mail-merge CSV)")]
    public Task<long> DepartmentZip() => WriteZipAsync(_database!);

    /// <summary>Writes the department's ZIP to a temporary file, deleted afterwards; returns its size.</summary>
    internal static async Task<long> WriteZipAsync(BenchDatabase database)
    {
        await using var db = database.Factory.Create();
        var campaign = await db.Campaigns.AsNoTracking().SingleAsync(c => c.Slug == CampaignTemplate.Slug);
        await using var file = new FileStream(Path.Combine(Path.GetTempPath(), $"citydiplomacy-bench-letters-{Guid.NewGuid():N}.zip"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        var letters = LettersApi.LettersOfDepartmentAsync(db, campaign, Department, new DateOnly(2026, 1, 15), "https://example.org", default);
        var communes = await LetterDocuments.WriteZipAsync(letters, file, default);
        if (communes == 0) throw new InvalidOperationException("no commune written");
        return file.Length;
    }

    /// <summary>A migrated SQLite database with a generated department of <paramref name="communes"/> communes (at most 999).</summary>
    internal static BenchDatabase CreateDepartment(int communes)
    {
        if (communes is < 1 or > 999) throw new ArgumentOutOfRangeException(nameof(communes), "1 to 999 communes in one department.");
        var database = BenchDatabase.CreateMigrated(DatabaseProvider.Sqlite);
        var now = DateTime.UtcNow;
        using var actor = AuditActor.Use("bench");
        using (var db = database.Factory.Create())
        {
            db.Departments.Add(new Department { Code = Department, Name = "Loiret", RegionCode = "24", DatasetVersion = "bench" });
            db.Countries.Add(new Country { Code = "PL", Alpha3 = "POL", Numeric = "616", NameFr = "Pologne", NameEn = "Poland", DatasetVersion = "bench" });
            db.Countries.Add(new Country { Code = "BY", Alpha3 = "BLR", Numeric = "112", NameFr = "Biélorussie", NameEn = "Belarus", DatasetVersion = "bench" });
            CampaignTemplate.SeedAsync(db, now).GetAwaiter().GetResult();
            db.SaveChangesAsync().GetAwaiter().GetResult();
        }
        Guid campaignId;
        using (var db = database.Factory.Create()) campaignId = db.Campaigns.Single(c => c.Slug == CampaignTemplate.Slug).Id;
        for (var batch = 0; batch < communes; batch += 100)
        {
            using var db = database.Factory.Create();
            var flags = new List<ScreeningFlag>();
            for (var i = batch; i < Math.Min(communes, batch + 100); i++)
            {
                var code = $"{Department}{i + 1:D3}";
                var name = $"Commune-sur-Loire {i + 1}";
                db.Communes.Add(new Commune
                {
                    Code = code, Kind = CommuneKind.Current, Name = name, SearchName = name.ToLowerInvariant(), DepartmentCode = Department,
                    RegionCode = "24", DatasetVersion = "bench",
                });
                for (var panel = 1; panel <= 3; panel++)
                    db.CandidateLists.Add(new CandidateList(campaignId, code, $"Liste {panel} pour {name}", $"Tête de liste {panel} {i}", panel, "bench", now));

                var twinning = Twin(code, $"Jumelage avec Ville {i}", $"Ville {i}", 1_000_000 + i, now);
                db.Engagements.Add(twinning);
                var reported = Twin(code, $"Jumelage avec Miasto {i}", $"Miasto {i}", 2_000_000 + i, now);
                reported.SetProvenance("wikipedia_twin_cities_2026.csv", "2026", $"ligne {i}", Provenance.Directory);
                db.Engagements.Add(reported);
                var hidden = Twin(code, $"Jumelage interne {i}", $"Interne {i}", 3_000_000 + i, now);
                hidden.Describe(hidden.Title, null, Visibility.Internal, [], null, null);
                db.Engagements.Add(hidden);

                var citizenship = new HonoraryCitizenship(code, $"Personne honorée {i}");
                citizenship.SetPerson($"Personne honorée {i}", "BY", "journaliste", "Pour son travail", new DateOnly(2022, 6, 30), null);
                citizenship.ReplaceSituation([new SituationEvent(new DateOnly(2024, 5, 2), DefenderSituation.Detained, "Détenue", "https://example.org/situation")]);
                citizenship.SetConfidential("notes confidentielles", "contacts confidentiels");
                citizenship.Start(EngagementStatus.Active, new DateOnly(2022, 6, 30));
                citizenship.StampCreated(now);
                db.Engagements.Add(citizenship);

                flags.Add(new ScreeningFlag
                {
                    EngagementId = twinning.Id, CommuneCode = code, RuleId = RuleIds.LocalAlert, RuleVersion = "bench", SubjectKey = "1",
                    Severity = FlagSeverity.High, Explanation = "Résolution locale contraire aux droits.", ContentHash = "h",
                    Evidence = [new FlagEvidence("Atlas of Hate", "https://example.org/atlas", "2020-02-14")],
                    PublicAnswer = "La commune maintient le dialogue.", FirstSeenAt = now, LastChangedAt = now,
                });
            }
            db.SaveChangesAsync().GetAwaiter().GetResult();
            db.ScreeningFlags.AddRange(flags);
            db.SaveChangesAsync().GetAwaiter().GetResult();
        }
        return database;
    }

    private static Twinning Twin(string commune, string title, string partner, int geonameId, DateTime now)
    {
        var twinning = new Twinning(commune, title);
        twinning.ReplacePartners([new EngagementPartner { Kind = PartnerKind.Place, GeonameId = geonameId, Name = partner, CountryCode = "PL", Latitude = 50, Longitude = 20 }]);
        twinning.ReplaceDeliberations([new Deliberation { Reference = $"DCM-{geonameId}", Date = new DateOnly(1990, 1, 1), Subject = "Serment" }]);
        twinning.Start(EngagementStatus.Active, new DateOnly(1990, 6, 1));
        twinning.StampCreated(now);
        return twinning;
    }

    /// <summary>
    /// « letters [N] »: generates the department (not measured), then builds its ZIP once and prints the wall time, the
    /// ZIP's size and the process's peak resident memory (generation included: an upper bound), outside BenchmarkDotNet.
    /// </summary>
    public static async Task<int> RunOnceAsync(int communes)
    {
        using var database = CreateDepartment(communes);
        GC.Collect();
        var watch = Stopwatch.StartNew();
        var size = await WriteZipAsync(database);
        watch.Stop();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine($"letters: {communes} communes ({communes * 3} lists), ZIP {size / 1024.0 / 1024.0:F1} MiB in {watch.Elapsed.TotalSeconds:F1} s; " +
                          $"peak working set {self.PeakWorkingSet64 / 1024.0 / 1024.0:F0} MiB (goal: 600 communes in ≤ 30 s, ≤ 500 MB)");
        return 0;
    }
}

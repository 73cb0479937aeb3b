using System.Globalization;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.Evidence;
using CityDiplomacy.Places;
using CityDiplomacy.Reference;
using CityDiplomacy.Screening;
using CityDiplomacy.Tests.Infrastructure;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Tests.Screening;

/// <summary>
/// Evidence rows made in the tests from the slices committed under tests/data: the local alerts (places resolved with
/// <see cref="PlaceResolver"/>, regions with the GeoNames admin1 names), V-Dem rows of a few countries, and statuses
/// of the synthetic file in the Freedom House format (invented values: Freedom House data is not redistributable).
/// </summary>
internal static class ScreeningEvidence
{
    /// <summary>The resolver over the shipped reference data, the same in every test database: loaded once.</summary>
    private static class Resolver
    {
        private static readonly SemaphoreSlim Gate = new(1, 1);
        private static PlaceResolver? _resolver;

        public static async Task<PlaceResolver> GetAsync(AppDb db)
        {
            await Gate.WaitAsync();
            try { return _resolver ??= await PlaceResolver.LoadAsync(db); }
            finally { Gate.Release(); }
        }
    }

    public const string SaintJeanDeBraye = "45284";
    public const string NogentSurOise = "60463";
    public const string Lyon = "69123";
    public const int Tuchow = 756634;
    public const int Krasnik = 767623;
    /// <summary>Kraśniczyn: a place named alike, in another county.</summary>
    public const int Krasniczyn = 767627;
    /// <summary>Urzędów: another town of Kraśnik County (admin2 0607).</summary>
    public const int Urzedow = 756315;
    /// <summary>Zawichost, in Świętokrzyskie (admin1 84).</summary>
    public const int Zawichost = 753611;
    public const int Simferopol = 693805;
    public const int Kyiv = 703448;
    public const int Beijing = 1816670;
    public const int Debrecen = 721472;

    /// <summary>A file of the committed test data (tests/data, laid out like the data sets it is cut from).</summary>
    public static string Shared(params string[] parts) => Repository.TestFile(parts);

    /// <summary>The alerts of local_alerts_dev.csv, as the evidence import would store them.</summary>
    public static async Task<List<LocalAlert>> AddSharedAlertsAsync(AppDb db)
    {
        var path = Shared("facts", "local_alerts_dev.csv");
        var resolver = await Resolver.GetAsync(db);
        var regions = await db.Admin1Regions.AsNoTracking().ToListAsync();
        var import = new EvidenceImport
        {
            Kind = EvidenceKind.Alerts, SourceName = "Alertes locales (jeu de développement)", FileName = Path.GetFileName(path),
            Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(path))),
            ImportedAt = TestClock.UtcNow, ImportedBy = "cli",
        };
        db.EvidenceImports.Add(import);
        var alerts = new List<LocalAlert>();
        using var reader = new CsvReader(new StreamReader(path), CultureInfo.InvariantCulture);
        await foreach (var row in reader.GetRecordsAsync<dynamic>())
        {
            var fields = (IDictionary<string, object>)row;
            string? Text(string name) => fields[name] is string s && s.Length > 0 ? s : null;
            var level = Text("level") switch { "place" => AlertLevel.Place, "admin1" => AlertLevel.Admin1, _ => AlertLevel.Country };
            var country = Text("country")!;
            var place = Text("place");
            int? geonameId = null;
            string? admin1 = null;
            if (level == AlertLevel.Place)
            {
                var best = resolver.Resolve(place!, country).Best ?? throw new InvalidOperationException($"{place} non résolu");
                geonameId = best.GeonameId;
                admin1 = best.Admin1Code;
            }
            else if (level == AlertLevel.Admin1)
            {
                var resolution = resolver.Resolve(place!, country);
                admin1 = regions.FirstOrDefault(r => r.CountryCode == country && NameFolding.Fold(r.Name) == NameFolding.Fold(place))?.Code
                    ?? (resolution.Best is { Kind: PlaceCandidate.RegionKind } region ? region.Admin1Code : null)
                    ?? resolution.Candidates.FirstOrDefault(c => c.Kind == PlaceCandidate.RegionKind)?.Admin1Code
                    ?? throw new InvalidOperationException($"{place} : région introuvable parmi {string.Join(", ", regions.Where(r => r.CountryCode == country).Select(r => r.Name + "/" + NameFolding.Fold(r.Name)))} ({NameFolding.Fold(place)})");
            }
            var alert = new LocalAlert
            {
                Level = level, CountryCode = country, PlaceText = place, GeonameId = geonameId, Admin1Code = admin1,
                Type = Text("type")!, Title = Text("title")!, AdoptedOn = Text("adopted_on"), RepealedOn = Text("repealed_on"),
                SourceName = Text("source_name")!, SourceUrl = Text("source_url")!, Note = Text("note"), ImportId = import.Id,
                UpdatedAt = TestClock.UtcNow,
            };
            alerts.Add(alert);
            db.LocalAlerts.Add(alert);
        }
        import.RowCount = alerts.Count;
        await db.SaveChangesAsync();
        return alerts;
    }

    /// <summary>The source name given to the statuses of the synthetic Freedom House file.</summary>
    public const string SyntheticFreedomHouse = "Freedom House (format), valeurs synthétiques de test 2024";

    /// <summary>
    /// The 2024 status of the synthetic file in the Freedom House format (invented values) and the real V-Dem 2023
    /// civil-society index of these countries (ISO alpha-2).
    /// </summary>
    public static async Task AddCountryIndicatorsAsync(AppDb db, params string[] countries)
    {
        var fhPath = Shared("human_rights", "fh_format_SYNTHETIC.csv");
        var vdemPath = Shared("human_rights", "vdem_v14_six_indices_1968_2023.csv");
        var known = await db.Countries.AsNoTracking().Where(c => countries.Contains(c.Code)).ToListAsync();
        var import = new EvidenceImport
        {
            Kind = EvidenceKind.FreedomHouse, SourceName = "Freedom House, Freedom in the World", FileName = Path.GetFileName(fhPath),
            Sha256 = new string('0', 64), ImportedAt = TestClock.UtcNow, ImportedBy = "cli",
        };
        db.EvidenceImports.Add(import);
        foreach (var line in File.ReadLines(fhPath).Skip(1))
        {
            var cells = line.Split(',');
            if (cells[3] != "2024" || cells[2] != "c") continue;
            var country = known.FirstOrDefault(c => c.NameEn == cells[0] || c.AliasesEn.Split('|').Contains(cells[0]));
            if (country is null) continue;
            db.CountryIndicators.Add(new CountryIndicator
            {
                CountryCode = country.Code, Indicator = "fh.status", Year = 2024, Text = cells[4],
                SourceName = SyntheticFreedomHouse, SourceUrl = "https://freedomhouse.org/report/freedom-world", ImportId = import.Id,
            });
        }
        foreach (var line in File.ReadLines(vdemPath).Skip(1))
        {
            var cells = line.Split(',');
            if (cells[1] != "2023") continue;
            var country = known.FirstOrDefault(c => c.Alpha3 == cells[4]);
            if (country is null) continue;
            db.CountryIndicators.Add(new CountryIndicator
            {
                CountryCode = country.Code, Indicator = "vdem.v2xcs_ccsi", Year = 2023,
                Value = decimal.Parse(cells[6], CultureInfo.InvariantCulture),
                SourceName = "V-Dem v14", SourceUrl = "https://www.v-dem.net/data/the-v-dem-dataset/", ImportId = import.Id,
            });
        }
        await db.SaveChangesAsync();
    }

    /// <summary>A twinning of <paramref name="commune"/> with the GeoNames place, active with its deliberation.</summary>
    public static async Task<Twinning> AddTwinningAsync(AppDb db, string commune, int geonameId, bool withDeliberation = true,
        Visibility visibility = Visibility.Public)
    {
        var place = await db.Places.AsNoTracking().SingleAsync(p => p.GeonameId == geonameId);
        var twinning = new Twinning(commune, $"Jumelage avec {place.Name}");
        twinning.Describe(twinning.Title, null, visibility, [], null, null);
        twinning.ReplacePartners([Partner(place)]);
        if (withDeliberation)
            twinning.ReplaceDeliberations([new Deliberation { Reference = $"DCM-{geonameId}", Date = new DateOnly(1990, 1, 15) }]);
        twinning.SetDates(new DateOnly(1990, 3, 1), null);
        twinning.Start(EngagementStatus.Active, new DateOnly(1990, 3, 1));
        db.Engagements.Add(twinning);
        await db.SaveChangesAsync();
        return twinning;
    }

    public static EngagementPartner Partner(Place place, bool withAdmin1 = true) => new()
    {
        Kind = PartnerKind.Place, GeonameId = place.GeonameId, Name = place.Name, CountryCode = place.CountryCode,
        Admin1Code = withAdmin1 ? place.Admin1Code : null, Latitude = place.Latitude, Longitude = place.Longitude,
    };

    /// <summary>The screening service with the default rules, on a clock of its own at <see cref="TestClock.Start"/>.</summary>
    public static ScreeningService Service(AppDb db) => Service(db, TestClock.Create());

    public static ScreeningService Service(AppDb db, TimeProvider time) => new(db, ScreeningRules.Default, time);

    public static Task<List<ScreeningFlag>> FlagsAsync(AppDb db, Guid engagementId, bool includeResolved = false) =>
        db.ScreeningFlags.AsNoTracking().Where(f => f.EngagementId == engagementId && (includeResolved || f.ResolvedAt == null))
            .OrderBy(f => f.RuleId).ToListAsync();
}

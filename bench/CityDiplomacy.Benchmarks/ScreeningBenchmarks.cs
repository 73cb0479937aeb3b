using BenchmarkDotNet.Attributes;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.Evidence;
using CityDiplomacy.Reference;
using CityDiplomacy.Screening;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Benchmarks;

/// <summary>
/// A national screening run in memory: 100,000 generated engagements of real communes with real GeoNames partners
/// (twinnings, partnerships, cooperation projects with one to three partners, honorary citizenships with a situation
/// timeline, memberships of Cities for Life), against evidence at national scale: the alerts of
/// ../shared/data/facts/local_alerts_dev.csv (or the same rows built in) plus one place alert every 400 places, a
/// region alert in one admin1 region in 20, a country alert in 5 countries, the Crimea territory, Freedom House,
/// V-Dem and death-penalty indicators for every country. Measured: the evidence index build, and the rules pass
/// over the 100,000 engagements (every flag drafted with its explanation, evidence and content hash).
/// </summary>
[MemoryDiagnoser]
// Job given on the command line (see bench/README.md): in process, 2 warm-ups, 10 measured single calls.
public class ScreeningBenchmarks
{
    public const int EngagementCount = 100_000;

    private BenchDatabase? _database;
    private List<Engagement> _engagements = [];
    private List<LocalAlert> _alerts = [];
    private List<TerritoryStatus> _territories = [];
    private List<CountryIndicator> _indicators = [];
    private Dictionary<string, string> _countries = [];
    private HashSet<string> _citiesForLife = [];
    private readonly ScreeningRules _rules = ScreeningRules.Default;
    private ScreeningContext? _context;

    [GlobalSetup]
    public void Generate()
    {
        _database = BenchDatabase.CreateMigrated(DatabaseProvider.Sqlite);
        using var db = _database.Factory.Create();
        new ReferenceLoader(db, TimeProvider.System).LoadAsync(ReferenceSource.Embedded).GetAwaiter().GetResult();
        var places = db.Places.AsNoTracking().Where(p => p.FeatureClass == "P")
            .Select(p => new { p.GeonameId, p.Name, p.CountryCode, p.Admin1Code, p.Latitude, p.Longitude })
            .OrderBy(p => p.GeonameId).ToList();
        var communes = db.Communes.AsNoTracking().Where(c => c.Kind == CommuneKind.Current).Select(c => c.Code).OrderBy(c => c).ToList();
        _countries = db.Countries.AsNoTracking().ToDictionary(c => c.Code, c => c.NameFr);
        var random = new Random(2026);

        // Evidence.
        var import = Guid.CreateVersion7();
        _alerts = SharedAlerts(places.GroupBy(p => (p.Name, p.CountryCode)).ToDictionary(g => g.Key, g => g.First().GeonameId));
        for (var i = 0; i < places.Count; i += 400)
            _alerts.Add(Alert(AlertLevel.Place, places[i].CountryCode, places[i].Name, places[i].GeonameId, places[i].Admin1Code, i % 3 == 0 ? "2022-05" : null));
        var regions = places.Where(p => p.Admin1Code is not null).Select(p => (p.CountryCode, p.Admin1Code!)).Distinct().ToList();
        for (var i = 0; i < regions.Count; i += 20)
            _alerts.Add(Alert(AlertLevel.Admin1, regions[i].CountryCode, regions[i].Item2, null, regions[i].Item2, i % 2 == 0 ? "2021-09" : null));
        foreach (var country in new[] { "HU", "RU", "BY", "IR", "SA" })
            _alerts.Add(Alert(AlertLevel.Country, country, country, null, null, null));
        _territories =
        [
            new TerritoryStatus { Territory = "crimea", Name = "Crimée", CountryCode = "UA", Admin1Code = "11", Status = "annexation-not-recognised",
                SourceName = "Assemblée générale des Nations unies, résolution 68/262", SourceUrl = "https://digitallibrary.un.org/record/767565", SourceDate = "2014-03-27" },
        ];
        var codes = _countries.Keys.Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < codes.Count; i++)
        {
            _indicators.Add(new CountryIndicator { CountryCode = codes[i], Indicator = "fh.status", Year = 2024, Text = (i % 4) switch { 0 => "NF", 1 => "PF", _ => "F" },
                SourceName = "Freedom House, Freedom in the World 2024", SourceUrl = "https://freedomhouse.org/report/freedom-world", ImportId = import });
            _indicators.Add(new CountryIndicator { CountryCode = codes[i], Indicator = "vdem.v2xcs_ccsi", Year = 2023, Value = (i % 10) / 10m + 0.05m,
                SourceName = "V-Dem v14", SourceUrl = "https://www.v-dem.net/data/the-v-dem-dataset/", ImportId = import });
            if (i % 4 == 0)
                _indicators.Add(new CountryIndicator { CountryCode = codes[i], Indicator = "death-penalty", Year = 2024, Text = "retentionist",
                    SourceName = "Amnesty International", SourceUrl = "https://www.amnesty.org/en/what-we-do/death-penalty/", ImportId = import });
        }

        // Engagements.
        _citiesForLife = communes.Where((_, i) => i % 10 == 0).ToHashSet();
        for (var i = 0; i < EngagementCount; i++)
        {
            var commune = communes[random.Next(communes.Count)];
            EngagementPartner PartnerAt(int index)
            {
                var p = places[index];
                return new EngagementPartner { Kind = PartnerKind.Place, GeonameId = p.GeonameId, Name = p.Name, CountryCode = p.CountryCode,
                    Admin1Code = i % 7 == 0 ? null : p.Admin1Code, Latitude = p.Latitude, Longitude = p.Longitude };
            }
            Engagement engagement;
            switch (i % 10)
            {
                case < 5:
                    var twinning = new Twinning(commune, "Jumelage " + i);
                    twinning.ReplacePartners([PartnerAt(random.Next(places.Count))]);
                    if (i % 9 != 0) twinning.ReplaceDeliberations([new Deliberation { Reference = "DCM-" + i, Date = new DateOnly(1990, 1, 1) }]);
                    engagement = twinning;
                    break;
                case < 7:
                    var partnership = new Partnership(commune, "Partenariat " + i, PartnershipType.Culture);
                    partnership.ReplacePartners([PartnerAt(random.Next(places.Count))]);
                    engagement = partnership;
                    break;
                case < 9:
                    var project = new CooperationProject(commune, "Coopération " + i);
                    project.ReplacePartners(Enumerable.Range(0, 1 + i % 3).Select(_ => PartnerAt(random.Next(places.Count))));
                    engagement = project;
                    break;
                default:
                    var honorary = new HonoraryCitizenship(commune, "Personne " + i);
                    honorary.SetPerson("Personne " + i, codes[random.Next(codes.Count)], "journaliste", null, new DateOnly(2022, 1, 1), null);
                    honorary.ReplaceDeliberations([new Deliberation { Reference = "DCM-" + i, Date = new DateOnly(2021, 12, 1) }]);
                    honorary.ReplaceSituation([
                        new SituationEvent(new DateOnly(2021, 6, 1), DefenderSituation.Detained, "Arrêtée", "https://example.org/a"),
                        new SituationEvent(new DateOnly(2022 + i % 4, 3, 1), DefenderSituation.Sentenced, "Condamnée", "https://example.org/b"),
                    ]);
                    engagement = honorary;
                    break;
            }
            engagement.Start(EngagementStatus.Active, new DateOnly(2000, 1, 1));
            _engagements.Add(engagement);
        }
        _context = new ScreeningContext(BuildIndex(), _rules) { CitiesForLifeCommunes = _citiesForLife };
    }

    [GlobalCleanup]
    public void Drop() => _database?.Dispose();

    [Benchmark(Description = "evidence index build")]
    public EvidenceIndex BuildIndex() => new(_alerts, _territories, _indicators, _countries, _rules);

    [Benchmark(Description = "screen 100,000 engagements (rules pass, drafts and hashes)")]
    public int ScreenAll()
    {
        var flags = 0;
        foreach (var engagement in _engagements)
            foreach (var draft in ScreeningEngine.Screen(engagement, _context!))
            {
                _ = draft.ContentHash();
                flags++;
            }
        return flags;
    }

    private static LocalAlert Alert(AlertLevel level, string country, string place, int? geonameId, string? admin1, string? repealedOn) => new()
    {
        Level = level, CountryCode = country, PlaceText = place, GeonameId = geonameId, Admin1Code = admin1, Type = "violation",
        Title = "Alerte de test à l'échelle nationale", AdoptedOn = "2019-05", RepealedOn = repealedOn, SourceName = "Source de test",
        SourceUrl = "https://example.org/alerte", UpdatedAt = DateTime.UtcNow,
    };

    /// <summary>The development alerts (Tuchów, Kraśnik, Nowy Sącz, three regions), from ../shared or built in.</summary>
    private static List<LocalAlert> SharedAlerts(Dictionary<(string, string), int> placeIds)
    {
        var alerts = new List<LocalAlert>
        {
            Alert(AlertLevel.Admin1, "PL", "Świętokrzyskie", null, "84", "2021-09-22"),
            Alert(AlertLevel.Admin1, "PL", "Podkarpackie", null, "80", "2021-09-27"),
            Alert(AlertLevel.Admin1, "PL", "Małopolskie", null, "77", "2021-09-27"),
        };
        foreach (var (name, repealed) in new[] { ("Tuchów", (string?)null), ("Kraśnik", "2021-04-29"), ("Nowy Sącz", "2023-02") })
            if (placeIds.TryGetValue((name, "PL"), out var id)) alerts.Add(Alert(AlertLevel.Place, "PL", name, id, null, repealed));
        return alerts;
    }
}

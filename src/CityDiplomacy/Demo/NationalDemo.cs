using System.Diagnostics;
using CityDiplomacy.Auditing;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.Reference;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Demo;

/// <summary>How much to generate: « national » (every commune may take part, ~30,000 twinnings) or « sample ».</summary>
public sealed record DemoScale(string Name, int Twinnings, int Others)
{
    public static readonly DemoScale National = new("national", 30_000, 10_000);
    public static readonly DemoScale Sample = new("sample", 300, 100);

    public static DemoScale? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "national" => National,
        "sample" => Sample,
        _ => null,
    };
}

public sealed record NationalDemoOptions(int Twinnings, int Others, int Seed, bool Force);

public sealed record NationalDemoReport(int Twinnings, int Others, int Communes, TimeSpan Elapsed);

/// <summary>
/// Generates a realistic national register for demonstrations and measurements: twinnings with real GeoNames places
/// (partner countries weighted as French twinnings are, partner population close to the commune's), cooperation
/// projects with budgets, partnerships, network memberships, honorary citizenships of fictitious people, summits and
/// world days, in every status, some internal. Deterministic for a seed (same communes, partners, titles, statuses;
/// identifiers and write instants differ). Every record is labelled: provenance <see cref="SourceName"/> with the seed,
/// title starting with <see cref="TitlePrefix"/>, description starting with <see cref="DemoData.DescriptionPrefix"/>.
/// Refuses a database that already holds engagements unless forced, so generated data is never mixed silently with
/// a real register. Written in batches through the entities' rules and the audit trail, in one transaction.
/// </summary>
public static class NationalDemo
{
    public const string SourceName = "démonstration générée";
    public const string TitlePrefix = "[Démo] ";
    public const int DefaultSeed = 2026;
    private const int BatchSize = 2_000;

    /// <summary>Partner countries of twinnings, weighted roughly as in the French twinning directories.</summary>
    private static readonly (string Country, double Weight)[] TwinningCountries =
    [
        ("DE", 30), ("IT", 14), ("GB", 12), ("ES", 8), ("PL", 6), ("BE", 4), ("PT", 4), ("RO", 3), ("IE", 2),
        ("AT", 2), ("CZ", 1.5), ("HU", 1.5), ("NL", 1), ("CH", 1), ("DK", 0.5), ("GR", 0.5), ("US", 2), ("CA", 2),
        ("MA", 1), ("SN", 1.5), ("BF", 1.5), ("ML", 1), ("BJ", 0.5), ("TN", 0.5), ("JP", 0.5), ("CN", 0.5),
    ];

    /// <summary>Countries of decentralised cooperation projects.</summary>
    private static readonly (string Country, double Weight)[] CooperationCountries =
    [
        ("SN", 6), ("BF", 6), ("ML", 4), ("MA", 4), ("BJ", 3), ("MG", 3), ("HT", 2), ("CM", 2), ("TN", 2), ("VN", 2),
        ("NE", 1.5), ("TG", 1.5), ("MR", 1), ("LB", 1), ("PS", 1), ("AM", 1), ("UA", 2), ("CI", 2),
    ];

    private static readonly string[] PersonCountries = ["IR", "RU", "BY", "TR", "EG", "SA", "CN", "VN", "CU", "NI", "AZ", "BH"];
    private static readonly string[] Roles = ["journaliste", "avocate", "avocat", "militante des droits humains", "syndicaliste", "écrivain", "défenseur de l'environnement"];
    private static readonly string[] Summits =
        ["Sommet Africités", "Congrès mondial de CGLU", "COP sur le climat", "Forum mondial de l'eau", "Assises de la coopération décentralisée", "Sommet des maires pour la paix"];

    /// <summary>Generates into <paramref name="db"/>, which must be migrated and hold the reference data and catalogues.</summary>
    public static async Task<NationalDemoReport> GenerateAsync(AppDb db, NationalDemoOptions options, Action<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (options.Twinnings < 0 || options.Others < 0)
            throw new ArgumentOutOfRangeException(nameof(options), "Les nombres d'engagements à générer sont positifs.");
        var clock = Stopwatch.StartNew();
        var existing = await db.Engagements.CountAsync(cancellationToken);
        if (existing > 0 && !options.Force)
        {
            var generated = await db.Engagements.CountAsync(e => e.SourceName == SourceName, cancellationToken);
            throw new InvalidOperationException(generated == existing
                ? $"la base contient déjà {existing} engagements générés : partez d'une base neuve (--data-dir) ou ajoutez-en d'autres avec --force."
                : $"la base contient {existing - generated} engagements qui ne sont pas générés (un registre réel ?) : " +
                  "les données de démonstration ne s'y mêlent pas sans --force.");
        }

        var communes = await db.Communes.AsNoTracking()
            .Where(c => c.Kind == CommuneKind.Current)
            .OrderBy(c => c.Code)
            .Select(c => new { c.Code, c.Name, c.Population })
            .ToListAsync(cancellationToken);
        if (communes.Count == 0) throw new InvalidOperationException("aucune commune dans la base : chargez d'abord les données de référence (reference load).");
        var countries = TwinningCountries.Select(c => c.Country).Concat(CooperationCountries.Select(c => c.Country)).Distinct().ToList();
        var places = (await db.Places.AsNoTracking()
                .Where(p => countries.Contains(p.CountryCode) && p.FeatureClass == "P" && p.Population > 0)
                .Select(p => new DemoPlace(p.GeonameId, p.Name, p.CountryCode, p.Admin1Code, p.Latitude, p.Longitude, p.Population))
                .ToListAsync(cancellationToken))
            .GroupBy(p => p.CountryCode)
            .ToDictionary(g => g.Key, g => g.OrderBy(p => p.Population).ThenBy(p => p.GeonameId).ToArray());
        var networks = await db.CityNetworks.AsNoTracking().OrderBy(n => n.Code).Select(n => new { n.Id, n.NameFr }).ToListAsync(cancellationToken);
        var worldDays = await db.WorldDays.AsNoTracking().OrderBy(w => w.Code).Select(w => new { w.Id, w.NameFr }).ToListAsync(cancellationToken);

        var random = new Random(options.Seed);
        var communeWeights = new Weighted<int>(communes.Select((c, i) => (i, Math.Pow(Math.Max(c.Population ?? 1, 1), 0.7))).ToList());
        var twinningCountries = new Weighted<string>(TwinningCountries.Where(c => places.ContainsKey(c.Country)).ToList());
        var cooperationCountries = new Weighted<string>(CooperationCountries.Where(c => places.ContainsKey(c.Country)).ToList());
        var description = $"{DemoData.DescriptionPrefix}engagement généré (graine {options.Seed}) pour montrer l'application à l'échelle nationale ; il ne décrit aucune réalité.";
        var version = $"graine {options.Seed}";

        IEnumerable<Engagement> Generate()
        {
            var pairs = new HashSet<(int, int)>();
            for (var n = 1; n <= options.Twinnings; n++)
            {
                var commune = communes[communeWeights.Pick(random)];
                var country = twinningCountries.Pick(random);
                var place = Similar(places[country], commune.Population ?? 1000, random);
                for (var retry = 0; retry < 5 && !pairs.Add((communeWeights.Last, place.GeonameId)); retry++)
                {
                    commune = communes[communeWeights.Pick(random)];
                    place = Similar(places[country], commune.Population ?? 1000, random);
                }
                var twinning = new Twinning(commune.Code, $"{TitlePrefix}Jumelage {commune.Name} – {place.Name}");
                Label(twinning, twinning.Title, [Theme.Culture, Theme.EducationYouth], n);
                twinning.ReplacePartners([place.Partner()]);
                var started = Day(random, 1955, 2024);
                twinning.SetDates(started, null);
                twinning.ReplaceDeliberations([new Deliberation { Reference = $"DEMO-{started.Year}-{n:D5}", Date = started, Subject = "Délibération générée pour la démonstration" }]);
                if (random.NextDouble() < 0.4) twinning.SetCommittee($"Comité de jumelage de {commune.Name} (démonstration)", null);
                StartWithStatus(twinning, started, random, [(EngagementStatus.Active, 80), (EngagementStatus.Dormant, 12), (EngagementStatus.Suspended, 3), (EngagementStatus.Ended, 3), (EngagementStatus.Proposed, 2)]);
                yield return twinning;
            }
            for (var n = 1; n <= options.Others; n++)
            {
                var commune = communes[communeWeights.Pick(random)];
                var roll = random.NextDouble();
                var started = Day(random, 1990, 2025);
                Engagement engagement;
                if (roll < 0.30)
                {
                    var country = cooperationCountries.Pick(random);
                    var partners = Enumerable.Range(0, random.Next(1, 3)).Select(_ => Similar(places[country], (commune.Population ?? 1000) / 2, random))
                        .DistinctBy(p => p.GeonameId).ToList();
                    var project = new CooperationProject(commune.Code, $"{TitlePrefix}Coopération {commune.Name} – {string.Join(", ", partners.Select(p => p.Name))}");
                    Label(project, project.Title, [new[] { Theme.WaterSanitation, Theme.Health, Theme.EducationYouth }[random.Next(3)]], n);
                    project.ReplacePartners(partners.Select(p => p.Partner()));
                    project.SetProject("Objectifs générés pour la démonstration : accès à l'eau, formation des agents, échanges scolaires.",
                        new[] { "14030", "12220", "11220", "15112" }[random.Next(4)], started, started.AddDays(random.Next(5, 60)));
                    var years = random.Next(1, 4);
                    project.ReplaceBudget(Enumerable.Range(0, years).SelectMany(y => new[]
                    {
                        new BudgetLine(started.Year + y, random.Next(5, 200) * 100_000L, Funder.Commune, null),
                        new BudgetLine(started.Year + y, random.Next(0, 150) * 100_000L, random.NextDouble() < 0.5 ? Funder.State : Funder.Afd, null),
                    }).Where(l => l.Year <= 2100));
                    engagement = project;
                }
                else if (roll < 0.50)
                {
                    var country = twinningCountries.Pick(random);
                    var place = Similar(places[country], commune.Population ?? 1000, random);
                    var type = (PartnershipType)random.Next(0, 7);
                    var partnership = new Partnership(commune.Code, $"{TitlePrefix}Partenariat {commune.Name} – {place.Name}", type);
                    Label(partnership, partnership.Title, [Theme.Culture, Theme.EconomyAttractiveness], n);
                    partnership.ReplacePartners([place.Partner()]);
                    engagement = partnership;
                }
                else if (roll < 0.70 && networks.Count > 0)
                {
                    var network = networks[random.Next(networks.Count)];
                    var membership = new NetworkMembership(commune.Code, $"{TitlePrefix}Adhésion de {commune.Name} à {network.NameFr}", network.Id);
                    Label(membership, membership.Title, [Theme.ClimateEmergency, Theme.Peace], n);
                    membership.SetMembership(network.Id, "Engagements générés pour la démonstration.", random.Next(0, 50) * 10_000L);
                    engagement = membership;
                }
                else if (roll < 0.75)
                {
                    var person = $"Personne fictive n° {n} (démonstration)";
                    var citizenship = new HonoraryCitizenship(commune.Code, person);
                    Label(citizenship, $"{TitlePrefix}Citoyenneté d'honneur de {commune.Name} à une personne fictive n° {n}", [Theme.HumanRights], n);
                    citizenship.SetPerson(person, PersonCountries[random.Next(PersonCountries.Length)], Roles[random.Next(Roles.Length)],
                        "Motif généré pour la démonstration.", started, null);
                    citizenship.ReplaceDeliberations([new Deliberation { Reference = $"DEMO-CH-{started.Year}-{n:D5}", Date = started }]);
                    citizenship.ReplaceSituation([new SituationEvent(started, (DefenderSituation)random.Next(0, 7), "Situation générée pour la démonstration.", null)]);
                    citizenship.SetConfidential("Note confidentielle générée (jamais publiée).", null);
                    engagement = citizenship;
                }
                else if (roll < 0.85)
                {
                    var name = Summits[random.Next(Summits.Length)];
                    var summit = new Summit(commune.Code, $"{TitlePrefix}{name} {started.Year} – {commune.Name}");
                    Label(summit, summit.Title, [Theme.ClimateEmergency, Theme.Peace], n);
                    summit.SetEvent(name, null, "participation", "Délégation générée pour la démonstration", null);
                    engagement = summit;
                }
                else if (worldDays.Count > 0)
                {
                    var day = worldDays[random.Next(worldDays.Count)];
                    var observance = new WorldDayObservance(commune.Code, $"{TitlePrefix}{day.NameFr} {started.Year} à {commune.Name}", day.Id, started.Year);
                    Label(observance, observance.Title, [Theme.HumanRights], n);
                    observance.SetObservance(day.Id, started.Year, "Actions générées pour la démonstration.");
                    engagement = observance;
                }
                else continue;
                engagement.SetDates(started, null);
                StartWithStatus(engagement, started, random, [(EngagementStatus.Active, 70), (EngagementStatus.Proposed, 8), (EngagementStatus.Dormant, 8), (EngagementStatus.Suspended, 4), (EngagementStatus.Ended, 10)]);
                yield return engagement;
            }
        }

        void Label(Engagement engagement, string title, IEnumerable<Theme> themes, int n)
        {
            var visibility = random.NextDouble() < 0.04 ? Visibility.Internal : Visibility.Public;
            engagement.Describe(title, description, visibility, themes, null, null);
            engagement.SetProvenance(SourceName, version, $"{EngagementKinds.Slug(engagement.Kind)} n° {n}");
        }

        var written = (Twinnings: 0, Others: 0);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var previousDetect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            using (AuditActor.Use(DemoData.Actor))
            {
                foreach (var batch in Generate().Chunk(BatchSize))
                {
                    db.Engagements.AddRange(batch);
                    await db.SaveChangesAsync(cancellationToken);
                    db.ChangeTracker.Clear();
                    written = (written.Twinnings + batch.Count(e => e.Kind == EngagementKind.Twinning),
                        written.Others + batch.Count(e => e.Kind != EngagementKind.Twinning));
                    progress?.Invoke($"{written.Twinnings + written.Others} engagements écrits ({clock.Elapsed.TotalSeconds:F1} s)");
                }
            }
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = previousDetect;
        }
        return new NationalDemoReport(written.Twinnings, written.Others, communes.Count, clock.Elapsed);
    }

    private static void StartWithStatus(Engagement engagement, DateOnly started, Random random, (EngagementStatus Status, double Weight)[] mix)
    {
        var status = new Weighted<EngagementStatus>(mix).Pick(random);
        var on = status is EngagementStatus.Suspended or EngagementStatus.Ended
            ? Max(started, Day(random, Math.Max(started.Year, 2000), 2025))
            : started;
        var reason = status switch
        {
            EngagementStatus.Suspended => "Suspension votée par le conseil municipal (motif généré pour la démonstration).",
            EngagementStatus.Ended => "Fin décidée par le conseil municipal (motif généré pour la démonstration).",
            _ => null,
        };
        engagement.Start(status, on, reason);
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Day(Random random, int fromYear, int toYear) =>
        new DateOnly(fromYear, 1, 1).AddDays(random.Next(0, (new DateOnly(toYear, 12, 31).DayNumber - new DateOnly(fromYear, 1, 1).DayNumber) + 1));

    /// <summary>A place of the country whose population is close to <paramref name="population"/> (log-normal spread).</summary>
    private static DemoPlace Similar(DemoPlace[] sorted, long population, Random random)
    {
        var spread = Math.Exp((random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5) * 1.2);
        var target = Math.Max(1, (long)(population * spread));
        int low = 0, high = sorted.Length - 1;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (sorted[middle].Population < target) low = middle + 1; else high = middle;
        }
        var index = Math.Clamp(low + random.Next(-3, 4), 0, sorted.Length - 1);
        return sorted[index];
    }

    private sealed record DemoPlace(int GeonameId, string Name, string CountryCode, string? Admin1Code, double Latitude, double Longitude, long Population)
    {
        public EngagementPartner Partner() => new()
        {
            Kind = PartnerKind.Place, GeonameId = GeonameId, Name = Name, CountryCode = CountryCode, Admin1Code = Admin1Code,
            Latitude = Latitude, Longitude = Longitude,
        };
    }

    /// <summary>Weighted draw by cumulative weights.</summary>
    private sealed class Weighted<T>
    {
        private readonly T[] _items;
        private readonly double[] _cumulative;

        public Weighted(IReadOnlyList<(T Item, double Weight)> items)
        {
            if (items.Count == 0) throw new InvalidOperationException("aucun lieu de référence pour les pays partenaires : chargez les données de référence.");
            _items = items.Select(i => i.Item).ToArray();
            _cumulative = new double[items.Count];
            double total = 0;
            for (var i = 0; i < items.Count; i++) _cumulative[i] = total += items[i].Weight;
        }

        public T Last { get; private set; } = default!;

        public T Pick(Random random)
        {
            var x = random.NextDouble() * _cumulative[^1];
            var index = Array.BinarySearch(_cumulative, x);
            if (index < 0) index = ~index;
            return Last = _items[Math.Min(index, _items.Length - 1)];
        }
    }
}

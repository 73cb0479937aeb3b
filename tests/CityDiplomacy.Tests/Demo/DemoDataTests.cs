using System.Globalization;
using System.Text;
using CityDiplomacy.Auditing;
using CityDiplomacy.Demo;
using CityDiplomacy.Engagements;
using CityDiplomacy.Tests.Infrastructure;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Tests.Demo;

public sealed class DemoDataTests
{
    private const int Tuchow = 756634;
    private const int Krasnik = 767623;
    private const int Bychawa = 774730;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_demo_loads_its_seven_engagements_with_real_GeoNames_partners(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await using (var db = app.OpenDb())
            Assert.Equal(7, await DemoData.LoadAsync(db));

        await using var check = app.OpenDb();
        var engagements = await check.Engagements.AsNoTracking().ToListAsync();
        Assert.Equal(
            ["44035 Twinning", "45284 Twinning", "60463 Twinning", "69123 HonoraryCitizenship", "69123 WorldDay",
             "74010 HonoraryCitizenship", "75056 HonoraryCitizenship"],
            engagements.Select(e => $"{e.CommuneCode} {e.Kind}").Order(StringComparer.Ordinal));

        var partners = engagements.OfType<Twinning>().ToDictionary(t => t.CommuneCode, t => Assert.Single(t.Partners));
        Assert.Equal((Tuchow, "Tuchów", "PL"), (partners["45284"].GeonameId, partners["45284"].Name, partners["45284"].CountryCode));
        Assert.Equal((Krasnik, "Kraśnik", "PL"), (partners["60463"].GeonameId, partners["60463"].Name, partners["60463"].CountryCode));
        Assert.Equal((Bychawa, "Bychawa", "PL"), (partners["44035"].GeonameId, partners["44035"].Name, partners["44035"].CountryCode));
        foreach (var partner in partners.Values)
        {
            var place = await check.Places.SingleAsync(p => p.GeonameId == partner.GeonameId);
            Assert.Equal((place.Name, place.CountryCode, place.Latitude, place.Longitude), (partner.Name, partner.CountryCode, partner.Latitude, partner.Longitude));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Saint_Jean_de_Braye_suspended_its_twinning_with_Tuchow_on_14_February_2020_keeping_school_exchanges(string provider)
    {
        await using var app = await StartWithDemoAsync(provider);
        await using var db = app.OpenDb();

        var twinning = await db.Engagements.OfType<Twinning>().SingleAsync(t => t.CommuneCode == "45284");

        Assert.Equal(EngagementStatus.Suspended, twinning.Status);
        Assert.Equal(new DateOnly(2020, 2, 14), twinning.StatusChangedOn);
        Assert.Contains("unanimité", twinning.StatusReason);
        Assert.Contains("échanges scolaires", twinning.Notes);
        Assert.Null(twinning.StartedOn); // « about 2000 »: said in the description, never stored as a signing date
        Assert.Contains("2000 environ", twinning.Description);
        Assert.Equal([EngagementStatus.Active, EngagementStatus.Suspended], twinning.StatusHistory.Select(e => e.Status));
        Assert.Contains(twinning.Documents, d => d.Url.StartsWith("https://fr.euronews.com/2020/02/24/", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Nogent_sur_Oise_suspended_its_twinning_with_Krasnik_on_20_February_2020(string provider)
    {
        await using var app = await StartWithDemoAsync(provider);
        await using var db = app.OpenDb();

        var twinning = await db.Engagements.OfType<Twinning>().SingleAsync(t => t.CommuneCode == "60463");

        Assert.Equal(EngagementStatus.Suspended, twinning.Status);
        Assert.Equal(new DateOnly(2020, 2, 20), twinning.StatusChangedOn);
        Assert.False(string.IsNullOrWhiteSpace(twinning.StatusReason));
        Assert.Contains("depuis 2005", twinning.Description);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task La_Chapelle_sur_Erdre_keeps_its_twinning_with_Bychawa_active_in_dialogue_awaiting_regularisation(string provider)
    {
        await using var app = await StartWithDemoAsync(provider);
        await using var db = app.OpenDb();

        var twinning = await db.Engagements.OfType<Twinning>().SingleAsync(t => t.CommuneCode == "44035");

        Assert.Equal(EngagementStatus.Active, twinning.Status);
        Assert.Contains("dialogue", twinning.Notes);
        // No founding deliberation is known: shown « à régulariser » rather than given an invented reference.
        Assert.Empty(twinning.Deliberations);
        Assert.True(twinning.AwaitingRegularisation);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_honorary_citizenships_carry_each_defenders_sourced_status_events(string provider)
    {
        await using var app = await StartWithDemoAsync(provider);
        await using var db = app.OpenDb();

        var citizenships = await db.Engagements.OfType<HonoraryCitizenship>().ToDictionaryAsync(h => h.PersonName);

        Assert.Equal(["Alaa Abdel Fattah", "Narges Mohammadi", "Zhang Zhan"], citizenships.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("75056", "EG", new DateOnly(2020, 12, 17)),
            (citizenships["Alaa Abdel Fattah"].CommuneCode, citizenships["Alaa Abdel Fattah"].PersonCountry, citizenships["Alaa Abdel Fattah"].StartedOn));
        Assert.Equal(("69123", "CN", new DateOnly(2023, 12, 9)),
            (citizenships["Zhang Zhan"].CommuneCode, citizenships["Zhang Zhan"].PersonCountry, citizenships["Zhang Zhan"].StartedOn));
        // Annecy's vote is known to the month only: no date is made up.
        Assert.Equal(("74010", "IR", (DateOnly?)null),
            (citizenships["Narges Mohammadi"].CommuneCode, citizenships["Narges Mohammadi"].PersonCountry, citizenships["Narges Mohammadi"].StartedOn));

        var zhang = citizenships["Zhang Zhan"].Situation;
        Assert.Equal(
            [(new DateOnly(2024, 5, 1), DefenderSituation.Released, true),
             (new DateOnly(2024, 8, 28), DefenderSituation.Detained, false),
             (new DateOnly(2025, 9, 19), DefenderSituation.Sentenced, false)],
            zhang.Select(s => (s.On, s.Situation, s.DayUnknown)));
        Assert.Equal(DefenderSituation.Detained, citizenships["Narges Mohammadi"].CurrentSituation!.Situation);
        Assert.Equal(DefenderSituation.Released, citizenships["Alaa Abdel Fattah"].CurrentSituation!.Situation);
        Assert.All(citizenships.Values.SelectMany(h => h.Situation), s => Assert.StartsWith("https://", s.SourceUrl));
        Assert.All(citizenships.Values, h => Assert.Null(h.ConfidentialNotes));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Lyon_observed_Human_Rights_Day_2023_from_the_catalogue(string provider)
    {
        await using var app = await StartWithDemoAsync(provider);
        await using var db = app.OpenDb();

        var observance = await db.Engagements.OfType<WorldDayObservance>().Include(w => w.WorldDay).SingleAsync();

        Assert.Equal(("69123", 2023, "droits-de-l-homme"), (observance.CommuneCode, observance.Year, observance.WorldDay!.Code));
        Assert.Contains("Zhang Zhan", observance.Actions);
        // No fact says that a demo commune belongs to a network: the demo has no membership.
        Assert.False(await db.Engagements.OfType<NetworkMembership>().AnyAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_demo_engagement_is_labelled_public_sourced_and_audited_as_the_demo(string provider)
    {
        await using var app = await StartWithDemoAsync(provider);
        await using var db = app.OpenDb();

        var engagements = await db.Engagements.AsNoTracking().ToListAsync();

        Assert.Equal(7, engagements.Count);
        Assert.Equal(7, await db.Engagements.WhereDemo().CountAsync());
        Assert.All(engagements, e =>
        {
            Assert.StartsWith(DemoData.DescriptionPrefix, e.Description);
            Assert.Equal(Visibility.Public, e.Visibility);
            Assert.NotEmpty(e.Documents);
            Assert.All(e.Documents, d => Assert.StartsWith("https://", d.Url));
        });
        var audit = await db.AuditEntries.Where(a => a.EntityType == nameof(Engagement)).ToListAsync();
        Assert.Equal(engagements.Select(e => e.Id.ToString()).Order(), audit.Select(a => a.EntityId).Order());
        Assert.All(audit, a => Assert.Equal((DemoData.Actor, "created"), (a.Actor, a.Action)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Loading_the_demo_again_does_nothing_once_the_register_has_engagements(string provider)
    {
        await using var app = await StartWithDemoAsync(provider);

        await using (var db = app.OpenDb())
            Assert.Equal(0, await DemoData.LoadAsync(db));

        await using var check = app.OpenDb();
        Assert.Equal(7, await check.Engagements.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_demo_is_not_loaded_on_a_register_that_already_has_an_engagement(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await using (var db = app.OpenDb())
        {
            using (AuditActor.Use("cli"))
            {
                var twinning = new Twinning("45234", "Jumelage de la commune");
                twinning.Start(EngagementStatus.Proposed, null);
                db.Engagements.Add(twinning);
                await db.SaveChangesAsync();
            }
            Assert.Equal(0, await DemoData.LoadAsync(db));
        }

        await using var check = app.OpenDb();
        Assert.Equal(["45234"], await check.Engagements.Select(e => e.CommuneCode).ToListAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_test_host_starts_without_the_demo_but_with_the_catalogues(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await using var db = app.OpenDb();

        Assert.False(await db.Engagements.AnyAsync());
        Assert.True(await db.CityNetworks.AnyAsync(n => n.Code == "villes-pour-la-vie"));
        Assert.True(await db.WorldDays.AnyAsync(w => w.Code == "droits-de-l-homme"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_commune_page_says_when_it_shows_demo_data(string provider)
    {
        await using var app = await StartWithDemoAsync(provider);

        var demo = await app.GetPageAsync("/communes/45284");
        var other = await app.GetPageAsync("/communes/45234");

        var notice = demo.QuerySelector(".notice.demo");
        Assert.NotNull(notice);
        Assert.Contains("Données de démonstration", notice.TextContent);
        Assert.Same(demo.QuerySelector("h1")!.NextElementSibling, notice);
        Assert.Null(other.QuerySelector(".notice.demo"));
    }

    [Fact]
    public void A_date_known_to_the_month_only_is_its_first_day_marked_as_such()
    {
        Assert.Equal((new DateOnly(2024, 5, 1), true), DemoData.ParseDay("2024-05"));
        Assert.Equal((new DateOnly(2024, 8, 28), false), DemoData.ParseDay("2024-08-28"));
        Assert.Throws<InvalidDataException>(() => DemoData.ParseDay("2024-02-30"));
    }

    [Theory]
    [InlineData("Jumelage de démonstration", "https://example.org/source", "doit commencer par")]
    [InlineData("Données de démonstration — Jumelage", "exemple.org/source", "doit citer sa source")]
    public void A_demo_engagement_without_its_label_or_source_is_refused(string description, string url, string expected)
    {
        var json = $$"""
            { "label": "Données de démonstration", "about": "Essai", "engagements": [ {
                "kind": "twinning", "commune": "45284", "title": "Jumelage", "description": "{{description}}",
                "status": "proposed", "partnerGeonameId": {{Tuchow}}, "documents": [ { "title": "Source", "url": "{{url}}" } ] } ] }
            """;

        var error = Assert.Throws<InvalidDataException>(() => DemoData.Read(new MemoryStream(Encoding.UTF8.GetBytes(json))));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void The_demo_copies_every_defender_status_event_of_the_verified_facts_with_its_source()
    {
        var folder = SharedFacts.Folder();
        using var reader = new StreamReader(Path.Combine(folder, "defender_status_events.csv"), Encoding.UTF8);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        var facts = csv.GetRecords<dynamic>()
            .Select(r => (Person: (string)r.person, On: (string)r.date, Status: (string)r.status, Source: (string)r.source_url))
            .ToList();
        var demo = DemoData.Read(DemoData.OpenShipped()).Engagements
            .Where(e => e.Person is not null)
            .SelectMany(e => e.Situation.Select(s => (Person: e.Person!.Name, s.On, Status: Slugs.Of(s.Situation), Source: s.SourceUrl)))
            .ToList();

        Assert.Equal(facts.Order(), demo.Order());
    }

    private static async Task<TestApp> StartWithDemoAsync(string provider)
    {
        var app = await TestApp.SharedAsync(provider);
        await using var db = app.OpenDb();
        Assert.Equal(7, await DemoData.LoadAsync(db));
        return app;
    }
}

using CityDiplomacy.Engagements;
using CityDiplomacy.Evidence;
using CityDiplomacy.Screening;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static CityDiplomacy.Tests.Screening.ScreeningEvidence;

namespace CityDiplomacy.Tests.Screening;

/// <summary>Each rule on the slices committed under tests/data, on both databases, through <see cref="ScreeningService"/>.</summary>
public sealed class ScreeningRulesTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Tuchow_and_Krasnik_twinnings_get_exactly_their_alerts_with_sources_and_repeal_dates(string provider)
    {
        await using var database = await TestDatabase.SharedAsync(provider);
        await using var db = database.Open();
        await AddSharedAlertsAsync(db);
        var tuchow = await AddTwinningAsync(db, SaintJeanDeBraye, Tuchow);
        var krasnik = await AddTwinningAsync(db, NogentSurOise, Krasnik);

        var outcome = await Service(db).ScreenAsync(ScreeningScope.All);

        Assert.Equal(3, outcome.Run.New);
        // Tuchów: its own resolution, and the repealed one of its region, Małopolskie (Lesser Poland, admin1 77).
        var tuchowFlags = await FlagsAsync(db, tuchow.Id);
        Assert.Equal(2, tuchowFlags.Count);
        Assert.All(tuchowFlags, f => Assert.Equal(RuleIds.LocalAlert, f.RuleId));
        var t = tuchowFlags.Single(f => f.Severity == FlagSeverity.High);
        var region = tuchowFlags.Single(f => f.Severity == FlagSeverity.Info);
        Assert.Equal((null, "2021-09-27"), (region.AlertAdoptedOn, region.AlertRepealedOn));
        Assert.Equal("JURIST", region.Evidence.Single().SourceName);
        Assert.Contains("Małopolskie", region.Explanation);
        Assert.Equal(FlagSeverity.High, t.Severity);
        Assert.Equal("2019-05-29", t.AlertAdoptedOn);
        Assert.Null(t.AlertRepealedOn);
        var tSource = Assert.Single(t.Evidence);
        Assert.Equal("Euronews", tSource.SourceName);
        Assert.Equal("https://fr.euronews.com/2020/02/24/suspension-du-jumelage-st-jean-de-braye-tuchow-incomprehension-des-deux-cotes", tSource.Url);
        Assert.Contains("Tuchów", t.Explanation);
        Assert.Equal(SaintJeanDeBraye, t.CommuneCode);

        var k = Assert.Single(await FlagsAsync(db, krasnik.Id));
        Assert.Equal(RuleIds.LocalAlert, k.RuleId);
        // Repealed: kept as history, with a lower severity.
        Assert.Equal(FlagSeverity.Info, k.Severity);
        Assert.Equal("2019-05", k.AlertAdoptedOn);
        Assert.Equal("2021-04-29", k.AlertRepealedOn);
        Assert.Equal("Notes from Poland", k.Evidence.Single().SourceName);
        Assert.Equal("2021-04-29", k.Evidence.Single().Date);
        Assert.Contains("abrogée le 29 avril 2021", k.Explanation);
        Assert.Equal([SuggestedActions.Dialogue], k.SuggestedActions);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Places_named_alike_other_towns_of_the_county_and_a_Krasnik_abroad_are_not_flagged(string provider)
    {
        await using var database = await TestDatabase.SharedAsync(provider);
        await using var db = database.Open();
        await AddSharedAlertsAsync(db);
        var alike = await AddTwinningAsync(db, NogentSurOise, Krasniczyn);
        var county = await AddTwinningAsync(db, SaintJeanDeBraye, Urzedow);
        // An imported partner named « Krasnik » in another country, without a GeoNames id: never matched by its name.
        var abroad = new Partnership(NogentSurOise, "Échanges avec Krasnik", PartnershipType.Youth);
        abroad.ReplacePartners([new EngagementPartner { Kind = PartnerKind.Place, Name = "Krasnik", CountryCode = "RS" }]);
        abroad.Start(EngagementStatus.Active, new DateOnly(2015, 1, 1));
        db.Engagements.Add(abroad);
        await db.SaveChangesAsync();

        var outcome = await Service(db).ScreenAsync(ScreeningScope.All);

        Assert.Empty(await FlagsAsync(db, alike.Id));
        Assert.Empty(await FlagsAsync(db, county.Id));
        Assert.Empty(await FlagsAsync(db, abroad.Id));
        Assert.Equal(0, outcome.Run.New);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_region_alert_flags_partners_inside_Swietokrzyskie_only(string provider)
    {
        await using var database = await TestDatabase.SharedAsync(provider);
        await using var db = database.Open();
        await AddSharedAlertsAsync(db);
        var inside = await AddTwinningAsync(db, SaintJeanDeBraye, Zawichost);
        // The partner stored without its admin1: the place's admin1 is used.
        var zawichost = await db.Places.AsNoTracking().SingleAsync(p => p.GeonameId == Zawichost);
        var withoutAdmin1 = new Partnership(NogentSurOise, "Partenariat avec Zawichost", PartnershipType.Culture);
        withoutAdmin1.ReplacePartners([Partner(zawichost, withAdmin1: false)]);
        withoutAdmin1.Start(EngagementStatus.Active, new DateOnly(2018, 1, 1));
        // The region itself as partner.
        var region = new CooperationProject(NogentSurOise, "Coopération avec la voïvodie de Sainte-Croix");
        region.ReplacePartners([new EngagementPartner { Kind = PartnerKind.Admin1, Name = "Świętokrzyskie", CountryCode = "PL", Admin1Code = "84" }]);
        region.Start(EngagementStatus.Active, new DateOnly(2018, 1, 1));
        db.Engagements.AddRange(withoutAdmin1, region);
        await db.SaveChangesAsync();
        var lublin = await AddTwinningAsync(db, NogentSurOise, Krasniczyn);

        await Service(db).ScreenAsync(ScreeningScope.All);

        foreach (var engagement in new Engagement[] { inside, withoutAdmin1, region })
        {
            var flag = Assert.Single(await FlagsAsync(db, engagement.Id));
            Assert.Equal(RuleIds.LocalAlert, flag.RuleId);
            Assert.Equal("2021-09-22", flag.AlertRepealedOn);
            Assert.Equal(FlagSeverity.Info, flag.Severity);
            Assert.Equal("https://whtc.com/2021/09/22/polish-region-scraps-anti-lgbt-motion-after-eu-threatens-to-cut-funds/", flag.Evidence.Single().Url);
        }
        Assert.Empty(await FlagsAsync(db, lublin.Id));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_country_alert_flags_partners_in_that_country_and_a_territory_flags_partners_inside_it(string provider)
    {
        await using var database = await TestDatabase.SharedAsync(provider);
        await using var db = database.Open();
        db.LocalAlerts.Add(new LocalAlert
        {
            Level = AlertLevel.Country, CountryCode = "HU", Type = "anti-lgbti-law", Title = "Loi de 2021 restreignant l'information sur l'homosexualité",
            AdoptedOn = "2021-06-15", SourceName = "Commission européenne", SourceUrl = "https://ec.europa.eu/commission/presscorner/detail/en/ip_22_2689",
            UpdatedAt = TestClock.UtcNow,
        });
        db.TerritoryStatuses.Add(new TerritoryStatus
        {
            Territory = "crimea", Name = "Crimée", CountryCode = "UA", Admin1Code = "11", Status = "annexation-not-recognised",
            SourceName = "Assemblée générale des Nations unies, résolution 68/262", SourceUrl = "https://digitallibrary.un.org/record/767565", SourceDate = "2014-03-27",
        });
        await db.SaveChangesAsync();
        var debrecen = await AddTwinningAsync(db, SaintJeanDeBraye, Debrecen);
        var tuchow = await AddTwinningAsync(db, SaintJeanDeBraye, Tuchow);
        var simferopol = await AddTwinningAsync(db, NogentSurOise, Simferopol);
        var kyiv = await AddTwinningAsync(db, NogentSurOise, Kyiv);

        await Service(db).ScreenAsync(ScreeningScope.All);

        var hu = Assert.Single(await FlagsAsync(db, debrecen.Id));
        Assert.Equal((RuleIds.LocalAlert, FlagSeverity.High), (hu.RuleId, hu.Severity));
        Assert.Empty(await FlagsAsync(db, tuchow.Id));
        var crimea = Assert.Single(await FlagsAsync(db, simferopol.Id));
        Assert.Equal(RuleIds.TerritorialStatus, crimea.RuleId);
        Assert.Equal(FlagSeverity.High, crimea.Severity);
        Assert.Equal(("Assemblée générale des Nations unies, résolution 68/262", "2014-03-27"), (crimea.Evidence.Single().SourceName, crimea.Evidence.Single().Date));
        Assert.Empty(await FlagsAsync(db, kyiv.Id));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Country_context_comes_from_Freedom_House_and_V_Dem_and_death_penalty_only_for_Cities_for_Life(string provider)
    {
        await using var database = await TestDatabase.SharedAsync(provider);
        await using var db = database.Open();
        await CatalogueSeeder.SeedAsync(db);
        await AddCountryIndicatorsAsync(db, "CN", "PL");
        db.CountryIndicators.Add(new CountryIndicator
        {
            CountryCode = "CN", Indicator = "death-penalty", Year = 2024, Text = "retentionist", SourceName = "Amnesty International, Death sentences and executions 2024",
            SourceUrl = "https://www.amnesty.org/en/documents/act50/8976/2025/en/", ImportId = (await db.EvidenceImports.FirstAsync()).Id,
        });
        await db.SaveChangesAsync();
        var network = await db.CityNetworks.SingleAsync(n => n.Code == "villes-pour-la-vie");
        var membership = new NetworkMembership(Lyon, "Villes pour la vie", network.Id);
        membership.Start(EngagementStatus.Active, new DateOnly(2010, 11, 30));
        db.Engagements.Add(membership);
        await db.SaveChangesAsync();
        var member = await AddTwinningAsync(db, Lyon, Beijing);
        var notMember = await AddTwinningAsync(db, SaintJeanDeBraye, Beijing);
        var poland = await AddTwinningAsync(db, SaintJeanDeBraye, Tuchow);

        await Service(db).ScreenAsync(ScreeningScope.All);

        var flags = await FlagsAsync(db, member.Id);
        Assert.Equal([RuleIds.CountryContext, RuleIds.DeathPenalty], flags.Select(f => f.RuleId));
        var context = flags[0];
        Assert.Equal(FlagSeverity.Attention, context.Severity);
        Assert.Equal([SyntheticFreedomHouse, "V-Dem v14"], context.Evidence.Select(e => e.SourceName));
        Assert.Contains("0.034", context.Explanation);
        Assert.Equal(FlagSeverity.Info, flags[1].Severity);
        Assert.Equal([SuggestedActions.Dialogue], flags[1].SuggestedActions);
        Assert.Equal([RuleIds.CountryContext], (await FlagsAsync(db, notMember.Id)).Select(f => f.RuleId));
        Assert.Empty(await FlagsAsync(db, poland.Id));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_State_partner_in_old_data_and_a_twinning_without_deliberation_are_flagged(string provider)
    {
        await using var database = await TestDatabase.SharedAsync(provider);
        await using var db = database.Open();
        var state = await AddTwinningAsync(db, SaintJeanDeBraye, Tuchow);
        // Older data: the register refuses a State partner now, but the row may already hold one.
        var partner = await db.EngagementPartners.SingleAsync(p => p.EngagementId == state.Id);
        db.Entry(partner).Property(p => p.Kind).CurrentValue = PartnerKind.State;
        db.Entry(partner).Property(p => p.GeonameId).CurrentValue = null;
        await db.SaveChangesAsync();
        var undecided = await AddTwinningAsync(db, NogentSurOise, Krasnik, withDeliberation: false);
        var decided = await AddTwinningAsync(db, NogentSurOise, Urzedow);

        await Service(db).ScreenAsync(ScreeningScope.All);

        var legal = Assert.Single(await FlagsAsync(db, state.Id));
        Assert.Equal((RuleIds.LegalL1115_5, FlagSeverity.High), (legal.RuleId, legal.Severity));
        Assert.Contains("L1115-5", legal.Evidence.Single().SourceName);
        var missing = Assert.Single(await FlagsAsync(db, undecided.Id));
        Assert.Equal((RuleIds.DeliberationMissing, FlagSeverity.Attention), (missing.RuleId, missing.Severity));
        Assert.Empty(await FlagsAsync(db, decided.Id));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_defender_event_newer_than_the_last_decision_reopens_the_flag(string provider)
    {
        var events = File.ReadLines(Shared("facts", "defender_status_events.csv")).Skip(1)
            .Where(l => l.StartsWith("Zhang Zhan,", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, events.Count);
        await using var database = await TestDatabase.SharedAsync(provider);
        await using var db = database.Open();
        var citizenship = new HonoraryCitizenship(Lyon, "Zhang Zhan");
        citizenship.SetPerson("Zhang Zhan", "CN", "journaliste", null, new DateOnly(2023, 12, 9), null);
        citizenship.ReplaceDeliberations([new Deliberation { Reference = "DCM-2023-12", Date = new DateOnly(2023, 12, 4) }]);
        citizenship.ReplaceSituation([
            new SituationEvent(new DateOnly(2024, 5, 1), DefenderSituation.Released, "Released after her first 4-year sentence", "https://duihua.org/prisoner-updates-2025-8", DayUnknown: true),
            new SituationEvent(new DateOnly(2024, 8, 28), DefenderSituation.Detained, "Detained again", "https://duihua.org/prisoner-updates-2025-8"),
            new SituationEvent(new DateOnly(2025, 9, 19), DefenderSituation.Sentenced, "Sentenced by a Shanghai court to another 4 years",
                "https://www.jurist.org/news/2025/09/rights-experts-urge-release-of-journalist-after-reported-second-conviction"),
        ]);
        citizenship.SetConfidential("CANARY-notes-confidentielles", "CANARY-contacts");
        citizenship.Start(EngagementStatus.Active, new DateOnly(2023, 12, 9));
        db.Engagements.Add(citizenship);
        await db.SaveChangesAsync();
        var service = Service(db);

        await service.ScreenAsync(ScreeningScope.Commune(Lyon));
        var flag = Assert.Single(await FlagsAsync(db, citizenship.Id));
        Assert.Equal(RuleIds.DefenderStatusChanged, flag.RuleId);
        Assert.Equal("2025-09-19", flag.Evidence.Single().Date);
        Assert.Equal("www.jurist.org", flag.Evidence.Single().SourceName);
        Assert.DoesNotContain("CANARY", flag.Explanation);

        var tracked = await db.ScreeningFlags.SingleAsync(f => f.Id == flag.Id);
        tracked.Answer(FlagState.Decided, "Lettre au consulat, motion du conseil", new DateOnly(2025, 10, 6), "DCM-2025-101", "La ville demande sa libération.", new DateOnly(2026, 1, 1));
        await db.SaveChangesAsync();
        var quiet = await service.ScreenAsync(ScreeningScope.Commune(Lyon));
        Assert.Equal(1, quiet.Run.Resolved);
        Assert.Empty(await FlagsAsync(db, citizenship.Id));

        var again = await db.Engagements.OfType<HonoraryCitizenship>().SingleAsync(h => h.Id == citizenship.Id);
        again.AddSituation(new SituationEvent(new DateOnly(2025, 12, 1), DefenderSituation.Detained, "Transférée", "https://example.org/suivi"));
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        var reopened = await service.ScreenAsync(ScreeningScope.Engagements(citizenship.Id));
        Assert.Equal(1, reopened.Run.Changed);
        var back = Assert.Single(await FlagsAsync(db, citizenship.Id));
        Assert.Equal(flag.Id, back.Id);
        Assert.Equal(FlagState.New, back.State);
        Assert.Equal("La ville demande sa libération.", back.PublicAnswer);
        Assert.Contains("2025-10-06", back.Explanation);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reruns_report_new_changed_and_resolved_flags_and_keep_the_answer(string provider)
    {
        await using var database = await TestDatabase.SharedAsync(provider);
        await using var db = database.Open();
        var alerts = await AddSharedAlertsAsync(db);
        var tuchow = await AddTwinningAsync(db, SaintJeanDeBraye, Tuchow);
        var krasnik = await AddTwinningAsync(db, NogentSurOise, Krasnik);
        var service = Service(db);

        var first = await service.ScreenAsync(ScreeningScope.All);
        Assert.Equal((3, 0, 0), (first.Run.New, first.Run.Changed, first.Run.Resolved));
        var unchanged = await service.ScreenAsync(ScreeningScope.All);
        Assert.Equal((0, 0, 0), (unchanged.Run.New, unchanged.Run.Changed, unchanged.Run.Resolved));

        var alert = await db.LocalAlerts.SingleAsync(a => a.GeonameId == Tuchow);
        var flag = await db.ScreeningFlags.SingleAsync(f => f.EngagementId == tuchow.Id && f.AlertId == alert.Id);
        flag.Answer(FlagState.Acknowledged, null, null, null, "Relations officielles suspendues le 14 février 2020.", new DateOnly(2026, 1, 1));
        // The evidence changes: Tuchów's resolution is repealed.
        alert.RepealedOn = "2024-03";
        await db.SaveChangesAsync();
        // The engagement changes: Nogent-sur-Oise ends its twinning.
        var ended = await db.Engagements.SingleAsync(e => e.Id == krasnik.Id);
        ended.End("Fin du jumelage", new DateOnly(2022, 1, 1));
        await db.SaveChangesAsync();

        var second = await service.ScreenAsync(ScreeningScope.All);
        Assert.Equal((0, 1, 1), (second.Run.New, second.Run.Changed, second.Run.Resolved));
        Assert.Equal(tuchow.Id, second.Changed.Single().EngagementId);
        Assert.Equal(krasnik.Id, second.Resolved.Single().EngagementId);
        var changed = await db.ScreeningFlags.AsNoTracking().SingleAsync(f => f.Id == flag.Id);
        Assert.Equal(FlagSeverity.Info, changed.Severity);
        Assert.Equal("2024-03", changed.AlertRepealedOn);
        Assert.Equal(FlagState.Acknowledged, changed.State);
        Assert.Equal("Relations officielles suspendues le 14 février 2020.", changed.PublicAnswer);
        var resolved = await db.ScreeningFlags.AsNoTracking().SingleAsync(f => f.EngagementId == krasnik.Id);
        Assert.NotNull(resolved.ResolvedAt);
        Assert.Equal(3, await db.ScreeningRuns.CountAsync());
        Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityType == nameof(ScreeningFlag) && a.CommuneCode == SaintJeanDeBraye));
        Assert.Equal(alerts.Count, await db.LocalAlerts.CountAsync());
    }
}

using CityDiplomacy.Engagements;
using CityDiplomacy.Evidence;
using CityDiplomacy.Screening;

namespace CityDiplomacy.Tests.Screening;

/// <summary>
/// <see cref="ScreeningEngine.Screen"/> as the pure function it is: engagements built in memory, an
/// <see cref="EvidenceIndex"/> over evidence built in memory, no database. Each rule: it fires (with its severity,
/// evidence and suggested actions), it does not fire, and its boundaries.
/// </summary>
public sealed class ScreeningEngineTests
{
    private const string Commune = "45284";
    private const int Tuchow = 756634;
    private const int Krasnik = 767623;
    private static readonly Guid ImportId = Guid.CreateVersion7();

    private static readonly Dictionary<string, string> CountryNames = new()
    {
        ["PL"] = "Pologne", ["CN"] = "Chine", ["UA"] = "Ukraine", ["HU"] = "Hongrie", ["DE"] = "Allemagne",
    };

    private static EngagementPartner Place(int geonameId, string name, string country, string? admin1) =>
        new() { Kind = PartnerKind.Place, GeonameId = geonameId, Name = name, CountryCode = country, Admin1Code = admin1 };

    private static EngagementPartner TuchowPartner(bool withAdmin1 = true) => Place(Tuchow, "Tuchów", "PL", withAdmin1 ? "77" : null);

    /// <summary>An active twinning of <see cref="Commune"/> with its deliberation (so that only the rule under test speaks).</summary>
    private static Twinning ActiveTwinning(EngagementPartner partner, bool withDeliberation = true, string commune = Commune)
    {
        var twinning = new Twinning(commune, $"Jumelage avec {partner.Name}");
        twinning.ReplacePartners([partner]);
        if (withDeliberation)
            twinning.ReplaceDeliberations([new Deliberation { Reference = "DCM-2000-12", Date = new DateOnly(2000, 1, 15) }]);
        twinning.SetDates(new DateOnly(2000, 3, 1), null);
        twinning.Start(EngagementStatus.Active, new DateOnly(2000, 3, 1));
        return twinning;
    }

    private static LocalAlert Alert(AlertLevel level, string country, int? geonameId = null, string? admin1 = null, string? place = null,
        string? adopted = "2019-05-29", string? repealed = null) => new()
    {
        Level = level, CountryCode = country, GeonameId = geonameId, Admin1Code = admin1, PlaceText = place,
        Type = "anti-lgbti-resolution", Title = "Résolution contre « l'idéologie LGBT »", AdoptedOn = adopted, RepealedOn = repealed,
        SourceName = "Euronews", SourceUrl = "https://fr.euronews.com/2020/02/24/suspension-du-jumelage", ImportId = ImportId,
    };

    private static CountryIndicator Indicator(string country, string indicator, int year, decimal? value = null, string? text = null) => new()
    {
        CountryCode = country, Indicator = indicator, Year = year, Value = value, Text = text,
        SourceName = $"source {indicator} {year}", SourceUrl = $"https://example.org/{indicator}/{year}", ImportId = ImportId,
    };

    private static ScreeningContext Context(IEnumerable<LocalAlert>? alerts = null, IEnumerable<TerritoryStatus>? territories = null,
        IEnumerable<CountryIndicator>? indicators = null, ScreeningRules? rules = null)
    {
        rules ??= ScreeningRules.Default;
        return new ScreeningContext(new EvidenceIndex(alerts ?? [], territories ?? [], indicators ?? [], CountryNames, rules), rules);
    }

    // ---- local-alert -----------------------------------------------------------------------------------------------

    [Fact]
    public void An_alert_at_the_partner_place_raises_a_high_flag_with_its_source_date_and_three_actions()
    {
        var alert = Alert(AlertLevel.Place, "PL", Tuchow, "77", "Tuchów");
        var twinning = ActiveTwinning(TuchowPartner());

        var flag = Assert.Single(ScreeningEngine.Screen(twinning, Context([alert])));

        Assert.Equal(RuleIds.LocalAlert, flag.RuleId);
        Assert.Equal($"{alert.Id}@{Tuchow}", flag.SubjectKey);
        Assert.Equal(FlagSeverity.High, flag.Severity);
        Assert.Equal([new FlagEvidence("Euronews", "https://fr.euronews.com/2020/02/24/suspension-du-jumelage", "2019-05-29")], flag.Evidence);
        Assert.Equal([SuggestedActions.Dialogue, SuggestedActions.ConditionalityClause, SuggestedActions.CouncilReview], flag.SuggestedActions);
        Assert.Equal((alert.Id, "2019-05-29", (string?)null), (flag.AlertId, flag.AlertAdoptedOn, flag.AlertRepealedOn));
        Assert.StartsWith("La collectivité partenaire Tuchów (Pologne) est visée par une alerte : « Résolution", flag.Explanation);
        Assert.EndsWith(", adoptée le 29 mai 2019.", flag.Explanation);
    }

    [Fact]
    public void A_repealed_alert_stays_as_history_at_info_dated_by_its_repeal_with_dialogue_only()
    {
        var alert = Alert(AlertLevel.Place, "PL", Krasnik, "75", "Kraśnik", adopted: "2019-05", repealed: "2021-04-29");
        var twinning = ActiveTwinning(Place(Krasnik, "Kraśnik", "PL", "75"));

        var flag = Assert.Single(ScreeningEngine.Screen(twinning, Context([alert])));

        Assert.Equal(FlagSeverity.Info, flag.Severity);
        Assert.Equal("2021-04-29", flag.Evidence.Single().Date);
        Assert.Equal([SuggestedActions.Dialogue], flag.SuggestedActions);
        Assert.Contains("adoptée en mai 2019, abrogée le 29 avril 2021 : l'alerte reste visible comme historique.", flag.Explanation);
        Assert.Equal(("2019-05", "2021-04-29"), (flag.AlertAdoptedOn, flag.AlertRepealedOn));
    }

    [Fact]
    public void An_alert_is_matched_by_GeoNames_id_never_by_a_name()
    {
        // The same name, but another place; and an alert whose place was not resolved, carrying the partner's name.
        var elsewhere = Alert(AlertLevel.Place, "PL", Krasnik, "75", "Tuchów");
        var unresolved = Alert(AlertLevel.Place, "PL", null, null, "Tuchów");
        var byName = ActiveTwinning(new EngagementPartner { Kind = PartnerKind.Place, Name = "Tuchów", CountryCode = "PL" });

        Assert.Empty(ScreeningEngine.Screen(ActiveTwinning(TuchowPartner()), Context([elsewhere, unresolved])));
        Assert.Empty(ScreeningEngine.Screen(byName, Context([elsewhere, unresolved])));
    }

    [Fact]
    public void A_region_alert_reaches_partners_of_that_region_even_without_their_admin1_but_not_a_State_nor_another_country()
    {
        var region = Alert(AlertLevel.Admin1, "PL", admin1: "77", place: "Małopolskie", adopted: null, repealed: "2021-09-27");
        var inside = ActiveTwinning(TuchowPartner());
        var withoutAdmin1 = ActiveTwinning(TuchowPartner(withAdmin1: false));
        var otherRegion = ActiveTwinning(Place(Krasnik, "Kraśnik", "PL", "75"));
        var sameCodeAbroad = ActiveTwinning(Place(2950159, "Berlin", "DE", "77"));
        var context = Context([region]);
        context.PlaceAdmin1[Tuchow] = "77";

        var flag = Assert.Single(ScreeningEngine.Screen(inside, context));
        Assert.Equal($"{region.Id}@{Tuchow}", flag.SubjectKey);
        Assert.StartsWith("Le partenaire Tuchów (Pologne) se trouve dans la région Małopolskie, visée par une alerte : ", flag.Explanation);
        Assert.Equal(FlagSeverity.Info, flag.Severity);
        Assert.Single(ScreeningEngine.Screen(withoutAdmin1, context));
        Assert.Empty(ScreeningEngine.Screen(otherRegion, context));
        Assert.Empty(ScreeningEngine.Screen(sameCodeAbroad, context));

        // A State partner (older data: the register refuses it now) gets the country's alerts, not a region's.
        var state = new NetworkMembership(Commune, "Réseau", 1);
        state.Partners.Add(new EngagementPartner { Kind = PartnerKind.State, Name = "Pologne", CountryCode = "PL", Admin1Code = "77" });
        state.Start(EngagementStatus.Active, new DateOnly(2010, 1, 1));
        Assert.Empty(ScreeningEngine.Screen(state, context));
    }

    [Fact]
    public void A_country_alert_reaches_every_partner_in_the_country_once_per_partner()
    {
        var law = Alert(AlertLevel.Country, "HU", adopted: "2021-06-15");
        var cooperation = new CooperationProject(Commune, "Coopération");
        cooperation.ReplacePartners([Place(721472, "Debrecen", "HU", "08"), Place(3054643, "Budapest", "HU", "05"), TuchowPartner()]);
        cooperation.Start(EngagementStatus.Proposed, null);

        var flags = ScreeningEngine.Screen(cooperation, Context([law]));

        Assert.Equal([$"{law.Id}@721472", $"{law.Id}@3054643"], flags.Select(f => f.SubjectKey));
        Assert.All(flags, f => Assert.StartsWith("Le pays du partenaire ", f.Explanation));
        Assert.All(flags, f => Assert.Equal(FlagSeverity.High, f.Severity));
    }

    // ---- territorial-status ----------------------------------------------------------------------------------------

    [Fact]
    public void A_partner_inside_a_territory_whose_status_France_does_not_recognise_is_flagged_high()
    {
        var crimea = new TerritoryStatus
        {
            Territory = "crimea", Name = "Crimée", CountryCode = "UA", Admin1Code = "11", Status = "annexation-not-recognised",
            SourceName = "Assemblée générale des Nations unies, résolution 68/262", SourceUrl = "https://digitallibrary.un.org/record/767565",
            SourceDate = "2014-03-27",
        };
        var simferopol = ActiveTwinning(Place(693805, "Simferopol", "UA", "11"));
        var kyiv = ActiveTwinning(Place(703448, "Kyiv", "UA", "12"));

        var flag = Assert.Single(ScreeningEngine.Screen(simferopol, Context(territories: [crimea])));

        Assert.Equal((RuleIds.TerritorialStatus, "crimea@693805", FlagSeverity.High), (flag.RuleId, flag.SubjectKey, flag.Severity));
        Assert.Equal([new FlagEvidence("Assemblée générale des Nations unies, résolution 68/262", "https://digitallibrary.un.org/record/767565", "2014-03-27")],
            flag.Evidence);
        Assert.Equal([SuggestedActions.CouncilReview, SuggestedActions.Suspension], flag.SuggestedActions);
        Assert.Contains("en Crimée", flag.Explanation);
        Assert.Contains("il relève, pour la France, de Ukraine", flag.Explanation);
        Assert.Empty(ScreeningEngine.Screen(kyiv, Context(territories: [crimea])));
    }

    // ---- country-context -------------------------------------------------------------------------------------------

    [Fact]
    public void Not_Free_raises_attention_a_weak_civil_society_informs_and_both_give_two_pieces_of_evidence()
    {
        var beijing = ActiveTwinning(Place(1816670, "Beijing", "CN", "22"));
        var notFree = Indicator("CN", "fh.status", 2024, text: "NF");
        var weak = Indicator("CN", "vdem.v2xcs_ccsi", 2023, value: 0.034m);

        var fh = Assert.Single(ScreeningEngine.Screen(beijing, Context(indicators: [notFree])));
        var vdem = Assert.Single(ScreeningEngine.Screen(beijing, Context(indicators: [weak])));
        var both = Assert.Single(ScreeningEngine.Screen(beijing, Context(indicators: [notFree, weak])));

        Assert.Equal((RuleIds.CountryContext, "CN", FlagSeverity.Attention), (fh.RuleId, fh.SubjectKey, fh.Severity));
        Assert.Equal([new FlagEvidence("source fh.status 2024", "https://example.org/fh.status/2024", "2024")], fh.Evidence);
        Assert.Contains("Freedom House classe ce pays « Not Free » (non libre) dans son édition 2024", fh.Explanation);
        Assert.Equal([SuggestedActions.Dialogue, SuggestedActions.ConditionalityClause], fh.SuggestedActions);
        Assert.Equal(FlagSeverity.Info, vdem.Severity);
        Assert.Contains("l'indice V-Dem de la société civile y vaut 0.034 en 2023 (seuil : 0.5)", vdem.Explanation);
        Assert.Equal(FlagSeverity.Attention, both.Severity);
        Assert.Equal(["2024", "2023"], both.Evidence.Select(e => e.Date));
        Assert.EndsWith("pas un jugement sur la collectivité partenaire.", both.Explanation);
    }

    [Theory]
    [InlineData("0.499", true)]
    [InlineData("0.5", false)]
    [InlineData("0.723", false)]
    public void The_civil_society_threshold_is_strict(string value, bool fires)
    {
        var tuchow = ActiveTwinning(TuchowPartner());

        var flags = ScreeningEngine.Screen(tuchow, Context(indicators: [Indicator("PL", "vdem.v2xcs_ccsi", 2023, value: decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture))]));

        Assert.Equal(fires, flags.Any(f => f.RuleId == RuleIds.CountryContext));
    }

    [Theory]
    [InlineData("F", false)]
    [InlineData("PF", false)]
    [InlineData("NF", true)]
    [InlineData("nf", true)]
    public void Only_the_configured_Freedom_House_statuses_raise_the_country_context(string status, bool fires)
    {
        var flags = ScreeningEngine.Screen(ActiveTwinning(TuchowPartner()), Context(indicators: [Indicator("PL", "fh.status", 2024, text: status)]));

        Assert.Equal(fires, flags.Any(f => f.RuleId == RuleIds.CountryContext));
    }

    [Theory]
    [InlineData(2019, true)]  // the newest year (2024) minus IndicatorMaxAgeYears (5): still used
    [InlineData(2018, false)] // older: not used
    public void A_country_indicator_older_than_the_maximum_age_is_not_used(int year, bool fires)
    {
        // The newest year of the indicator is set by another country's row.
        var indicators = new[] { Indicator("DE", "fh.status", 2024, text: "F"), Indicator("CN", "fh.status", year, text: "NF") };

        var flags = ScreeningEngine.Screen(ActiveTwinning(Place(1816670, "Beijing", "CN", "22")), Context(indicators: indicators));

        Assert.Equal(fires, flags.Any(f => f.RuleId == RuleIds.CountryContext));
    }

    [Fact]
    public void The_newest_row_of_a_country_wins_and_two_partners_in_one_country_get_one_flag()
    {
        var indicators = new[] { Indicator("CN", "fh.status", 2023, text: "NF"), Indicator("CN", "fh.status", 2024, text: "PF") };
        var cooperation = new CooperationProject(Commune, "Coopération");
        cooperation.ReplacePartners([Place(1816670, "Beijing", "CN", "22"), Place(1796236, "Shanghai", "CN", "23")]);
        cooperation.Start(EngagementStatus.Proposed, null);

        Assert.Empty(ScreeningEngine.Screen(cooperation, Context(indicators: indicators)));
        var flag = Assert.Single(ScreeningEngine.Screen(cooperation, Context(indicators: [Indicator("CN", "fh.status", 2024, text: "NF")])));
        Assert.Equal("CN", flag.SubjectKey);
    }

    // ---- death-penalty ---------------------------------------------------------------------------------------------

    [Fact]
    public void The_death_penalty_informs_only_members_of_Cities_for_Life_and_only_for_a_retentionist_country()
    {
        const string lyon = "69123";
        var member = ActiveTwinning(Place(1816670, "Beijing", "CN", "22"), commune: lyon);
        var notMember = ActiveTwinning(Place(1816670, "Beijing", "CN", "22"));
        var abolitionist = ActiveTwinning(TuchowPartner(), commune: lyon);
        var indicators = new[] { Indicator("CN", "death-penalty", 2024, text: "Retentionist"), Indicator("PL", "death-penalty", 2024, text: "abolitionist") };
        var context = Context(indicators: indicators);
        context.CitiesForLifeCommunes.Add(lyon);

        var flag = Assert.Single(ScreeningEngine.Screen(member, context));

        Assert.Equal((RuleIds.DeathPenalty, "CN", FlagSeverity.Info), (flag.RuleId, flag.SubjectKey, flag.Severity));
        Assert.Equal([SuggestedActions.Dialogue], flag.SuggestedActions);
        Assert.Equal("https://example.org/death-penalty/2024", flag.Evidence.Single().Url);
        Assert.StartsWith("Chine applique encore la peine de mort (2024)", flag.Explanation);
        Assert.Empty(ScreeningEngine.Screen(notMember, context));
        Assert.Empty(ScreeningEngine.Screen(abolitionist, context));
    }

    // ---- legal-L1115-5 ---------------------------------------------------------------------------------------------

    [Fact]
    public void A_State_partner_is_flagged_where_a_convention_is_concluded_and_not_in_a_network_membership()
    {
        var state = new EngagementPartner { Kind = PartnerKind.State, Name = "Pologne", CountryCode = "PL" };
        var twinning = ActiveTwinning(TuchowPartner());
        // Older data: the register refuses a State partner for a twinning now, but the row may already hold one.
        twinning.Partners.Add(state);
        var membership = new NetworkMembership(Commune, "Réseau", 1);
        membership.Partners.Add(state);
        membership.Start(EngagementStatus.Active, new DateOnly(2010, 1, 1));

        var flag = Assert.Single(ScreeningEngine.Screen(twinning, Context()));

        Assert.Equal((RuleIds.LegalL1115_5, "PL", FlagSeverity.High), (flag.RuleId, flag.SubjectKey, flag.Severity));
        Assert.Equal("Code général des collectivités territoriales, art. L1115-5", flag.Evidence.Single().SourceName);
        Assert.Null(flag.Evidence.Single().Date);
        Assert.Equal([SuggestedActions.CouncilReview], flag.SuggestedActions);
        Assert.Empty(ScreeningEngine.Screen(membership, Context()));
    }

    // ---- deliberation-missing --------------------------------------------------------------------------------------

    [Fact]
    public void An_active_twinning_without_its_deliberation_is_to_regularise_a_proposed_one_is_not()
    {
        var undecided = ActiveTwinning(TuchowPartner(), withDeliberation: false);
        var proposed = new Twinning(Commune, "Projet de jumelage");
        proposed.ReplacePartners([TuchowPartner()]);
        proposed.Start(EngagementStatus.Proposed, null);

        var flag = Assert.Single(ScreeningEngine.Screen(undecided, Context()));

        Assert.Equal((RuleIds.DeliberationMissing, "register", FlagSeverity.Attention), (flag.RuleId, flag.SubjectKey, flag.Severity));
        Assert.Equal([new FlagEvidence("Registre de la commune", null, "2000-03-01")], flag.Evidence);
        Assert.Contains("sans la délibération du conseil municipal", flag.Explanation);
        Assert.Empty(ScreeningEngine.Screen(proposed, Context()));
        Assert.Empty(ScreeningEngine.Screen(ActiveTwinning(TuchowPartner()), Context()));
    }

    // ---- defender-status-changed -----------------------------------------------------------------------------------

    private static HonoraryCitizenship Citizenship(DateOnly? councilVote, params SituationEvent[] situation)
    {
        var citizenship = new HonoraryCitizenship("69123", "Zhang Zhan");
        citizenship.SetPerson("Zhang Zhan", "CN", "journaliste", null, councilVote, null);
        citizenship.ReplaceDeliberations([new Deliberation { Reference = "DCM-2023-12", Date = new DateOnly(2023, 12, 4) }]);
        citizenship.ReplaceSituation(situation);
        citizenship.SetConfidential("CANARY-notes-confidentielles", "CANARY-contacts");
        citizenship.Start(EngagementStatus.Active, new DateOnly(2023, 12, 9));
        return citizenship;
    }

    [Fact]
    public void A_situation_event_after_the_council_vote_is_flagged_with_its_source_and_no_confidential_field()
    {
        var citizenship = Citizenship(new DateOnly(2023, 12, 9),
            new SituationEvent(new DateOnly(2024, 5, 1), DefenderSituation.Released, "Released", "https://duihua.org/prisoner-updates-2025-8", DayUnknown: true),
            new SituationEvent(new DateOnly(2025, 9, 19), DefenderSituation.Sentenced, "Sentenced to another 4 years", "https://www.jurist.org/news/2025/09/x"));

        var flag = Assert.Single(ScreeningEngine.Screen(citizenship, Context()));

        Assert.Equal((RuleIds.DefenderStatusChanged, "situation", FlagSeverity.Attention), (flag.RuleId, flag.SubjectKey, flag.Severity));
        Assert.Equal([new FlagEvidence("www.jurist.org", "https://www.jurist.org/news/2025/09/x", "2025-09-19")], flag.Evidence);
        Assert.Equal("La situation de Zhang Zhan a changé le 2025-09-19 (condamnation) : Sentenced to another 4 years. " +
                     "Dernière décision de la commune : 2023-12-09.", flag.Explanation);
        Assert.DoesNotContain("CANARY", flag.Explanation + string.Join("", flag.Evidence));
    }

    [Fact]
    public void An_event_on_the_day_of_the_last_decision_is_not_news_a_day_later_is_and_a_month_only_date_shows_as_such()
    {
        var decided = new DateOnly(2025, 10, 6);
        var sameDay = Citizenship(new DateOnly(2023, 12, 9), new SituationEvent(decided, DefenderSituation.Detained, null, null));
        var dayAfter = Citizenship(new DateOnly(2023, 12, 9), new SituationEvent(decided.AddDays(1), DefenderSituation.Detained, null, null));
        var context = Context();
        context.DefenderDecisions[sameDay.Id] = decided;
        context.DefenderDecisions[dayAfter.Id] = decided;
        var noVote = Citizenship(null, new SituationEvent(new DateOnly(2024, 5, 1), DefenderSituation.Released, null, null, DayUnknown: true));

        Assert.Empty(ScreeningEngine.Screen(sameDay, context));
        var flag = Assert.Single(ScreeningEngine.Screen(dayAfter, context));
        Assert.EndsWith("Dernière décision de la commune : 2025-10-06.", flag.Explanation);
        // No source URL: the source is the commune's own register.
        Assert.Equal(new FlagEvidence("Chronologie de la situation (registre de la commune)", null, "2025-10-07"), flag.Evidence.Single());
        var first = Assert.Single(ScreeningEngine.Screen(noVote, context));
        Assert.Equal("La situation de Zhang Zhan a changé le 2024-05 (libération).", first.Explanation);
    }

    // ---- every rule ------------------------------------------------------------------------------------------------

    [Fact]
    public void An_ended_engagement_raises_nothing_whatever_the_evidence()
    {
        var twinning = ActiveTwinning(TuchowPartner(), withDeliberation: false);
        var context = Context([Alert(AlertLevel.Place, "PL", Tuchow, "77", "Tuchów")], indicators: [Indicator("PL", "fh.status", 2024, text: "NF")]);
        Assert.Equal(3, ScreeningEngine.Screen(twinning, context).Count);

        twinning.End("Fin du jumelage", new DateOnly(2022, 1, 1));

        Assert.Empty(ScreeningEngine.Screen(twinning, context));
    }

    [Fact]
    public void The_content_hash_changes_with_what_users_see_and_only_with_it()
    {
        var alert = Alert(AlertLevel.Place, "PL", Tuchow, "77", "Tuchów");
        var twinning = ActiveTwinning(TuchowPartner());
        var before = Assert.Single(ScreeningEngine.Screen(twinning, Context([alert]))).ContentHash();
        var again = Assert.Single(ScreeningEngine.Screen(twinning, Context([alert]))).ContentHash();

        alert.RepealedOn = "2024-03";
        var after = Assert.Single(ScreeningEngine.Screen(twinning, Context([alert]))).ContentHash();

        Assert.Equal(before, again);
        Assert.NotEqual(before, after);
        Assert.Equal(64, after.Length);
    }

    [Fact]
    public void The_severities_come_from_the_rules_table()
    {
        var rules = ScreeningRules.Default;
        rules.LocalAlertSeverity = FlagSeverity.Attention;
        var flag = Assert.Single(ScreeningEngine.Screen(ActiveTwinning(TuchowPartner()),
            Context([Alert(AlertLevel.Place, "PL", Tuchow, "77", "Tuchów")], rules: rules)));

        Assert.Equal(FlagSeverity.Attention, flag.Severity);
    }
}

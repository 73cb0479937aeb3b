using CityDiplomacy.Engagements;

namespace CityDiplomacy.Tests.Engagements;

/// <summary>The rules the entities enforce by themselves, whatever the entry point (API, form, import).</summary>
public sealed class EngagementRulesTests
{
    private static readonly DateOnly Signed = new(1965, 3, 12);

    private static EngagementPartner Krakow => new() { Kind = PartnerKind.Place, GeonameId = 3094802, Name = "Kraków", CountryCode = "PL" };
    private static EngagementPartner Poland => new() { Kind = PartnerKind.State, Name = "Pologne", CountryCode = "PL" };

    private static Twinning ActiveTwinning()
    {
        var twinning = new Twinning("45284", "Jumelage avec Kraków");
        twinning.ReplacePartners([Krakow]);
        twinning.SetDates(Signed, null);
        twinning.Start(EngagementStatus.Active, Signed);
        return twinning;
    }

    [Fact]
    public void An_active_twinning_without_deliberation_is_a_draft_awaiting_regularisation()
    {
        var twinning = ActiveTwinning();

        Assert.True(twinning.AwaitingRegularisation);

        twinning.ReplaceDeliberations([new Deliberation { Reference = "DCM-1965-014", Date = new DateOnly(1965, 2, 20) }]);
        Assert.False(twinning.AwaitingRegularisation);
    }

    [Fact]
    public void An_honorary_citizenship_is_decided_by_the_council_too()
    {
        var citizenship = new HonoraryCitizenship("75056", "Alaa Abdel Fattah");
        citizenship.Start(EngagementStatus.Active, new DateOnly(2020, 12, 17));

        Assert.True(citizenship.AwaitingRegularisation);
    }

    [Fact]
    public void A_partnership_active_without_deliberation_is_not_a_draft()
    {
        var partnership = new Partnership("45284", "Échanges universitaires", PartnershipType.University);
        partnership.Start(EngagementStatus.Active, Signed);

        Assert.False(partnership.AwaitingRegularisation);
    }

    [Theory]
    [InlineData(EngagementKind.CooperationProject)]
    [InlineData(EngagementKind.Twinning)]
    [InlineData(EngagementKind.Partnership)]
    public void A_convention_with_a_foreign_State_is_refused_citing_L1115_5(EngagementKind kind)
    {
        Engagement engagement = kind switch
        {
            EngagementKind.CooperationProject => new CooperationProject("45284", "Eau potable"),
            EngagementKind.Twinning => new Twinning("45284", "Jumelage"),
            _ => new Partnership("45284", "Partenariat", PartnershipType.Culture),
        };

        var error = Assert.Throws<DomainRuleException>(() => engagement.ReplacePartners([Poland]));

        Assert.Contains("L1115-5", error.Message);
        Assert.Equal("partners", error.Field);
        Assert.Empty(engagement.Partners);
    }

    [Fact]
    public void A_summit_may_name_a_State_as_host()
    {
        var summit = new Summit("75056", "COP21");

        summit.ReplacePartners([new EngagementPartner { Kind = PartnerKind.State, Name = "France", CountryCode = "FR" }]);

        Assert.Single(summit.Partners);
    }

    [Fact]
    public void A_twinning_has_exactly_one_partner()
    {
        var twinning = new Twinning("45284", "Jumelage");

        Assert.Equal("partner", Assert.Throws<DomainRuleException>(() => twinning.ReplacePartners([])).Field);
    }

    [Fact]
    public void An_end_before_the_start_is_refused()
    {
        var project = new CooperationProject("45284", "Eau potable");

        var error = Assert.Throws<DomainRuleException>(() => project.SetDates(new DateOnly(2024, 1, 1), new DateOnly(2023, 12, 31)));

        Assert.Equal("endedOn", error.Field);
    }

    [Fact]
    public void Budget_amounts_cannot_be_negative()
    {
        var project = new CooperationProject("45284", "Eau potable");

        var error = Assert.Throws<DomainRuleException>(() => project.ReplaceBudget([new BudgetLine(2024, -1, Funder.Commune, null)]));

        Assert.Equal("budgetLines", error.Field);
        project.ReplaceBudget([new BudgetLine(2024, 0, Funder.Afd, null), new BudgetLine(2023, 150_000_00, Funder.Commune, null)]);
        Assert.Equal([2023, 2024], project.BudgetLines.Select(l => l.Year));
    }

    [Fact]
    public void The_prefect_cannot_receive_a_convention_before_it_is_signed()
    {
        var project = new CooperationProject("45284", "Eau potable");

        var error = Assert.Throws<DomainRuleException>(() =>
            project.SetProject(null, "14030", new DateOnly(2024, 5, 2), new DateOnly(2024, 5, 1)));

        Assert.Equal("transmittedToPrefectOn", error.Field);
        Assert.Throws<DomainRuleException>(() => project.SetProject(null, "1403", null, null));
    }

    [Theory]
    [InlineData(null, "2020-02-14", "reason")]
    [InlineData("  ", "2020-02-14", "reason")]
    [InlineData("Résolution anti-LGBT", null, "on")]
    public void Suspending_needs_a_reason_and_a_date(string? reason, string? on, string field)
    {
        var twinning = ActiveTwinning();

        var error = Assert.Throws<DomainRuleException>(() => twinning.Suspend(reason, on is null ? null : DateOnly.Parse(on)));

        Assert.Equal(field, error.Field);
        Assert.Equal(EngagementStatus.Active, twinning.Status);
    }

    [Fact]
    public void Status_events_must_follow_each_other_in_time()
    {
        var twinning = ActiveTwinning();
        twinning.Suspend("Résolution anti-LGBT", new DateOnly(2020, 2, 14));

        var error = Assert.Throws<DomainRuleException>(() => twinning.End("Fin", new DateOnly(2019, 1, 1)));

        Assert.Equal("on", error.Field);
    }

    [Fact]
    public void Resuming_after_a_suspension_needs_a_new_deliberation()
    {
        var twinning = ActiveTwinning();
        twinning.ReplaceDeliberations([new Deliberation { Reference = "DCM-1965-014", Date = new DateOnly(1965, 2, 20) }]);
        twinning.Suspend("Résolution anti-LGBT", new DateOnly(2020, 2, 14));

        Assert.Equal("deliberation", Assert.Throws<DomainRuleException>(() => twinning.Resume(new DateOnly(2023, 3, 1), null)).Field);
        Assert.Equal("deliberation", Assert.Throws<DomainRuleException>(() => twinning.Resume(new DateOnly(2023, 3, 1), "DCM-1965-014")).Field);

        twinning.ReplaceDeliberations([.. twinning.Deliberations, new Deliberation { Reference = "DCM-2023-007", Date = new DateOnly(2023, 2, 20) }]);
        twinning.Resume(new DateOnly(2023, 3, 1), "DCM-2023-007");

        Assert.Equal(EngagementStatus.Active, twinning.Status);
        Assert.Equal(
            [EngagementStatus.Active, EngagementStatus.Suspended, EngagementStatus.Active],
            twinning.StatusHistory.Select(e => e.Status));
    }

    [Fact]
    public void An_ended_engagement_is_read_only_except_its_notes()
    {
        var twinning = ActiveTwinning();
        twinning.End("Dissolution du comité", new DateOnly(2010, 6, 30));

        Assert.True(twinning.IsReadOnly);
        Assert.Throws<DomainRuleException>(() => twinning.Describe("Autre", null, Visibility.Public, [], null, null));
        Assert.Throws<DomainRuleException>(() => twinning.SetDates(Signed, null));
        Assert.Throws<DomainRuleException>(() => twinning.ReplacePartners([Krakow]));
        Assert.Throws<DomainRuleException>(() => twinning.Suspend("x", new DateOnly(2011, 1, 1)));
        Assert.Throws<DomainRuleException>(() => twinning.Resume(new DateOnly(2011, 1, 1), null));

        twinning.SetNotes("Archives versées aux archives municipales.");
        Assert.Equal("Archives versées aux archives municipales.", twinning.Notes);
        Assert.Equal(new DateOnly(2010, 6, 30), twinning.EndedOn);
    }

    [Fact]
    public void A_new_engagement_cannot_start_suspended_without_reason_and_date()
    {
        var twinning = new Twinning("45284", "Jumelage avec Tuchów");

        Assert.Equal("reason", Assert.Throws<DomainRuleException>(() => twinning.Start(EngagementStatus.Suspended, new DateOnly(2020, 2, 14))).Field);
        Assert.Equal("on", Assert.Throws<DomainRuleException>(() => twinning.Start(EngagementStatus.Ended, null, "Fin")).Field);
    }

    [Theory]
    [InlineData("W123456789", true)]
    [InlineData("w123456789", true)]
    [InlineData("W12345678", false)]
    [InlineData("123456789W", false)]
    public void A_twinning_committee_RNA_number_is_W_and_nine_digits(string rna, bool valid)
    {
        var twinning = new Twinning("45284", "Jumelage");

        if (valid) twinning.SetCommittee("Comité de jumelage", rna);
        else Assert.Equal("committeeRna", Assert.Throws<DomainRuleException>(() => twinning.SetCommittee("Comité", rna)).Field);
    }

    [Fact]
    public void A_defender_situation_timeline_is_kept_in_date_order_and_the_last_event_is_current()
    {
        var citizenship = new HonoraryCitizenship("69123", "Zhang Zhan");
        citizenship.AddSituation(new SituationEvent(new DateOnly(2024, 8, 28), DefenderSituation.Detained, "Detained again", "https://duihua.org/prisoner-updates-2025-8"));
        citizenship.AddSituation(new SituationEvent(new DateOnly(2024, 5, 1), DefenderSituation.Released, "Released", "https://duihua.org/prisoner-updates-2025-8", DayUnknown: true));

        Assert.Equal(DefenderSituation.Detained, citizenship.CurrentSituation!.Situation);
        Assert.Equal(DefenderSituation.Released, citizenship.Situation[0].Situation);
    }

    [Fact]
    public void Fees_cannot_be_negative_and_world_day_years_are_plausible()
    {
        var membership = new NetworkMembership("75056", "C40", 1);
        Assert.Equal("feeCents", Assert.Throws<DomainRuleException>(() => membership.SetMembership(1, null, -5)).Field);
        Assert.Equal("year", Assert.Throws<DomainRuleException>(() => new WorldDayObservance("75056", "Villes pour la vie", 1, 3024)).Field);
    }
}

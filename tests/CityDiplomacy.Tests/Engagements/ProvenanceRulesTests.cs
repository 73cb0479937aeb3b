using CityDiplomacy.Engagements;

namespace CityDiplomacy.Tests.Engagements;

/// <summary>Provenance, confirmation and dismissal: rules the entity owns, whatever the entry point.</summary>
public sealed class ProvenanceRulesTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);
    private const string Wikipedia = "Wikipédia, villes jumelles (CC BY-SA 4.0) : twin.csv";

    private static Twinning Reported()
    {
        var twinning = new Twinning("01053", "Jumelage avec Bad Kreuznach");
        twinning.ReplacePartners([new EngagementPartner { Kind = PartnerKind.Place, GeonameId = 2953402, Name = "Bad Kreuznach", CountryCode = "DE" }]);
        twinning.Start(EngagementStatus.Reported, on: null);
        twinning.SetProvenance(Wikipedia, "abc", "ligne 12", Provenance.Directory);
        return twinning;
    }

    [Fact]
    public void A_directory_record_is_reported_and_not_the_communes_paperwork()
    {
        var twinning = Reported();

        Assert.Equal(Provenance.Directory, twinning.Provenance);
        Assert.Equal(EngagementStatus.Reported, twinning.Status);
        Assert.False(twinning.AwaitingRegularisation);
        Assert.Equal("signalé", EngagementStatuses.Label(EngagementStatus.Reported));
        Assert.Equal("reported", EngagementStatuses.Slug(EngagementStatus.Reported));
        Assert.Equal("directory", Slugs.Of(Provenance.Directory));
    }

    [Fact]
    public void Confirming_makes_the_record_the_communes_and_keeps_the_directory_among_its_sources()
    {
        var twinning = Reported();

        twinning.Confirm(EngagementStatus.Active, new DateOnly(1966, 5, 8),
            new Deliberation { Reference = "DCM-1966-03", Date = new DateOnly(1966, 4, 2) }, "Vérifié aux archives.", Today);

        Assert.Equal(Provenance.Commune, twinning.Provenance);
        Assert.Equal(EngagementStatus.Active, twinning.Status);
        Assert.Equal(new DateOnly(1966, 5, 8), twinning.StartedOn);
        Assert.Equal(Today, twinning.ConfirmedOn);
        Assert.Equal("DCM-1966-03", Assert.Single(twinning.Deliberations).Reference);
        Assert.False(twinning.AwaitingRegularisation);
        Assert.Equal(Wikipedia, Assert.Single(twinning.Sources).Name);
        Assert.Equal(Wikipedia, twinning.SourceName);
        Assert.Equal(EngagementStatus.Active, twinning.StatusHistory[^1].Status);
    }

    [Fact]
    public void A_confirmed_active_record_without_deliberation_is_awaiting_regularisation_for_the_commune()
    {
        var twinning = Reported();

        twinning.Confirm(EngagementStatus.Active, null, null, null, Today);

        Assert.True(twinning.AwaitingRegularisation);
    }

    [Theory]
    [InlineData(EngagementStatus.Reported)]
    [InlineData(EngagementStatus.Proposed)]
    public void Confirming_needs_a_status_the_commune_states(EngagementStatus status)
    {
        var error = Assert.Throws<DomainRuleException>(() => Reported().Confirm(status, null, null, null, Today));
        Assert.Equal("status", error.Field);
    }

    [Fact]
    public void Confirming_an_ended_twinning_needs_its_reason()
    {
        var error = Assert.Throws<DomainRuleException>(() => Reported().Confirm(EngagementStatus.Ended, null, null, null, Today));
        Assert.Equal("note", error.Field);
    }

    [Fact]
    public void Confirming_refuses_a_future_signature_and_a_deliberation_without_reference()
    {
        Assert.Equal("signedOn", Assert.Throws<DomainRuleException>(
            () => Reported().Confirm(EngagementStatus.Active, Today.AddDays(1), null, null, Today)).Field);
        Assert.Equal("deliberation.reference", Assert.Throws<DomainRuleException>(
            () => Reported().Confirm(EngagementStatus.Active, null, new Deliberation { Reference = " ", Date = Today }, null, Today)).Field);
        Assert.Equal("deliberation.date", Assert.Throws<DomainRuleException>(
            () => Reported().Confirm(EngagementStatus.Active, null, new Deliberation { Reference = "D-1", Date = Today.AddDays(3) }, null, Today)).Field);
    }

    [Fact]
    public void A_communes_own_record_is_not_confirmed_again_nor_dismissed()
    {
        var twinning = Reported();
        twinning.Confirm(EngagementStatus.Dormant, null, null, null, Today);

        Assert.Equal("provenance", Assert.Throws<DomainRuleException>(() => twinning.Confirm(EngagementStatus.Active, null, null, null, Today)).Field);
        Assert.Equal("provenance", Assert.Throws<DomainRuleException>(() => twinning.Dismiss("n'existe pas", Today)).Field);
    }

    [Fact]
    public void Dismissing_keeps_the_record_with_its_reason()
    {
        var twinning = Reported();

        Assert.Equal("reason", Assert.Throws<DomainRuleException>(() => twinning.Dismiss("  ", Today)).Field);
        twinning.Dismiss("Ce jumelage n'existe plus depuis 1990.", Today);

        Assert.True(twinning.IsDismissed);
        Assert.Equal(Today, twinning.DismissedOn);
        Assert.Equal("Ce jumelage n'existe plus depuis 1990.", twinning.DismissalReason);
        Assert.Equal(EngagementStatus.Reported, twinning.Status);
        Assert.Equal("reason", Assert.Throws<DomainRuleException>(() => twinning.Dismiss("encore", Today)).Field);
    }

    [Fact]
    public void Editing_a_reported_record_confirms_it_as_active()
    {
        var twinning = Reported();

        twinning.ConfirmByEdit(Today);

        Assert.Equal(Provenance.Commune, twinning.Provenance);
        Assert.Equal(EngagementStatus.Active, twinning.Status);
    }

    [Fact]
    public void An_observed_record_cites_its_source_url()
    {
        var twinning = new Twinning("01053", "Jumelage avec Bad Kreuznach");

        Assert.Equal("sourceUrl", Assert.Throws<DomainRuleException>(() => twinning.Observe("Le Progrès", null)).Field);
        Assert.Equal("sourceUrl", Assert.Throws<DomainRuleException>(() => twinning.Observe("Le Progrès", "pas une adresse")).Field);

        twinning.Observe("Le Progrès", "https://www.leprogres.fr/article-123");

        Assert.Equal(Provenance.Observed, twinning.Provenance);
        Assert.Equal("https://www.leprogres.fr/article-123", twinning.SourceUrl);
        Assert.Equal("Le Progrès", twinning.SourceName);
    }
}

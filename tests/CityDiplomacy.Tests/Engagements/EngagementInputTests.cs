using CityDiplomacy.Engagements;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static CityDiplomacy.Tests.Engagements.RegisterApi;

namespace CityDiplomacy.Tests.Engagements;

/// <summary>The inputs that the API, the forms and the importer share: validated once, applied through the entity's rules.</summary>
public sealed class EngagementInputTests
{
    [Fact]
    public void Validation_reads_dates_slugs_and_addresses_without_a_database()
    {
        var input = new TwinningInput
        {
            SignedOn = "1990-02-31",
            Visibility = "Internal",
            Themes = ["peace", "Human-Rights"],
            Deliberations = [new DeliberationInput { Reference = "DCM-1", Date = "2020-01-01", Url = "ftp://example.org" }],
            Activities = [new ActivityInput { On = "2020-01-01" }],
            Committee = new CommitteeInput { Name = new string('x', 301) },
        };

        var errors = input.Validate();

        Assert.Equal(
            ["activities[0].description", "activities[0].kind", "committee.name", "deliberations[0].url", "partner", "signedOn"],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(new TransitionInput { Reason = "Motif", On = "2020-02-29" }.Validate());
        Assert.Equal(["on"], new TransitionInput { On = "2021-02-29" }.Validate().Keys);
    }

    [Fact]
    public void Slugs_are_kebab_case_with_eu_for_the_european_union()
    {
        Assert.Equal("medical-release", Slugs.Of(DefenderSituation.MedicalRelease));
        Assert.Equal("cross-border", Slugs.Of(Theme.CrossBorder));
        Assert.Equal("eu", Slugs.Of(Funder.EuropeanUnion));
        Assert.Equal(Funder.EuropeanUnion, Slugs.Parse<Funder>(" EU "));
        Assert.Equal(Theme.EducationYouth, Slugs.Parse<Theme>("education-youth"));
        Assert.Null(Slugs.Parse<EngagementStatus>("1"));
        Assert.Null(Slugs.Parse<EngagementStatus>("Paused"));
    }

    [Fact]
    public async Task Applying_an_input_that_was_not_validated_throws_with_its_errors()
    {
        var input = new SummitInput { StartOn = "2023-02-30" };
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => input.CreateAsync(Commune, null!));
        Assert.Equal(["startOn", "title"], error.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_input_of_an_engagement_reproduces_it_without_a_change(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await AddCataloguesAsync(app);
        using var officer = await app.OfficerAsync();
        foreach (var route in Routes) await officer.CreateAsync(route, Creation(route));

        await using var db = app.OpenDb();
        var engagements = await db.Engagements
            .Include(e => ((NetworkMembership)e).Network)
            .Include(e => ((WorldDayObservance)e).WorldDay)
            .ToListAsync();
        Assert.Equal(Routes.Length, engagements.Count);
        foreach (var engagement in engagements)
        {
            var input = EngagementInput.For(engagement);
            Assert.Empty(input.Validate());
            await input.ApplyToAsync(engagement, db);
            db.ChangeTracker.DetectChanges();
            Assert.False(db.ChangeTracker.HasChanges(), $"{engagement.Kind}: {db.ChangeTracker.DebugView.ShortView}");
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Partners_given_by_name_are_resolved_in_their_country_and_an_ambiguous_name_lists_its_candidates(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await using var db = app.OpenDb();

        var cracovie = await db.ResolvePartnerAsync(new PartnerInput { Name = "cracovie", Country = "pl" }, "partner");
        Assert.Equal((PartnerKind.Place, 3094802, "Kraków", "PL"), (cracovie.Kind, cracovie.GeonameId!.Value, cracovie.Name, cracovie.CountryCode));
        Assert.NotNull(cracovie.Latitude);

        // Many places are called Springfield in the United States: none is taken for the user, the candidates are listed;
        // with the region, the one of Illinois.
        var ambiguous = await Assert.ThrowsAsync<DomainRuleException>(() =>
            db.ResolvePartnerAsync(new PartnerInput { Name = "springfield", Country = "US" }, "partner"));
        Assert.Equal("partner", ambiguous.Field);
        Assert.True(ambiguous.Candidates is { Count: > 1 });
        Assert.All(ambiguous.Candidates!, c => Assert.Equal(("Springfield", "US"), (c.Name, c.CountryCode)));
        Assert.Contains("GeoNames", ambiguous.Message);
        var candidates = await db.Places.Where(p => p.CountryCode == "US" && p.Name == "Springfield").ToListAsync();
        var inIllinois = await db.ResolvePartnerAsync(new PartnerInput { Name = "Springfield", Country = "US", Admin1 = "IL" }, "partner");
        Assert.Equal(candidates.Where(p => p.Admin1Code == "IL").MaxBy(p => p.Population)!.GeonameId, inIllinois.GeonameId);

        var state = await db.ResolvePartnerAsync(new PartnerInput { Country = "sn" }, "partner");
        Assert.Equal((PartnerKind.State, "Sénégal", "SN"), (state.Kind, state.Name, state.CountryCode));
        Assert.Null(state.GeonameId);

        var rule = await Assert.ThrowsAsync<DomainRuleException>(() => db.ResolvePartnerAsync(new PartnerInput { Name = "Atlantis", Country = "DE" }, "partners[1]"));
        Assert.Equal("partners[1]", rule.Field);
        await Assert.ThrowsAsync<DomainRuleException>(() => db.ResolvePartnerAsync(new PartnerInput { Admin1 = "99", Country = "PL" }, "partner"));
    }
}

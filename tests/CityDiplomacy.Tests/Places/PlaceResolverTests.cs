using CityDiplomacy.Places;

namespace CityDiplomacy.Tests.Places;

/// <summary>The cases that trap naive code, on the real reference data.</summary>
public sealed class PlaceResolverTests(ResolverFixture fixture) : IClassFixture<ResolverFixture>
{
    private const int Vienna = 2761369, VienneIsere = 2969284, Koln = 2886242, CologneGers = 3024280;
    private const int Valencia = 2509954, ValenceDrome = 2971053, TripoliLebanon = 266826, TripoliLibya = 2210247;
    private const int SaintLouisSenegal = 2246452, Krasnik = 767623, Krakow = 3094802, Nablus = 282615, Aachen = 3247449;
    private const int BoboDioulasso = 2362344, Cairo = 360630, TheHague = 2747373, SanktPolten = 2766429;
    private const int WatermaelBoitsfort = 2783979, Tuchow = 756634, ColonnaLazio = 3178269, Kyiv = 703448, Lviv = 702550;
    private const int Wroclaw = 3081368, PointeAPitre = 3578599, Wiesbaden = 2809346;

    private PlaceResolver Resolver => fixture.Resolver;

    private PlaceCandidate Resolved(string query, string? country = null)
    {
        var resolution = Resolver.Resolve(query, country);
        Assert.True(resolution.Resolved, $"« {query} » ({country}) non résolu : {string.Join(" | ", resolution.Candidates.Select(c => $"{c.Name} {c.CountryCode} {c.Score} {c.Reason}"))}");
        return resolution.Best!;
    }

    [Fact]
    public void Vienne_with_Austria_is_Vienna_not_the_French_commune()
    {
        Assert.Equal(Vienna, Resolved("Vienne", "AT").GeonameId);
        Assert.Equal(Vienna, Resolved("Vienne", "Autriche").GeonameId);
    }

    [Fact]
    public void Vienne_with_France_is_the_commune_of_Isere() =>
        Assert.Equal(VienneIsere, Resolved("Vienne", "FR").GeonameId);

    [Fact]
    public void Cologne_is_Koln_in_Germany_and_the_village_of_the_Gers_in_France()
    {
        Assert.Equal(Koln, Resolved("Cologne", "DE").GeonameId);
        Assert.Equal(CologneGers, Resolved("Cologne", "France").GeonameId);
    }

    [Fact]
    public void Valence_is_Valencia_in_Spain_and_the_Drome_prefecture_in_France()
    {
        Assert.Equal(Valencia, Resolved("Valence", "ES").GeonameId);
        Assert.Equal(ValenceDrome, Resolved("Valence", "FRA").GeonameId);
    }

    [Fact]
    public void Tripoli_follows_the_country()
    {
        Assert.Equal(TripoliLebanon, Resolved("Tripoli", "LB").GeonameId);
        Assert.Equal(TripoliLibya, Resolved("Tripoli", "Libye").GeonameId);
    }

    [Fact]
    public void Saint_Louis_of_Senegal() => Assert.Equal(SaintLouisSenegal, Resolved("Saint-Louis", "SN").GeonameId);

    [Fact]
    public void Administrative_words_are_not_part_of_the_name()
    {
        Assert.Equal(Krasnik, Resolved("Kraśnik County").GeonameId);
        Assert.Equal(Krasnik, Resolved("Kraśnik County", "Poland").GeonameId);
        Assert.Equal(Tuchow, Resolved("Gmina Tuchów").GeonameId);
    }

    [Fact]
    public void The_country_may_be_written_in_the_text()
    {
        var krakow = Resolver.Resolve("Cracovie (Pologne)");
        Assert.True(krakow.Resolved);
        Assert.Equal(Krakow, krakow.Best!.GeonameId);
        Assert.Equal("PL", krakow.Country);
        Assert.Equal(Nablus, Resolved("Naplouse, Territoires palestiniens").GeonameId);
        Assert.Equal(Nablus, Resolved("Naplouse, Palestine").GeonameId);
    }

    [Fact]
    public void French_exonyms_lead_to_the_foreign_city()
    {
        Assert.Equal(Aachen, Resolved("Aix-la-Chapelle").GeonameId);
        Assert.Equal(Cairo, Resolved("Le Caire").GeonameId);
        Assert.Equal(TheHague, Resolved("La Haye").GeonameId);
        Assert.Equal(Wiesbaden, Resolved("Wiesbade", "Allemagne").GeonameId);
        Assert.Equal(Krakow, Resolved("Cracovie", "PL").GeonameId);
    }

    [Fact]
    public void Bobo_Dioulasso_in_Burkina_Faso() => Assert.Equal(BoboDioulasso, Resolved("Bobo-Dioulasso", "BF").GeonameId);

    [Theory]
    [InlineData("Sankt Pölten")]
    [InlineData("St. Pölten")]
    [InlineData("Saint-Pölten")]
    [InlineData("ST POLTEN")]
    public void A_saint_may_be_written_any_way(string query) => Assert.Equal(SanktPolten, Resolved(query, "AT").GeonameId);

    [Fact]
    public void A_bilingual_name_is_one_place()
    {
        Assert.Equal(WatermaelBoitsfort, Resolved("Watermael-Boitsfort / Watermaal-Bosvoorde", "BE").GeonameId);
        Assert.Equal(WatermaelBoitsfort, Resolved("Watermaal-Bosvoorde", "BE").GeonameId);
    }

    [Fact]
    public void A_region_after_a_comma_narrows_to_that_region()
    {
        var colonna = Resolved("Colonna, Lazio");
        Assert.Equal(ColonnaLazio, colonna.GeonameId);
        Assert.Equal("07", colonna.Admin1Code);
        Assert.Contains("Lazio", colonna.Reason);
    }

    [Theory]
    [InlineData("Kiev", Kyiv)]
    [InlineData("Kyiv", Kyiv)]
    [InlineData("Lvov", Lviv)]
    [InlineData("Lviv", Lviv)]
    [InlineData("Lwów", Lviv)]
    public void Transliterations_meet_the_same_city(string query, int geonameId)
    {
        Assert.Equal(geonameId, Resolved(query).GeonameId);
        Assert.Equal(geonameId, Resolved(query, "UA").GeonameId);
    }

    [Fact]
    public void A_letter_typed_twice_is_forgiven_within_the_country()
    {
        var wroclaw = Resolved("Wroclaww", "PL");
        Assert.Equal(Wroclaw, wroclaw.GeonameId);
        Assert.Contains("faute de frappe", wroclaw.Reason);

        // Without a country, a typo is only a candidate.
        var unsure = Resolver.Resolve("Wroclaww");
        Assert.False(unsure.Resolved);
        Assert.Equal(Wroclaw, unsure.Candidates[0].GeonameId);
    }

    [Fact]
    public void French_overseas_places_count_as_France() =>
        Assert.Equal(PointeAPitre, Resolved("Pointe-à-Pitre", "France").GeonameId);

    [Theory]
    [InlineData("Bavière", "DE", "02")]
    [InlineData("Małopolska", "PL", "77")]
    [InlineData("Lesser Poland Voivodeship", "PL", "77")]
    [InlineData("Basse-Saxe", "DE", "06")]
    public void A_first_level_region_resolves_as_admin1(string query, string country, string admin1Code)
    {
        var region = Resolved(query);
        Assert.Equal(PlaceCandidate.RegionKind, region.Kind);
        Assert.Null(region.GeonameId);
        Assert.Equal(country, region.CountryCode);
        Assert.Equal(admin1Code, region.Admin1Code);
        Assert.Equal("ADM1", region.FeatureCode);
    }

    [Fact]
    public void A_city_named_like_its_region_is_the_city() =>
        Assert.Equal(PlaceCandidate.PlaceKind, Resolved("Valencia", "ES").Kind);

    [Fact]
    public void Atlantide_is_unresolved_with_no_confident_answer()
    {
        var atlantide = Resolver.Resolve("Atlantide");
        Assert.False(atlantide.Resolved);
        Assert.Null(atlantide.Best);
    }

    [Fact]
    public void An_unknown_country_leaves_the_query_unresolved()
    {
        var paris = Resolver.Resolve("Paris", "Atlantide");
        Assert.False(paris.Resolved);
        Assert.Null(paris.Country);
        Assert.NotEmpty(paris.Candidates);
    }

    [Fact]
    public void A_place_outside_the_country_given_is_neither_an_answer_nor_a_candidate_but_a_hint_apart()
    {
        var tuchow = Resolver.Resolve("Tuchów", "Italie");
        Assert.False(tuchow.Resolved);
        Assert.Empty(tuchow.Candidates);
        Assert.True(tuchow.NoneInCountry);
        Assert.Equal(Tuchow, tuchow.OtherCountries[0].GeonameId);
        Assert.Contains("au lieu de IT", tuchow.OtherCountries[0].Reason);
    }

    [Theory]
    [InlineData("CA")]
    [InlineData("Canada")]
    [InlineData("CAN")]
    public void Saint_Lambert_in_Canada_has_no_candidate_there_and_the_French_places_are_only_a_hint(string country)
    {
        var lambert = Resolver.Resolve("Saint-Lambert", country);

        Assert.False(lambert.Resolved);
        Assert.Equal("CA", lambert.Country);
        Assert.Empty(lambert.Candidates);
        Assert.True(lambert.NoneInCountry);
        Assert.NotEmpty(lambert.OtherCountries);
        Assert.All(lambert.OtherCountries, c => Assert.NotEqual("CA", c.CountryCode));
        Assert.Contains(lambert.OtherCountries, c => c.CountryCode == "FR");
        // Without a country, the same places are candidates as before.
        var anywhere = Resolver.Resolve("Saint-Lambert");
        Assert.False(anywhere.NoneInCountry);
        Assert.Empty(anywhere.OtherCountries);
        Assert.Equal(lambert.OtherCountries.Select(c => c.GeonameId), anywhere.Candidates.Select(c => c.GeonameId));
    }

    [Fact]
    public void With_a_country_every_candidate_lies_in_it_and_nothing_is_listed_elsewhere()
    {
        var springfield = Resolver.Resolve("Springfield", "US", limit: 20);
        Assert.True(springfield.Candidates.Count >= 2);
        Assert.All(springfield.Candidates, c => Assert.Equal("US", c.CountryCode));
        Assert.False(springfield.NoneInCountry);
        Assert.Empty(springfield.OtherCountries);

        // A country named in the text is a country asked for too; France includes its overseas departments.
        var vienne = Resolver.Resolve("Vienne (France)", limit: 20);
        Assert.All(vienne.Candidates, c => Assert.Contains(c.CountryCode, CountryNames.FrenchOverseas.Append("FR")));
        Assert.Equal(VienneIsere, vienne.Best?.GeonameId);
    }

    [Fact]
    public void Homonyms_of_similar_size_stay_unresolved_until_a_coordinate_hint_tells_them_apart()
    {
        var kastl = Resolver.Resolve("Kastl", "DE");
        Assert.False(kastl.Resolved);
        Assert.True(kastl.Candidates.Count(c => c.Name == "Kastl") >= 2);

        var second = kastl.Candidates[1];
        var hinted = Resolver.Resolve("Kastl", "DE", new GeoPoint(second.Latitude!.Value, second.Longitude!.Value));
        Assert.True(hinted.Resolved);
        Assert.Equal(second.GeonameId, hinted.Best!.GeonameId);
        Assert.Contains("km du point indiqué", hinted.Best.Reason);
    }

    [Fact]
    public void The_reason_says_in_French_what_matched()
    {
        var lviv = Resolved("Lvov", "UA");
        Assert.Equal("nom alternatif exact « Lvov », pays UA concordant, PPLA", lviv.Reason);
        Assert.StartsWith("exonyme français « Aix-la-Chapelle »", Resolved("Aix-la-Chapelle", "DE").Reason);
    }

    [Fact]
    public void Candidates_are_ranked_and_limited()
    {
        var vienne = Resolver.Resolve("Vienne", limit: 3);
        Assert.Equal(3, vienne.Candidates.Count);
        Assert.True(vienne.Candidates.Zip(vienne.Candidates.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        Assert.All(vienne.Candidates, c => Assert.InRange(c.Score, 0, 1));
    }
}

using CityDiplomacy.Places;
using CityDiplomacy.Reference;

namespace CityDiplomacy.Tests.Places;

/// <summary>The pure parts of the resolver: name forms, typos, query text, country names.</summary>
public sealed class NameFormsTests
{
    [Theory]
    [InlineData("Gmina Tuchów", "tuchow")]
    [InlineData("Kraśnik County", "krasnik")]
    [InlineData("Commune de Bobo-Dioulasso", "bobo dioulasso")]
    [InlineData("London Borough of Harrow", "harrow")]
    [InlineData("Landkreis Emsland", "emsland")]
    [InlineData("Powiat Nowy Sącz", "nowy sacz")]
    [InlineData("Sankt Pölten", "st polten")]
    [InlineData("São Paulo", "st paulo")]
    [InlineData("Santa Cruz", "st cruz")]
    [InlineData("Le Caire", "caire")]
    [InlineData("'s-Hertogenbosch", "hertogenbosch")]
    [InlineData("Remseck am Neckar", "remseck")]
    [InlineData("Weissach im Tal", "weissach")]
    [InlineData("Neustadt an der Weinstraße", "neustadt")]
    [InlineData("Boulogne-sur-Mer", "boulogne")]
    [InlineData("Mexico City", "mexico")]
    public void The_canonical_form_drops_what_is_not_the_name(string name, string canonical) =>
        Assert.Equal(canonical, NameForms.Canonical(NameFolding.Fold(name)));

    [Theory]
    [InlineData("Paris")]
    [InlineData("Saint-Jean-de-Braye")]
    [InlineData("County")]
    [InlineData("San")]
    [InlineData("La Paz")]
    public void The_canonical_form_keeps_what_would_leave_nothing_or_is_the_name(string name)
    {
        var folded = NameFolding.Fold(name);
        var canonical = NameForms.Canonical(folded);
        Assert.NotEmpty(canonical);
        if (name is "Paris" or "County" or "San") Assert.Equal(folded, canonical);
    }

    [Theory]
    [InlineData("Tchernivtsi", "Chernivtsi")]
    [InlineData("Djeddah", "Jeddah")]
    [InlineData("Boukhara", "Bukhara")]
    [InlineData("Iekaterinbourg", "Yekaterinburg")]
    [InlineData("Novossibirsk", "Novosibirsk")]
    [InlineData("Wroclaww", "Wrocław")]
    [InlineData("Jaroslawl", "Yaroslavl")]
    public void Transliteration_variants_share_a_skeleton(string a, string b) =>
        Assert.Equal(NameForms.Skeleton(NameFolding.Fold(a)), NameForms.Skeleton(NameFolding.Fold(b)));

    [Theory]
    [InlineData("Isaba", "Acebo")]
    [InlineData("Lviv", "Lvov")]
    [InlineData("Wolfsberg", "Wolfsburg")]
    public void Different_names_keep_different_skeletons(string a, string b) =>
        Assert.NotEqual(NameForms.Skeleton(NameFolding.Fold(a)), NameForms.Skeleton(NameFolding.Fold(b)));

    [Fact]
    public void Names_in_other_scripts_and_short_names_have_no_skeleton()
    {
        Assert.Null(NameForms.Skeleton(NameFolding.Fold("Краков")));
        Assert.Null(NameForms.Skeleton("ulm"));
    }

    [Theory]
    [InlineData("wiesbade", "wiesbaden")]
    [InlineData("bade bade", "baden baden")]
    [InlineData("gottingue", "gottinguen")]
    public void The_french_dropped_n_is_restored(string exonym, string expected) =>
        Assert.Equal(expected, NameForms.FrenchAdaptationReversed(exonym));

    [Fact]
    public void A_name_without_final_e_has_no_adapted_form() => Assert.Null(NameForms.FrenchAdaptationReversed("krakow"));

    [Theory]
    [InlineData("wroclaw", "wroclaw", 0)]
    [InlineData("wroclaww", "wroclaw", 1)]
    [InlineData("wrcolaw", "wroclaw", 1)]
    [InlineData("wroclaw", "wroclav", 1)]
    [InlineData("wroclaw", "krakow", 3)]
    [InlineData("gottingen", "gotingen", 1)]
    [InlineData("abcdef", "badcfe", 3)]
    public void The_distance_counts_edits_and_stops_past_the_bound(string a, string b, int expected) =>
        Assert.Equal(expected, NameForms.Distance(a, b, 2));

    [Theory]
    [InlineData("wroclaww", "wroclaw", true)]
    [InlineData("wrcolaw", "wroclaw", true)]
    [InlineData("wolfsberg", "wolfsburg", false)]
    [InlineData("ronvaux", "bronvaux", false)]
    [InlineData("joal fadiouth", "joal fadiout", false)]
    public void Only_a_doubled_or_swapped_letter_is_a_slip(string typed, string name, bool slip) =>
        Assert.Equal(slip, NameForms.IsKeyboardSlip(typed, name));

    [Theory]
    [InlineData("Wroclaw", 1)]
    [InlineData("Ulm", 0)]
    [InlineData("Aix-la-Chapelle", 2)]
    public void Longer_names_tolerate_more_typos(string name, int allowance) =>
        Assert.Equal(allowance, NameForms.TypoAllowance(NameFolding.Fold(name)));

    [Fact]
    public void Region_words_say_the_text_is_a_region()
    {
        Assert.True(NameForms.NamesRegion(NameFolding.Fold("Łódź Voivodeship")));
        Assert.True(NameForms.NamesRegion(NameFolding.Fold("Région wallonne")));
        Assert.False(NameForms.NamesRegion(NameFolding.Fold("Łódź")));
    }

    [Fact]
    public void Query_text_splits_name_bilingual_forms_and_qualifiers()
    {
        var krakow = QueryText.Parse("  Cracovie   (Pologne) ");
        Assert.Equal("Cracovie (Pologne)", krakow.Whole);
        Assert.Equal(["Cracovie"], krakow.Names);
        Assert.Equal(["Pologne"], krakow.Qualifiers);

        var colonna = QueryText.Parse("Colonna, Lazio, Italie");
        Assert.Equal(["Colonna"], colonna.Names);
        Assert.Equal(["Lazio", "Italie"], colonna.Qualifiers);

        var watermael = QueryText.Parse("Watermael-Boitsfort / Watermaal-Bosvoorde");
        Assert.Equal(["Watermael-Boitsfort / Watermaal-Bosvoorde", "Watermael-Boitsfort", "Watermaal-Bosvoorde"], watermael.Names);

        var roncal = QueryText.Parse("Roncal – Erronkari");
        Assert.Equal(["Roncal – Erronkari", "Roncal", "Erronkari"], roncal.Names);
    }

    [Fact]
    public void A_hyphenated_name_is_not_split() =>
        Assert.Equal(["Bobo-Dioulasso"], QueryText.Parse("Bobo-Dioulasso").Names);

    private static readonly CountryNames Countries = new(
    [
        Country("PL", "POL", "Pologne", "Poland"),
        Country("NL", "NLD", "Pays-Bas", "Netherlands", aliasesEn: "The Netherlands|Netherlands (Kingdom of the)"),
        Country("CD", "COD", "République démocratique du Congo", "Democratic Republic of the Congo", aliasesEn: "Congo"),
        Country("CG", "COG", "République du Congo", "Republic of the Congo", aliasesEn: "Congo"),
        Country("FR", "FRA", "France", "France"),
        Country("GP", "GLP", "Guadeloupe", "Guadeloupe"),
        Country("GB", "GBR", "Royaume-Uni", "United Kingdom", aliasesEn: "UK"),
        Country("PS", "PSE", "Palestine", "State of Palestine"),
        Country("MD", "MDA", "Moldavie", "Moldova, Republic of"),
    ]);

    private static Country Country(string code, string alpha3, string nameFr, string nameEn, string aliasesEn = "") => new()
    {
        Code = code, Alpha3 = alpha3, Numeric = "000", NameFr = nameFr, NameEn = nameEn, AliasesEn = aliasesEn, DatasetVersion = "test",
    };

    [Theory]
    [InlineData("PL", "PL")]
    [InlineData("pl", "PL")]
    [InlineData("POL", "PL")]
    [InlineData("Pologne", "PL")]
    [InlineData("la Pologne", "PL")]
    [InlineData("POLAND", "PL")]
    [InlineData("Kingdom of the Netherlands", "NL")]
    [InlineData("Hollande", "NL")]
    [InlineData("Republic of the Congo", "CG")]
    [InlineData("Congo", "CD/CG")]
    [InlineData("Angleterre", "GB")]
    [InlineData("UK", "GB")]
    [InlineData("Territoires palestiniens", "PS")]
    [InlineData("Palestinian territories", "PS")]
    [InlineData("Moldova", "MD")]
    public void Countries_are_found_by_code_or_by_name(string text, string code) =>
        Assert.Equal(code, Countries.Find(text)?.Code);

    [Fact]
    public void France_includes_its_overseas_departments_and_collectivities()
    {
        var france = Countries.Find("France")!;
        Assert.True(france.Contains("FR"));
        Assert.All(CountryNames.FrenchOverseas, code => Assert.True(france.Contains(code), code));
        Assert.False(Countries.Find("Guadeloupe")!.Contains("FR"));
    }

    [Theory]
    [InlineData("Atlantide")]
    [InlineData("XX")]
    [InlineData("")]
    public void An_unknown_country_is_not_found(string text) => Assert.Null(Countries.Find(text));
}

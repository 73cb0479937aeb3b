using System.Net;
using System.Text.Json;
using CityDiplomacy.Tests.Infrastructure;

namespace CityDiplomacy.Tests.Places;

/// <summary>GET /api/places/resolve on every configured database.</summary>
public sealed class ResolveApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Resolve_answers_the_best_place_with_candidates_and_reasons(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);

        var krakow = await app.GetJsonAsync("/api/places/resolve?q=" + Uri.EscapeDataString("Cracovie (Pologne)"));
        Assert.Equal("Cracovie (Pologne)", krakow.GetProperty("query").GetString());
        Assert.Equal("PL", krakow.GetProperty("country").GetString());
        Assert.True(krakow.GetProperty("resolved").GetBoolean());
        var best = krakow.GetProperty("best");
        Assert.Equal(3094802, best.GetProperty("geonameId").GetInt32());
        Assert.Equal("Kraków", best.GetProperty("name").GetString());
        Assert.Equal("PL", best.GetProperty("countryCode").GetString());
        Assert.Equal("77", best.GetProperty("admin1Code").GetString());
        Assert.Equal("Lesser Poland", best.GetProperty("admin1Name").GetString());
        Assert.InRange(best.GetProperty("latitude").GetDouble(), 50, 50.1);
        Assert.InRange(best.GetProperty("longitude").GetDouble(), 19.9, 20);
        Assert.True(best.GetProperty("population").GetInt64() > 700_000);
        Assert.Equal("PPLA", best.GetProperty("featureCode").GetString());
        Assert.Equal("place", best.GetProperty("kind").GetString());
        Assert.InRange(best.GetProperty("score").GetDouble(), 0.7, 1);
        Assert.Contains("« Cracovie »", best.GetProperty("reason").GetString());
        Assert.Contains("pays PL concordant", best.GetProperty("reason").GetString());
        Assert.Equal(3094802, krakow.GetProperty("candidates")[0].GetProperty("geonameId").GetInt32());

        var vienne = await app.GetJsonAsync("/api/places/resolve?q=Vienne&country=AT&limit=2");
        Assert.Equal(2761369, vienne.GetProperty("best").GetProperty("geonameId").GetInt32());
        Assert.All(vienne.GetProperty("candidates").EnumerateArray(), c => Assert.Equal("AT", c.GetProperty("countryCode").GetString()));
        var anywhere = await app.GetJsonAsync("/api/places/resolve?q=Vienne&limit=2");
        Assert.Equal(2, anywhere.GetProperty("candidates").GetArrayLength());

        var hinted = await app.GetJsonAsync("/api/places/resolve?q=Valence&lat=44.93&lon=4.89");
        Assert.Equal(2971053, hinted.GetProperty("best").GetProperty("geonameId").GetInt32());

        var bavaria = await app.GetJsonAsync("/api/places/resolve?q=" + Uri.EscapeDataString("Bavière"));
        var region = bavaria.GetProperty("best");
        Assert.Equal("admin1", region.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, region.GetProperty("geonameId").ValueKind);
        Assert.Equal("DE", region.GetProperty("countryCode").GetString());
        Assert.Equal("02", region.GetProperty("admin1Code").GetString());

        var atlantide = await app.GetJsonAsync("/api/places/resolve?q=Atlantide");
        Assert.False(atlantide.GetProperty("resolved").GetBoolean());
        Assert.Equal(JsonValueKind.Null, atlantide.GetProperty("best").ValueKind);
        Assert.Equal(JsonValueKind.Array, atlantide.GetProperty("candidates").ValueKind);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_parameters_get_400_naming_the_field_and_resolve_is_not_taken_for_an_id(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var client = app.Client();

        await AssertInvalid(client, "/api/places/resolve", "q");
        await AssertInvalid(client, "/api/places/resolve?q=%20", "q");
        await AssertInvalid(client, "/api/places/resolve?q=" + new string('a', 201), "q");
        await AssertInvalid(client, "/api/places/resolve?q=Paris&country=Atlantide", "country");
        await AssertInvalid(client, "/api/places/resolve?q=Paris&lat=91&lon=2", "lat");
        await AssertInvalid(client, "/api/places/resolve?q=Paris&lat=48&lon=-180.5", "lon");
        await AssertInvalid(client, "/api/places/resolve?q=Paris&lat=abc&lon=2", "lat");
        await AssertInvalid(client, "/api/places/resolve?q=Paris&lat=48", "lon");
        await AssertInvalid(client, "/api/places/resolve?q=Paris&limit=0", "limit");
        await AssertInvalid(client, "/api/places/resolve?q=Paris&limit=21", "limit");

        // The literal route wins over /api/places/{geonameId}, which still answers for ids.
        var resolve = await client.GetAsync("/api/places/resolve?q=Paris&country=FR");
        Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
        var body = JsonDocument.Parse(await resolve.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(2988507, body.GetProperty("best").GetProperty("geonameId").GetInt32());
        var place = await client.GetAsync("/api/places/3094802");
        Assert.Equal(HttpStatusCode.OK, place.StatusCode);
        Assert.Contains("Kraków", await place.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_country_with_no_place_of_that_name_is_said_so_and_other_countries_are_only_a_hint(string provider)
    {
        await using var app = await TestApp.StartAsync(provider);

        var lambert = await app.GetJsonAsync("/api/places/resolve?q=Saint-Lambert&country=CA");
        Assert.False(lambert.GetProperty("resolved").GetBoolean());
        Assert.Equal("CA", lambert.GetProperty("country").GetString());
        Assert.Equal(0, lambert.GetProperty("candidates").GetArrayLength());
        Assert.True(lambert.GetProperty("noneInCountry").GetBoolean());
        Assert.Equal("Aucun lieu de ce nom au Canada dans la base.", lambert.GetProperty("note").GetString());
        var elsewhere = lambert.GetProperty("otherCountries").EnumerateArray().ToList();
        Assert.NotEmpty(elsewhere);
        Assert.All(elsewhere, c => Assert.NotEqual("CA", c.GetProperty("countryCode").GetString()));
        Assert.Contains(elsewhere, c => c.GetProperty("countryCode").GetString() == "FR");

        var english = await app.GetJsonAsync("/api/places/resolve?q=Saint-Lambert&country=Canada&culture=en");
        Assert.Equal("No place of that name in the database for Canada.", english.GetProperty("note").GetString());
        Assert.Equal(0, english.GetProperty("candidates").GetArrayLength());

        // A country with places of that name: candidates in it only, no hint, no note.
        var springfield = await app.GetJsonAsync("/api/places/resolve?q=Springfield&country=US&limit=20");
        Assert.True(springfield.GetProperty("candidates").GetArrayLength() >= 2);
        Assert.All(springfield.GetProperty("candidates").EnumerateArray(), c => Assert.Equal("US", c.GetProperty("countryCode").GetString()));
        Assert.False(springfield.GetProperty("noneInCountry").GetBoolean());
        Assert.Equal(0, springfield.GetProperty("otherCountries").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, springfield.GetProperty("note").ValueKind);
    }

    private static async Task AssertInvalid(HttpClient client, string url, string field)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"GET {url} → {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"GET {url} : pas d'erreur sur « {field} »");
    }
}

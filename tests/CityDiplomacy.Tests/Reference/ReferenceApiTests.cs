using System.Net;
using System.Text.Json;
using CityDiplomacy.Tests.Infrastructure;

namespace CityDiplomacy.Tests.Reference;

/// <summary>The reference API on every configured database; one app per test class and provider.</summary>
public sealed class ReferenceApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Communes_countries_and_places_answer_by_code(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);

        var paris = await app.GetJsonAsync("/api/communes/75056");
        Assert.Equal("75056", paris.GetProperty("code").GetString());
        Assert.Equal("Paris", paris.GetProperty("name").GetString());
        Assert.Equal("75", paris.GetProperty("department").GetString());
        Assert.Equal("11", paris.GetProperty("region").GetString());
        Assert.True(paris.GetProperty("population").GetInt32() > 2_000_000);
        Assert.InRange(paris.GetProperty("latitude").GetDouble(), 48.8, 48.9);
        Assert.InRange(paris.GetProperty("longitude").GetDouble(), 2.3, 2.4);
        Assert.Equal(2988507, paris.GetProperty("geonameId").GetInt32());
        Assert.Equal("217500016", paris.GetProperty("siren").GetString());
        Assert.Contains("75116", paris.GetProperty("postcodes").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(20, paris.GetProperty("attachedCommunes").GetArrayLength());

        var braye = await app.GetJsonAsync("/api/communes/45284");
        Assert.Equal("Saint-Jean-de-Braye", braye.GetProperty("name").GetString());
        Assert.Equal("Loiret", braye.GetProperty("departmentName").GetString());
        Assert.Equal("Centre-Val de Loire", braye.GetProperty("regionName").GetString());
        Assert.False(braye.GetProperty("coordinatesApproximate").GetBoolean());

        var ajaccio = await app.GetJsonAsync("/api/communes/2A004");
        Assert.Equal("Ajaccio", ajaccio.GetProperty("name").GetString());

        var poland = await app.GetJsonAsync("/api/countries/PL");
        Assert.Equal("PL", poland.GetProperty("code").GetString());
        Assert.Equal("Pologne", poland.GetProperty("nameFr").GetString());
        Assert.Equal("Poland", poland.GetProperty("nameEn").GetString());
        Assert.Equal("POL", poland.GetProperty("alpha3").GetString());
        Assert.Equal("616", poland.GetProperty("numeric").GetString());
        Assert.Equal("PL", (await app.GetJsonAsync("/api/countries/pl")).GetProperty("code").GetString());

        var krakow = await app.GetJsonAsync("/api/places/3094802");
        Assert.Equal("Kraków", krakow.GetProperty("name").GetString());
        Assert.Equal("PL", krakow.GetProperty("countryCode").GetString());
        Assert.Equal("Pologne", krakow.GetProperty("countryNameFr").GetString());
        Assert.Equal("Lesser Poland", krakow.GetProperty("admin1Name").GetString());
        Assert.Contains("Cracovie", krakow.GetProperty("alternateNames").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal("places", krakow.GetProperty("source").GetProperty("dataset").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Unknown_codes_get_404_and_malformed_ones_400_as_problem_details(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var client = app.Client();

        await AssertProblem(client, "/api/communes/99999", HttpStatusCode.NotFound, field: null);
        await AssertProblem(client, "/api/communes/abc", HttpStatusCode.BadRequest, field: "insee");
        await AssertProblem(client, "/api/communes/750560", HttpStatusCode.BadRequest, field: "insee");
        await AssertProblem(client, "/api/countries/XX", HttpStatusCode.NotFound, field: null);
        await AssertProblem(client, "/api/countries/P1", HttpStatusCode.BadRequest, field: "iso2");
        await AssertProblem(client, "/api/places/999999999", HttpStatusCode.NotFound, field: null);
        await AssertProblem(client, "/api/places/krakow", HttpStatusCode.BadRequest, field: "geonameId");
        await AssertProblem(client, "/api/communes?q=a", HttpStatusCode.BadRequest, field: "q");
        await AssertProblem(client, "/api/communes?q=paris&limit=1000", HttpStatusCode.BadRequest, field: "limit");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Commune_search_ignores_accents_and_case_and_matches_postcodes(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);

        var byPrefix = await app.GetJsonAsync("/api/communes?q=saint-jean-de-br&limit=10");
        Assert.Equal("45284", byPrefix[0].GetProperty("code").GetString());
        Assert.True(byPrefix.GetArrayLength() <= 10);

        var shouted = await app.GetJsonAsync("/api/communes?q=SAINT%20JEAN%20DE%20BRAYE");
        Assert.Equal("45284", shouted[0].GetProperty("code").GetString());

        var accents = await app.GetJsonAsync("/api/communes?q=evry-courc");
        Assert.Equal("Évry-Courcouronnes", accents[0].GetProperty("name").GetString());

        var byPostcode = await app.GetJsonAsync("/api/communes?q=45800");
        Assert.Contains("45284", Codes(byPostcode));

        var lyon = await app.GetJsonAsync("/api/communes?q=lyon&limit=3");
        Assert.Equal("69123", lyon[0].GetProperty("code").GetString()); // the city before Lyons-la-Forêt and arrondissements

        var delegated = await app.GetJsonAsync("/api/communes?q=Arbignieu");
        Assert.Equal("delegated", delegated[0].GetProperty("type").GetString());
        Assert.Equal("01015", delegated[0].GetProperty("pageCode").GetString());
        Assert.Equal("Arboys en Bugey", delegated[0].GetProperty("parentName").GetString());

        var nothing = await app.GetJsonAsync("/api/communes?q=zzzzzz");
        Assert.Equal(0, nothing.GetArrayLength());
    }

    [Fact]
    public async Task A_commune_missing_from_GeoNames_gets_approximate_coordinates_from_its_department()
    {
        await using var app = await TestApp.SharedAsync("sqlite");

        var commune = await app.GetJsonAsync("/api/communes/01002"); // L'Abergement-de-Varey, 270 inhabitants

        Assert.True(commune.GetProperty("coordinatesApproximate").GetBoolean());
        Assert.Equal("department-centre", commune.GetProperty("coordinateSource").GetString());
        Assert.Equal(JsonValueKind.Null, commune.GetProperty("geonameId").ValueKind);
        Assert.InRange(commune.GetProperty("latitude").GetDouble(), 45.6, 46.5); // inside the Ain
    }

    [Fact]
    public async Task Health_answers_when_the_database_does_and_readiness_needs_the_reference_data()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var client = app.Client();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        await using (var db = app.OpenDb())
        {
            db.ReferenceDatasets.RemoveRange(db.ReferenceDatasets);
            await db.SaveChangesAsync();
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task OpenAPI_describes_the_reference_endpoints_and_Scalar_serves_the_docs()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var client = app.Client();

        var document = await app.GetJsonAsync("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/communes/{insee}", paths);
        Assert.Contains("/api/communes", paths);
        Assert.Contains("/api/countries/{iso2}", paths);
        Assert.Contains("/api/places/{geonameId}", paths);

        var docs = await client.GetAsync("/api/docs/");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("openapi/v1.json", await docs.Content.ReadAsStringAsync());
    }

    private static IEnumerable<string?> Codes(JsonElement array) => array.EnumerateArray().Select(c => c.GetProperty("code").GetString());

    private static async Task AssertProblem(HttpClient client, string url, HttpStatusCode status, string? field)
    {
        var response = await client.GetAsync(url);
        Assert.True(status == response.StatusCode, $"GET {url} → {(int)response.StatusCode}, attendu {(int)status}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        if (field is not null) Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{url} : le champ « {field} » n'est pas nommé");
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CityDiplomacy.Accounts;
using CityDiplomacy.Engagements;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Tests.Engagements;

public sealed class CataloguesAdminApiTests
{
    private const string Administrator = "admin@citydiplomacy.example";
    private const string Officer = "relations.internationales@saint-jean-de-braye.fr";

    private static readonly object NewNetwork = new
    {
        code = "villes-refuges-de-france",
        nameFr = "Réseau des villes refuges",
        nameEn = "French Cities of Refuge",
        scope = "accueil des personnes en danger",
        url = "https://example.org/villes-refuges",
        sourceUrl = "https://example.org/villes-refuges/membres",
    };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_administrator_adds_a_network_to_the_catalogue(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var client = await AdministratorAsync(app);

        var response = await client.PostAsJsonAsync("/api/catalogues/networks", NewNetwork);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/catalogues/networks/villes-refuges-de-france", response.Headers.Location?.OriginalString);
        Assert.NotNull(response.Headers.ETag);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Réseau des villes refuges", body.GetProperty("nameFr").GetString());
        await using var db = app.OpenDb();
        var network = await db.CityNetworks.SingleAsync(n => n.Code == "villes-refuges-de-france");
        Assert.Equal("https://example.org/villes-refuges/membres", network.SourceUrl);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityType == nameof(CityNetwork) && a.Action == "created" && a.ActorName == Administrator));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Only_administrators_write_the_catalogue(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await app.CreateUserAsync(Officer, Roles.Officer, "45284");
        using var officer = app.Client(await app.CreateTokenAsync(Officer));
        using var anonymous = app.Client();
        var etag = await ETagAsync(app, "c40");

        foreach (var (client, expected) in new[] { (anonymous, HttpStatusCode.Unauthorized), (officer, HttpStatusCode.Forbidden) })
        {
            var post = await client.PostAsJsonAsync("/api/catalogues/networks", NewNetwork);
            using var put = new HttpRequestMessage(HttpMethod.Put, "/api/catalogues/networks/c40") { Content = JsonContent.Create(Body("C40 renommé")) };
            put.Headers.IfMatch.ParseAdd(etag);
            var update = await client.SendAsync(put);

            Assert.Equal(expected, post.StatusCode);
            Assert.Equal(expected, update.StatusCode);
            Assert.Null(post.Headers.Location);
        }
        await using var db = app.OpenDb();
        Assert.False(await db.CityNetworks.AnyAsync(n => n.Code == "villes-refuges-de-france"));
        Assert.Equal("C40", (await db.CityNetworks.SingleAsync(n => n.Code == "c40")).NameFr);
    }

    [Fact]
    public async Task A_taken_code_is_a_conflict_and_a_bad_body_names_its_fields()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var client = await AdministratorAsync(app);

        var taken = await client.PostAsJsonAsync("/api/catalogues/networks", new { code = "c40", nameFr = "C40", nameEn = "C40" });
        var invalid = await client.PostAsJsonAsync("/api/catalogues/networks", new { code = "Villes Refuges", nameFr = " ", nameEn = "x", url = "ftp://example.org" });

        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["code", "nameFr", "url"], errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_administrator_corrects_a_seeded_network_with_its_ETag_and_the_correction_survives_a_restart(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var client = await AdministratorAsync(app);
        var etag = await ETagAsync(app, "icorn");

        var response = await PutAsync(client, "icorn", Body("ICORN – Réseau international des villes refuges"), etag);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(etag, response.Headers.ETag?.Tag);
        await using var db = app.OpenDb();
        Assert.Equal(new CatalogueSeeder.Result(0, 0), await CatalogueSeeder.SeedAsync(db));
        await using var check = app.OpenDb();
        Assert.Equal("ICORN – Réseau international des villes refuges", (await check.CityNetworks.SingleAsync(n => n.Code == "icorn")).NameFr);
    }

    [Fact]
    public async Task A_correction_needs_the_current_ETag_and_keeps_the_code()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var client = await AdministratorAsync(app);
        var stale = await ETagAsync(app, "afccre");
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(client, "afccre", Body("AFCCRE (section française du CCRE)"), stale)).StatusCode);

        var withoutIfMatch = await PutAsync(client, "afccre", Body("AFCCRE"), ifMatch: null);
        var withStale = await PutAsync(client, "afccre", Body("AFCCRE"), stale);
        var renamed = await PutAsync(client, "afccre", Body("AFCCRE") with { code = "ccre" }, await ETagAsync(app, "afccre"));
        var unknown = await PutAsync(client, "inconnu", Body("Inconnu"), "\"0\"");

        Assert.Equal(HttpStatusCode.PreconditionRequired, withoutIfMatch.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, withStale.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, renamed.StatusCode);
        Assert.True((await renamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("code", out _));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await using var db = app.OpenDb();
        Assert.Equal("AFCCRE (section française du CCRE)", (await db.CityNetworks.SingleAsync(n => n.Code == "afccre")).NameFr);
    }

    private sealed record NetworkBody(string? code, string nameFr, string nameEn, string? scope, string? url, string? sourceUrl);

    private static NetworkBody Body(string nameFr) =>
        new(null, nameFr, "Network", "scope", "https://example.org", "https://example.org/source");

    private static async Task<HttpClient> AdministratorAsync(TestApp app)
    {
        await app.CreateUserAsync(Administrator, Roles.Administrator);
        return app.Client(await app.CreateTokenAsync(Administrator));
    }

    private static async Task<string> ETagAsync(TestApp app, string code)
    {
        using var client = app.Client();
        var response = await client.GetAsync($"/api/catalogues/networks/{code}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag!.Tag;
    }

    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, string code, NetworkBody body, string? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/catalogues/networks/{code}") { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.IfMatch.ParseAdd(ifMatch);
        return await client.SendAsync(request);
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using CityDiplomacy.Tests.Engagements;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CityDiplomacy.Tests.Portal;

public sealed class ApiRequestsTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_json_body_over_the_limit_gets_413_with_a_problem(bool declaredLength)
    {
        await using var app = await TestApp.StartAsync("sqlite");
        using var small = app.WithWebHostBuilder(b => b.UseSetting("Api:MaxBodyBytes", "1000"));
        await app.CreateUserAsync("officer@45284.fr", CityDiplomacy.Accounts.Roles.Officer, RegisterApi.Commune);
        var token = await app.CreateTokenAsync("officer@45284.fr");
        using var client = small.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        var json = JsonSerializer.Serialize(new { partner = new { geonameId = RegisterApi.KrakowGeonameId }, signedOn = "1965-03-12", notes = new string('x', 5000) });
        HttpContent content = declaredLength
            ? new StringContent(json, Encoding.UTF8, "application/json")
            : new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json))); // chunked: no Content-Length
        if (!declaredLength) content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var response = await client.PostAsync($"/api/communes/{RegisterApi.Commune}/twinnings", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
        Assert.Equal("Requête trop volumineuse", problem.GetProperty("title").GetString());
        await using var db = app.OpenDb();
        Assert.Equal(0, db.Engagements.Count());
    }

    [Theory]
    [InlineData("/%09/example.org")]
    [InlineData("/%0a/example.org")]
    [InlineData("//example.org")]
    [InlineData("/%5Cexample.org")]
    [InlineData("https://example.org/")]
    public async Task The_language_switch_never_fails_nor_leaves_the_site(string retour)
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var client = app.Client();
        var response = await client.GetAsync("/langue?culture=en&retour=" + retour);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_language_switch_returns_to_a_local_page()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var client = app.Client();
        var response = await client.GetAsync("/langue?culture=en&retour=/communes/45284");
        Assert.Equal("/communes/45284", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/api/communes/45284")]
    [InlineData("/api/countries/PL")]
    [InlineData("/api/communes/45284/engagements.csv")]
    [InlineData("/api/engagements.csv")]
    [InlineData("/communes/45284")]
    public async Task Head_is_answered_wherever_get_is(string url)
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var client = app.Client();
        var get = await client.GetAsync(url);
        using var request = new HttpRequestMessage(HttpMethod.Head, url);
        var head = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
        // The body itself is left out by the server (Kestrel), not by the app: the test server passes it on.
        // Writes stay writes: HEAD does not open them.
        using var headWrite = new HttpRequestMessage(HttpMethod.Head, $"/api/communes/{RegisterApi.Commune}/twinnings");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.SendAsync(headWrite)).StatusCode);
    }
}

using System.Net;
using System.Text.Json;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace CityDiplomacy.Tests.Portal;

public sealed class PublicReadLimitsTests
{
    [Fact]
    public async Task Past_the_limit_a_client_gets_429_with_retry_after_and_a_problem()
    {
        await using var app = await TestApp.StartAsync("sqlite");
        using var limited = app.WithWebHostBuilder(b => b
            .UseSetting("RateLimiting:Enabled", "true")
            .UseSetting("RateLimiting:Burst", "2")
            .UseSetting("RateLimiting:PerMinute", "1"));
        using var client = limited.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/communes/45284")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/communes/45284")).StatusCode);
        var rejected = await client.GetAsync("/api/communes/45284");

        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        var retryAfter = rejected.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await rejected.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal("Trop de requêtes", problem.GetProperty("title").GetString());

        // Health probes are never limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Disabled_by_configuration_the_limit_lets_every_read_through()
    {
        await using var app = await TestApp.StartAsync("sqlite"); // the test host disables it
        using var client = app.Client();
        for (var i = 0; i < 20; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/countries/PL")).StatusCode);
    }

    [Fact]
    public async Task Cors_allows_cross_origin_reads_of_the_api_and_refuses_writes()
    {
        await using var app = await TestApp.StartAsync("sqlite");
        using var client = app.Client();

        using var readPreflight = Preflight("/api/communes/45284/engagements", "GET");
        var read = await client.SendAsync(readPreflight);
        Assert.True(read.IsSuccessStatusCode);
        Assert.Equal("*", Single(read, "Access-Control-Allow-Origin"));
        Assert.Contains("GET", Single(read, "Access-Control-Allow-Methods"));
        Assert.False(read.Headers.Contains("Access-Control-Allow-Credentials"));

        using var writePreflight = Preflight("/api/communes/45284/engagements/twinning", "POST");
        var write = await client.SendAsync(writePreflight);
        Assert.DoesNotContain("POST", Single(write, "Access-Control-Allow-Methods")); // the browser refuses the write
        Assert.Equal("GET,HEAD", Single(write, "Access-Control-Allow-Methods").Replace(" ", ""));

        using var tokenPreflight = Preflight("/api/communes/45284/engagements", "GET");
        tokenPreflight.Headers.Add("Access-Control-Request-Headers", "authorization");
        var withToken = await client.SendAsync(tokenPreflight);
        Assert.DoesNotContain("authorization", Single(withToken, "Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);

        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/communes/45284");
        get.Headers.Add("Origin", "https://example.org");
        var response = await client.SendAsync(get);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", Single(response, "Access-Control-Allow-Origin"));
        Assert.Contains("ETag", Single(response, "Access-Control-Expose-Headers"));
    }

    private static HttpRequestMessage Preflight(string url, string method)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, url);
        request.Headers.Add("Origin", "https://example.org");
        request.Headers.Add("Access-Control-Request-Method", method);
        return request;
    }

    private static string Single(HttpResponseMessage response, string header) =>
        string.Join(",", response.Headers.TryGetValues(header, out var values) ? values : []);
}

using System.Net;
using System.Text.Json;
using CityDiplomacy.Tests.Infrastructure;
using System.Globalization;
using CityDiplomacy.Accounts;
using CityDiplomacy.Portal;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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

    private static WebApplicationFactory<Program> Limited(TestApp app, int burst = 2, int accountBurst = 600) =>
        app.WithWebHostBuilder(b => b
            .UseSetting("RateLimiting:Enabled", "true")
            .UseSetting("RateLimiting:Burst", burst.ToString(CultureInfo.InvariantCulture))
            .UseSetting("RateLimiting:PerMinute", "1")
            .UseSetting("RateLimiting:AccountBurst", accountBurst.ToString(CultureInfo.InvariantCulture))
            .UseSetting("RateLimiting:AccountPerMinute", "1"));

    [Theory]
    [InlineData("x")]
    [InlineData("Bearer cd_notarealtoken")]
    [InlineData("Bearer cd_0123456789abcdef0123456789abcdef0123456789a")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task A_credential_that_does_not_authenticate_is_anonymous_limited_and_served_from_the_cache(string authorization)
    {
        await using var app = await TestApp.StartAsync("sqlite");
        using var limited = Limited(app, burst: 3);
        using var client = limited.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        var first = await client.GetAsync("/communes/45284");
        var second = await client.GetAsync("/communes/45284");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        // The public representation: shared caches may keep it, and the server answered from its output cache.
        Assert.Equal("public, no-cache", second.Headers.CacheControl?.ToString());
        Assert.NotNull(second.Headers.ETag);
        Assert.True(second.Headers.Age is not null, "the second answer should come from the output cache (Age header)");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/communes/45284")).StatusCode);

        var rejected = await client.GetAsync("/api/communes/45284");
        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.Contains("Cette adresse", await rejected.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_api_token_is_limited_per_account_not_per_address()
    {
        await using var app = await TestApp.StartAsync("sqlite");
        using var limited = Limited(app, burst: 1, accountBurst: 3);
        await app.CreateUserAsync("veille@exemple.fr", Roles.Monitor);
        var token = await app.CreateTokenAsync("veille@exemple.fr");
        using var client = limited.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        // Past the anonymous burst of 1, the account still has its own three.
        for (var i = 0; i < 3; i++)
        {
            var response = await client.GetAsync("/api/communes/45284");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl is { Private: true, NoStore: true }, "a signed-in answer is never shared");
        }
        var rejected = await client.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.Contains("Ce compte", await rejected.Content.ReadAsStringAsync());

        // Anonymous readers from the same address have their own bucket, untouched by the account.
        using var anonymous = limited.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/communes/45284")).StatusCode);
    }

    [Fact]
    public async Task Expensive_anonymous_reads_share_few_slots_and_a_token_does_not_take_them()
    {
        await using var app = await TestApp.StartAsync("sqlite");
        using var limited = app.WithWebHostBuilder(b => b
            .UseSetting("RateLimiting:Enabled", "true")
            .UseSetting("RateLimiting:ExpensivePerClient", "1")
            .UseSetting("RateLimiting:ExpensiveTotal", "1")
            .UseSetting("RateLimiting:ExpensiveQueue", "0"));
        await app.CreateUserAsync("veille@exemple.fr", Roles.Monitor);
        var token = await app.CreateTokenAsync("veille@exemple.fr");
        using var client = limited.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/engagements.csv")).StatusCode);

        // An anonymous national export in progress (the test server's clients have no address): hold its slot.
        var limiter = limited.Services.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter!;
        var running = new DefaultHttpContext();
        running.Request.Method = "GET";
        running.Request.Path = "/api/engagements.csv";
        running.SetEndpoint(new Endpoint(null, new EndpointMetadataCollection(new ExpensiveAnonymousRead()), "export"));
        using (var lease = limiter.AttemptAcquire(running))
        {
            Assert.True(lease.IsAcquired);
            var rejected = await client.GetAsync("/api/places/resolve?q=Cracovie");
            Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), rejected.Headers.RetryAfter?.Delta);
            Assert.Contains("lectures coûteuses", await rejected.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/api/engagements.csv")).StatusCode);

            // Cheap reads go on; so do the expensive ones of a signed-in account.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/communes/45284")).StatusCode);
            using var withToken = new HttpRequestMessage(HttpMethod.Get, "/api/engagements.csv");
            withToken.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(withToken)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/engagements.csv")).StatusCode);
    }

    [Fact]
    public async Task A_limited_page_is_answered_by_an_html_page_with_retry_after()
    {
        await using var app = await TestApp.StartAsync("sqlite");
        using var limited = Limited(app, burst: 1);
        using var client = limited.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/communes/45284")).StatusCode);

        var rejected = await client.GetAsync("/communes/45284");
        Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        Assert.Equal("text/html", rejected.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(rejected.Headers.RetryAfter?.Delta);
        var page = await TestApp.ParseAsync(await rejected.Content.ReadAsStringAsync());
        Assert.Equal("Trop de requêtes", page.QuerySelector("h1")?.TextContent.Trim());
    }

    [Fact]
    public async Task Disabled_by_configuration_the_limit_lets_every_read_through()
    {
        await using var app = await TestApp.SharedAsync("sqlite"); // the test host disables it
        using var client = app.Client();
        for (var i = 0; i < 20; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/countries/PL")).StatusCode);
    }

    [Fact]
    public async Task Cors_allows_cross_origin_reads_of_the_api_and_refuses_writes()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
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

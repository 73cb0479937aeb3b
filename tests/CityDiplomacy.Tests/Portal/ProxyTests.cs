using System.Net;
using CityDiplomacy.Accounts;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CityDiplomacy.Tests.Portal;

/// <summary>The app behind a TLS reverse proxy on the same machine (the test server's requests come from loopback here).</summary>
public sealed class ProxyTests
{
    /// <summary>Gives the test server's requests a connection address (it has none), before the app's pipeline.</summary>
    internal sealed class ConnectionFrom(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    internal static WebApplicationFactory<Program> From(TestApp app, IPAddress address, params (string Key, string Value)[] settings) =>
        app.WithWebHostBuilder(b =>
        {
            b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new ConnectionFrom(address)));
            foreach (var (key, value) in settings) b.UseSetting(key, value);
        });

    private static HttpRequestMessage Forwarded(string url, string client, string proto = "https")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-Forwarded-For", client);
        request.Headers.Add("X-Forwarded-Proto", proto);
        request.Headers.Host = "diplomatie.example.fr";
        return request;
    }

    [Fact]
    public async Task Each_visitor_forwarded_by_the_trusted_proxy_has_their_own_rate_limit()
    {
        await using var app = await TestApp.StartAsync("sqlite");
        using var proxied = From(app, IPAddress.Loopback, ("RateLimiting:Enabled", "true"), ("RateLimiting:Burst", "1"), ("RateLimiting:PerMinute", "1"));
        using var client = proxied.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Forwarded("/api/countries/PL", "203.0.113.7"))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.SendAsync(Forwarded("/api/countries/PL", "203.0.113.7"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Forwarded("/api/countries/PL", "198.51.100.20"))).StatusCode);
    }

    [Fact]
    public async Task Forwarded_headers_from_an_unknown_address_are_ignored()
    {
        await using var app = await TestApp.StartAsync("sqlite");
        using var direct = From(app, IPAddress.Parse("192.0.2.50"), ("RateLimiting:Enabled", "true"), ("RateLimiting:Burst", "1"), ("RateLimiting:PerMinute", "1"));
        using var client = direct.CreateClient();

        // Inventing a new X-Forwarded-For for each request does not escape the limit, nor makes the request https.
        var first = await client.SendAsync(Forwarded("/api/countries/PL", "203.0.113.7"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(first.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.SendAsync(Forwarded("/api/countries/PL", "198.51.100.20"))).StatusCode);
    }

    [Fact]
    public async Task Over_https_through_the_proxy_cookies_are_secure_and_hsts_is_sent()
    {
        await using var app = await TestApp.StartAsync("sqlite");
        await app.CreateUserAsync("agent@exemple.fr", Roles.Officer, "45284");
        using var proxied = From(app, IPAddress.Loopback);
        using var client = proxied.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        var page = await client.SendAsync(Forwarded("/connexion", "203.0.113.7"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.StartsWith("max-age=31536000", page.Headers.GetValues("Strict-Transport-Security").Single());
        var antiforgery = Assert.Single(page.Headers.GetValues("Set-Cookie"));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);

        var plain = await client.SendAsync(Forwarded("/connexion", "203.0.113.7", proto: "http"));
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
        Assert.DoesNotContain("secure", Assert.Single(plain.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Feed_links_use_the_public_base_url_not_the_host_header()
    {
        await using var app = await TestApp.StartAsync("sqlite");
        using var configured = From(app, IPAddress.Loopback, ("Proxy:PublicBaseUrl", "https://diplomatie.example.fr"));
        using var client = configured.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/communes/45284/screening/feed");
        request.Headers.Host = "evil.example";

        var feed = await client.SendAsync(request);
        var xml = await feed.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.Contains("https://diplomatie.example.fr/", xml);
        Assert.DoesNotContain("evil.example", xml);
    }

    [Fact]
    public async Task Allowed_hosts_refuse_another_host_header()
    {
        await using var app = await TestApp.StartAsync("sqlite");
        using var configured = From(app, IPAddress.Loopback, ("AllowedHosts", "diplomatie.example.fr"));
        using var client = configured.CreateClient();
        using var good = new HttpRequestMessage(HttpMethod.Get, "/api/countries/PL");
        good.Headers.Host = "diplomatie.example.fr";
        using var bad = new HttpRequestMessage(HttpMethod.Get, "/api/countries/PL");
        bad.Headers.Host = "evil.example";

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(good)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(bad)).StatusCode);
    }
}

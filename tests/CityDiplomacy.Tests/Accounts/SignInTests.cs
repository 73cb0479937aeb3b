using System.Net;
using CityDiplomacy.Accounts;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CityDiplomacy.Tests.Accounts;

public sealed class SignInTests
{
    private const string Email = "agent@saint-jean-de-braye.fr";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Signing_in_sets_a_protected_session_cookie_and_returns_to_the_local_page_asked(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await app.CreateUserAsync(Email, Roles.Officer, "45284");
        using var client = app.CookieClient();

        var response = await client.PostSignInAsync(Email, TestUsers.Password, "/connexion?ReturnUrl=%2Fespace%2Fjetons");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/espace/jetons", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(AccountsSetup.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        var tokens = await client.GetAsync("/espace/jetons");
        Assert.Equal(HttpStatusCode.OK, tokens.StatusCode);
        var page = await TestApp.ParseAsync(await tokens.Content.ReadAsStringAsync());
        Assert.Equal(Email, page.QuerySelector(".site-header .account-name")?.TextContent);
        Assert.Equal("Se déconnecter", page.QuerySelector(".site-header form[action='/deconnexion'] button")?.TextContent);
    }

    [Theory]
    [InlineData("https://evil.example/espace")]
    [InlineData("//evil.example/espace")]
    [InlineData("/\\evil.example/espace")]
    public async Task A_return_url_to_another_site_is_ignored(string returnUrl)
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        await app.CreateUserAsync(Email, Roles.Officer, "45284");
        using var client = app.CookieClient();

        var response = await client.PostSignInAsync(Email, TestUsers.Password, "/connexion?ReturnUrl=" + Uri.EscapeDataString(returnUrl));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/espace", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_sign_in_post_without_the_antiforgery_token_is_refused_with_400()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        await app.CreateUserAsync(Email, Roles.Officer, "45284");
        using var client = app.CookieClient();
        await client.GetAsync("/connexion"); // the antiforgery cookie alone is not enough

        var response = await client.PostAsync("/connexion", new FormUrlEncodedContent(
            [new("Email", Email), new("Password", TestUsers.Password)]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [],
            c => c.StartsWith(AccountsSetup.CookieName + "=", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_wrong_password_and_an_unknown_address_get_the_same_message_in_a_focused_summary(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await app.CreateUserAsync(Email, Roles.Officer, "45284");
        using var client = app.CookieClient();

        foreach (var (email, password) in new[] { (Email, "not the right password"), ("nobody@example.org", TestUsers.Password) })
        {
            var response = await client.PostSignInAsync(email, password);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith(AccountsSetup.CookieName, StringComparison.Ordinal)));
            var page = await TestApp.ParseAsync(await response.Content.ReadAsStringAsync());
            var summary = page.QuerySelector(".error-summary")!;
            Assert.True(summary.HasAttribute("autofocus"));
            Assert.Equal("-1", summary.GetAttribute("tabindex"));
            Assert.Equal("Identifiant ou mot de passe incorrect.", page.QuerySelector("#" + "formulaire-erreur")?.TextContent);
            Assert.Contains("formulaire-erreur", page.QuerySelector("#password")!.GetAttribute("aria-describedby"));
            Assert.Equal("true", page.QuerySelector("#email")!.GetAttribute("aria-invalid"));
            Assert.Equal(email, page.QuerySelector("#email")!.GetAttribute("value"));
            Assert.Null(page.QuerySelector("#password")!.GetAttribute("value"));
        }
    }

    [Fact]
    public async Task An_empty_field_is_named_under_the_field_and_linked_from_the_summary()
    {
        await using var app = await TestApp.StartAsync("sqlite");
        using var client = app.CookieClient();

        var response = await client.PostSignInAsync(Email, "");

        var page = await TestApp.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Equal("#password", page.QuerySelector(".error-summary a")?.GetAttribute("href"));
        Assert.Equal("Saisissez votre mot de passe.", page.QuerySelector("#password-erreur")?.TextContent);
        Assert.Equal("password-erreur", page.QuerySelector("#password")!.GetAttribute("aria-describedby"));
        Assert.Null(page.QuerySelector("#email")!.GetAttribute("aria-describedby"));
        Assert.Equal("Erreur — Se connecter — Diplomatie des villes", page.Title);
    }

    /// <summary>A clock that does not move: what the throttle decides does not depend on how fast the machine is.</summary>
    private sealed class StoppedClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static (WebApplicationFactory<Program> Host, StoppedClock Clock) Throttled(TestApp app, IPAddress address,
        params (string Key, string Value)[] settings)
    {
        var clock = new StoppedClock();
        var host = app.WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in settings) b.UseSetting(key, value);
            b.ConfigureServices(s =>
            {
                s.AddSingleton<IStartupFilter>(new Portal.ProxyTests.ConnectionFrom(address));
                s.AddSingleton(sp => new SignInThrottle(sp.GetRequiredService<IOptions<SignInThrottleOptions>>(), clock));
            });
        });
        return (host, clock);
    }

    private static HttpClient CookieClient(WebApplicationFactory<Program> host, string? forwardedFor = null)
    {
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        if (forwardedFor is not null) client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return client;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Repeated_failures_delay_the_next_attempt_of_that_address_with_429_and_never_lock_the_account(string provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await app.CreateUserAsync(Email, Roles.Officer, "45284");
        var (host, clock) = Throttled(app, IPAddress.Loopback);
        using var _ = host;
        using var stranger = CookieClient(host, "203.0.113.66");

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var failed = await stranger.PostSignInAsync(Email, "wrong password " + attempt);
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }
        var delayed = await stranger.PostSignInAsync(Email, TestUsers.Password); // even the right password waits
        Assert.Equal(HttpStatusCode.TooManyRequests, delayed.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), delayed.Headers.RetryAfter?.Delta);
        var page = await TestApp.ParseAsync(await delayed.Content.ReadAsStringAsync());
        Assert.Equal("Trop de tentatives de connexion : réessayez dans 30 s.", page.QuerySelector("#formulaire-erreur")?.TextContent);

        // An unknown address gets exactly the same answers: they do not tell which addresses have an account.
        for (var attempt = 1; attempt <= 5; attempt++) await stranger.PostSignInAsync("nobody@example.org", "wrong password " + attempt);
        var unknown = await stranger.PostSignInAsync("nobody@example.org", "wrong password 6");
        Assert.Equal(HttpStatusCode.TooManyRequests, unknown.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), unknown.Headers.RetryAfter?.Delta);

        // The owner, from their own address, signs in at once: the stranger locked nobody out.
        using var owner = CookieClient(host, "198.51.100.8");
        Assert.Equal(HttpStatusCode.Redirect, (await owner.PostSignInAsync(Email, TestUsers.Password)).StatusCode);

        // Once the wait is over the stranger's address may try again; the next failure doubles the wait.
        clock.Now += TimeSpan.FromSeconds(31);
        Assert.Equal(HttpStatusCode.OK, (await stranger.PostSignInAsync(Email, "wrong password 6")).StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), (await stranger.PostSignInAsync(Email, TestUsers.Password)).Headers.RetryAfter?.Delta);
        await using var db = app.OpenDb();
        Assert.Null(await db.Users.Where(u => u.Email == Email).Select(u => u.LockoutEnd).SingleAsync());
    }

    [Fact]
    public async Task One_address_trying_many_accounts_is_throttled()
    {
        await using var app = await TestApp.StartAsync("sqlite");
        var (configured, _) = Throttled(app, IPAddress.Loopback, ("SignIn:AttemptsPerMinutePerAddress", "3"));
        using var sprayer = CookieClient(configured, "203.0.113.99");

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await sprayer.PostSignInAsync($"agent{i}@example.org", "password123456")).StatusCode);
        var throttled = await sprayer.PostSignInAsync("agent9@example.org", "password123456");
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.NotNull(throttled.Headers.RetryAfter?.Delta);
        using var other = CookieClient(configured, "198.51.100.8");
        Assert.Equal(HttpStatusCode.OK, (await other.PostSignInAsync("agent0@example.org", "password123456")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_session_cookie_copied_before_sign_out_no_longer_works_after_it(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await app.CreateUserAsync(Email, Roles.Viewer, "45284");
        using var client = app.CookieClient();
        var signedIn = await client.PostSignInAsync(Email, TestUsers.Password);
        var session = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(AccountsSetup.CookieName + "=", StringComparison.Ordinal)).Split(';')[0];

        using var copy = app.Client();
        copy.DefaultRequestHeaders.Add("Cookie", session);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/espace/jetons")).StatusCode);

        var signedOut = await client.PostFormAsync("/espace/jetons", ".site-header form[action='/deconnexion']");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        var replayed = await copy.GetAsync("/espace/jetons");
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Equal("/connexion", replayed.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Unauthorized, (await copy.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task The_workspace_sends_an_anonymous_visitor_to_the_sign_in_page_and_back()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var client = app.CookieClient();

        var response = await client.GetAsync("/espace/jetons");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/connexion", response.Headers.Location!.AbsolutePath);
        Assert.Contains("ReturnUrl=%2Fespace%2Fjetons", response.Headers.Location.Query);
    }

    [Fact]
    public async Task The_header_offers_to_sign_in_from_the_current_page()
    {
        await using var app = await TestApp.SharedAsync("sqlite");

        var page = await app.GetPageAsync("/communes/45284");

        var link = page.QuerySelector(".site-header .account a")!;
        Assert.Equal("Se connecter", link.TextContent);
        Assert.Equal("/connexion?ReturnUrl=%2Fcommunes%2F45284", link.GetAttribute("href"));
        Assert.Null(page.QuerySelector(".site-header .account form"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Signing_out_is_a_post_with_antiforgery_that_ends_the_session(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await app.CreateUserAsync(Email, Roles.Viewer, "45284");
        using var client = await app.SignInAsync(Email);

        var withoutToken = await client.PostAsync("/deconnexion", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/espace/jetons")).StatusCode);

        var signedOut = await client.PostFormAsync("/espace/jetons", ".site-header form[action='/deconnexion']");

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal("/", signedOut.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/espace/jetons")).StatusCode);
        var home = await TestApp.ParseAsync(await client.GetStringAsync("/"));
        Assert.Equal("Se connecter", home.QuerySelector(".site-header .account a")?.TextContent);
    }

    [Fact]
    public async Task The_access_denied_page_answers_403()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var client = app.Client();

        var response = await client.GetAsync("/acces-refuse");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var page = await TestApp.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Equal("Accès refusé", page.QuerySelector("h1")?.TextContent);
    }

    [Fact]
    public async Task The_sign_in_page_is_in_English_when_asked()
    {
        await using var app = await TestApp.SharedAsync("sqlite");

        var page = await app.GetPageAsync("/connexion?culture=en");

        Assert.Equal("Sign in", page.QuerySelector("h1")?.TextContent);
        Assert.Equal("Email address", page.QuerySelector("label[for=email]")?.TextContent);
        Assert.Equal("Password", page.QuerySelector("label[for=password]")?.TextContent);
    }
}

using System.Net;
using CityDiplomacy.Accounts;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Tests.Accounts;

public sealed class SignInTests
{
    private const string Email = "agent@saint-jean-de-braye.fr";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Signing_in_sets_a_protected_session_cookie_and_returns_to_the_local_page_asked(string provider)
    {
        await using var app = await TestApp.StartAsync(provider);
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
        await using var app = await TestApp.StartAsync("sqlite");
        await app.CreateUserAsync(Email, Roles.Officer, "45284");
        using var client = app.CookieClient();

        var response = await client.PostSignInAsync(Email, TestUsers.Password, "/connexion?ReturnUrl=" + Uri.EscapeDataString(returnUrl));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/espace", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_sign_in_post_without_the_antiforgery_token_is_refused_with_400()
    {
        await using var app = await TestApp.StartAsync("sqlite");
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
        await using var app = await TestApp.StartAsync(provider);
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

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Five_failures_lock_the_account_for_fifteen_minutes_even_against_the_right_password(string provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var id = await app.CreateUserAsync(Email, Roles.Officer, "45284");
        using var client = app.CookieClient();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var failed = await TestApp.ParseAsync(await (await client.PostSignInAsync(Email, "wrong password " + attempt)).Content.ReadAsStringAsync());
            Assert.Equal("Identifiant ou mot de passe incorrect.", failed.QuerySelector("#formulaire-erreur")?.TextContent);
        }
        var fifth = await TestApp.ParseAsync(await (await client.PostSignInAsync(Email, "wrong password 5")).Content.ReadAsStringAsync());
        var right = await client.PostSignInAsync(Email, TestUsers.Password);

        Assert.StartsWith("Trop de tentatives infructueuses : ce compte est verrouillé jusqu'à ", fifth.QuerySelector("#formulaire-erreur")?.TextContent);
        Assert.Matches(@"\d\d:\d\d", fifth.QuerySelector("#formulaire-erreur")!.TextContent);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("verrouillé", (await TestApp.ParseAsync(await right.Content.ReadAsStringAsync())).QuerySelector("#formulaire-erreur")?.TextContent);
        await using var db = app.OpenDb();
        var lockoutEnd = await db.Users.Where(u => u.Id == id).Select(u => u.LockoutEnd).SingleAsync();
        Assert.NotNull(lockoutEnd);
        var remaining = lockoutEnd.Value - DateTimeOffset.UtcNow;
        Assert.InRange(remaining, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15));
    }

    [Fact]
    public async Task The_workspace_sends_an_anonymous_visitor_to_the_sign_in_page_and_back()
    {
        await using var app = await TestApp.StartAsync("sqlite");
        using var client = app.CookieClient();

        var response = await client.GetAsync("/espace/jetons");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/connexion", response.Headers.Location!.AbsolutePath);
        Assert.Contains("ReturnUrl=%2Fespace%2Fjetons", response.Headers.Location.Query);
    }

    [Fact]
    public async Task The_header_offers_to_sign_in_from_the_current_page()
    {
        await using var app = await TestApp.StartAsync("sqlite");

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
        await using var app = await TestApp.StartAsync(provider);
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
        await using var app = await TestApp.StartAsync("sqlite");
        using var client = app.Client();

        var response = await client.GetAsync("/acces-refuse");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var page = await TestApp.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Equal("Accès refusé", page.QuerySelector("h1")?.TextContent);
    }

    [Fact]
    public async Task The_sign_in_page_is_in_English_when_asked()
    {
        await using var app = await TestApp.StartAsync("sqlite");

        var page = await app.GetPageAsync("/connexion?culture=en");

        Assert.Equal("Sign in", page.QuerySelector("h1")?.TextContent);
        Assert.Equal("Email address", page.QuerySelector("label[for=email]")?.TextContent);
        Assert.Equal("Password", page.QuerySelector("label[for=password]")?.TextContent);
    }
}

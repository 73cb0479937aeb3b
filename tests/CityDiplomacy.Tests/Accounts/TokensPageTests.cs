using System.Net;
using CityDiplomacy.Accounts;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Tests.Accounts;

public sealed class TokensPageTests
{
    private const string Email = "agent@nogent-sur-oise.fr";
    private const string CreateForm = "form[action*='handler=create']";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_token_created_on_the_page_is_shown_once_and_opens_the_api(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await app.CreateUserAsync(Email, Roles.Officer, "60463");
        using var client = await app.SignInAsync(Email);

        var response = await client.PostFormAsync("/espace/jetons", CreateForm, ("Name", "import des délibérations"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var page = await TestApp.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Contains("Copiez ce jeton maintenant : il ne sera plus jamais affiché.", page.QuerySelector(".new-token")!.TextContent);
        var secret = page.QuerySelector("#nouveau-jeton")!.GetAttribute("value")!;
        Assert.Matches("^cd_[A-Za-z0-9_-]{43}$", secret);
        using (var api = app.Client(secret))
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/me")).StatusCode);

        var again = await client.GetStringAsync("/espace/jetons");
        Assert.DoesNotContain(secret, again);
        var row = (await TestApp.ParseAsync(again)).QuerySelector("table.tokens tbody tr")!;
        Assert.Equal(secret[..10], row.QuerySelector("code")?.TextContent);
        Assert.Contains("import des délibérations", row.TextContent);
        Assert.Contains("actif", row.TextContent);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_token_revoked_on_the_page_no_longer_opens_the_api(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await app.CreateUserAsync(Email, Roles.Officer, "60463");
        var secret = await app.CreateTokenAsync(Email);
        using var client = await app.SignInAsync(Email);

        var response = await client.PostFormAsync("/espace/jetons", "table.tokens form");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await TestApp.ParseAsync(await client.GetStringAsync(response.Headers.Location!.OriginalString));
        Assert.Equal($"Le jeton {secret[..10]} est révoqué : il ne donne plus accès à l'API.", page.QuerySelector("p[role=status]")?.TextContent);
        Assert.Null(page.QuerySelector("table.tokens form"));
        using var api = app.Client(secret);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task A_token_without_a_name_is_refused_with_an_error_tied_to_the_field()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        await app.CreateUserAsync(Email, Roles.Viewer, "60463");
        using var client = await app.SignInAsync(Email);

        var response = await client.PostFormAsync("/espace/jetons", CreateForm, ("Name", "   "));

        var page = await TestApp.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Null(page.QuerySelector(".new-token"));
        Assert.Equal("#nom", page.QuerySelector(".error-summary a")?.GetAttribute("href"));
        Assert.Equal("nom-aide nom-erreur", page.QuerySelector("#nom")!.GetAttribute("aria-describedby"));
        Assert.Equal("Donnez un nom au jeton, pour le reconnaître.", page.QuerySelector("#nom-erreur")?.TextContent);
        await using var db = app.OpenDb();
        Assert.Equal(0, await db.ApiTokens.CountAsync());
    }

    [Fact]
    public async Task A_user_cannot_revoke_the_token_of_another_user()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        await app.CreateUserAsync(Email, Roles.Officer, "60463");
        await app.CreateUserAsync("autre@lyon.fr", Roles.Officer, "69123");
        var othersToken = await app.CreateTokenAsync("autre@lyon.fr");
        await app.CreateTokenAsync(Email);
        long othersId;
        await using (var db = app.OpenDb())
        {
            var hash = PersonalTokens.Hash(othersToken);
            othersId = await db.ApiTokens.Where(t => t.Hash == hash).Select(t => t.Id).SingleAsync();
        }
        using var client = await app.SignInAsync(Email);

        var response = await client.PostFormAsync("/espace/jetons", "table.tokens form", ("id", othersId.ToString()));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var api = app.Client(othersToken);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task The_token_forms_refuse_a_post_without_the_antiforgery_token()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        await app.CreateUserAsync(Email, Roles.Officer, "60463");
        using var client = await app.SignInAsync(Email);

        var create = await client.PostAsync("/espace/jetons?handler=create", new FormUrlEncodedContent([new("Name", "forged")]));
        var revoke = await client.PostAsync("/espace/jetons?handler=revoke", new FormUrlEncodedContent([new("id", "1")]));

        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, revoke.StatusCode);
        await using var db = app.OpenDb();
        Assert.Equal(0, await db.ApiTokens.CountAsync());
    }
}

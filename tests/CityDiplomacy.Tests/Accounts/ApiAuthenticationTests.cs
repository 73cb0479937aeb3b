using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CityDiplomacy.Accounts;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CityDiplomacy.Tests.Accounts;

public sealed class ApiAuthenticationTests
{
    private const string Email = "relations.internationales@saint-jean-de-braye.fr";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Me_answers_the_bearer_of_a_token_with_its_roles_and_communes(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var id = await app.CreateUserAsync(Email, Roles.Officer, "45284", "60463");
        var token = await app.CreateTokenAsync(Email);
        using var client = app.Client(token);

        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");

        Assert.Equal(id, me.GetProperty("id").GetString());
        Assert.Equal(Email, me.GetProperty("email").GetString());
        Assert.Equal(["officer"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["45284", "60463"], me.GetProperty("communes").EnumerateArray().Select(r => r.GetString()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Me_answers_the_session_cookie_of_the_pages(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await app.CreateUserAsync(Email, Roles.Viewer, "45284");
        using var client = await app.SignInAsync(Email);

        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");

        Assert.Equal(Email, me.GetProperty("email").GetString());
        Assert.Equal(["viewer"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Me_answers_an_anonymous_caller_401_with_a_bearer_challenge_not_a_redirect()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var client = app.Client();

        var response = await client.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_revoked_token_gets_401(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await app.CreateUserAsync(Email, Roles.Officer, "45284");
        var token = await app.CreateTokenAsync(Email);
        using var client = app.Client(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);

        await using (var db = app.OpenDb())
        {
            var hash = PersonalTokens.Hash(token);
            await db.ApiTokens.Where(t => t.Hash == hash).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, DateTime.UtcNow));
        }
        var response = await client.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.Single();
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Equal("error=\"invalid_token\"", challenge.Parameter);
    }

    [Theory]
    [InlineData("cd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-a-token")]
    [InlineData("")]
    public async Task An_unknown_or_malformed_token_gets_401(string token)
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        await app.CreateUserAsync(Email, Roles.Administrator);
        await app.CreateTokenAsync(Email);
        using var client = app.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task A_token_of_the_shared_shape_is_stored_only_as_its_hash_and_prefix()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        await app.CreateUserAsync(Email, Roles.Officer, "45284");

        var token = await app.CreateTokenAsync(Email);

        Assert.Matches("^cd_[A-Za-z0-9_-]{43}$", token);
        await using var db = app.OpenDb();
        var stored = await db.ApiTokens.SingleAsync();
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token))), stored.Hash);
        Assert.Equal(token[..10], stored.Prefix);
        Assert.DoesNotContain(token, JsonSerializer.Serialize(stored));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Using_a_token_records_when_it_was_last_used(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await app.CreateUserAsync(Email, Roles.Officer, "45284");
        var token = await app.CreateTokenAsync(Email);
        using var client = app.Client(token);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        await using var db = app.OpenDb();
        var first = await db.ApiTokens.AsNoTracking().Select(t => t.LastUsedAt).SingleAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        var second = await db.ApiTokens.AsNoTracking().Select(t => t.LastUsedAt).SingleAsync();

        Assert.NotNull(first);
        Assert.Equal(first, second); // within the minute: not written again
        // Bookkeeping, not an audited change.
        Assert.Equal(0, await db.AuditEntries.CountAsync(a => a.EntityType == nameof(ApiToken) && a.Action == "updated"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_password_is_stored_hashed_never_in_clear(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var id = await app.CreateUserAsync(Email, Roles.Officer, "45284");

        await using var db = app.OpenDb();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == id);
        Assert.NotNull(user.PasswordHash);
        Assert.DoesNotContain(TestUsers.Password, user.PasswordHash);
        Assert.DoesNotContain("horse", user.PasswordHash);
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CityDiplomacy.Accounts.User>>();
        Assert.True(await users.CheckPasswordAsync(user, TestUsers.Password));
        var audit = await db.AuditEntries.Where(a => a.EntityId == id).Select(a => a.After).ToListAsync();
        Assert.NotEmpty(audit);
        Assert.All(audit, after => Assert.DoesNotContain(user.PasswordHash, after ?? ""));
    }

    [Fact]
    public async Task A_password_shorter_than_twelve_characters_is_refused_and_a_long_one_needs_no_symbols()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CityDiplomacy.Accounts.User>>();

        var tooShort = await users.CreateAsync(new CityDiplomacy.Accounts.User { UserName = "a@example.org", Email = "a@example.org" }, "Sh0rt!Pass1");
        var longPlain = await users.CreateAsync(new CityDiplomacy.Accounts.User { UserName = "b@example.org", Email = "b@example.org" }, "twelve chars");

        Assert.False(tooShort.Succeeded);
        Assert.Equal("Le mot de passe doit compter au moins 12 caractères.", Assert.Single(tooShort.Errors).Description);
        Assert.True(longPlain.Succeeded);
    }

    [Fact]
    public async Task The_openapi_document_describes_me_its_401_and_the_bearer_scheme()
    {
        await using var app = await TestApp.SharedAsync("sqlite");

        var document = await app.GetJsonAsync("/openapi/v1.json");

        var get = document.GetProperty("paths").GetProperty("/api/me").GetProperty("get");
        Assert.Equal("GetMe", get.GetProperty("operationId").GetString());
        Assert.True(get.GetProperty("responses").TryGetProperty("200", out _));
        Assert.True(get.GetProperty("responses").TryGetProperty("401", out _));
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiToken");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
    }
}

using System.Net;
using System.Net.Http.Headers;
using CityDiplomacy.Accounts;
using CityDiplomacy.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CityDiplomacy.Tests.Infrastructure;

/// <summary>Accounts for tests, made through the app's own Identity services.</summary>
public static class TestUsers
{
    public const string Password = "correct horse battery staple";

    /// <summary>A user with one role and these communes; returns the user's id.</summary>
    public static async Task<string> CreateUserAsync(this TestApp app, string email, string role, params string[] communes)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var user = new User { UserName = email, Email = email };
        foreach (var commune in communes) user.Communes.Add(new CommuneAssignment { UserId = user.Id, CommuneCode = commune });
        Succeed(await users.CreateAsync(user, Password));
        Succeed(await users.AddToRoleAsync(user, role));
        return user.Id;
    }

    /// <summary>A new personal API token of the user; returns the secret.</summary>
    public static async Task<string> CreateTokenAsync(this TestApp app, string email)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var normalized = email.ToUpperInvariant();
        var userId = await db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => u.Id).SingleAsync();
        var (token, secret) = PersonalTokens.Create(userId, "test", DateTime.UtcNow);
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync();
        return secret;
    }

    /// <summary>A client sending « Authorization: Bearer <paramref name="token"/> ».</summary>
    public static HttpClient Client(this TestApp app, string token)
    {
        var client = app.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A client holding the session cookie, signed in through the real form of /connexion.</summary>
    public static async Task<HttpClient> SignInAsync(this TestApp app, string email, string password = Password)
    {
        var client = app.CookieClient();
        var response = await client.PostSignInAsync(email, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"sign-in of {email} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>A client that keeps cookies and does not follow redirects.</summary>
    public static HttpClient CookieClient(this TestApp app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });

    /// <summary>GETs <paramref name="url"/>, then posts its form <paramref name="formSelector"/> with its antiforgery token and these fields.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, string formSelector,
        params (string Name, string Value)[] fields)
    {
        var page = await client.GetAsync(url);
        Assert.True(page.IsSuccessStatusCode, $"GET {url} → {(int)page.StatusCode}");
        var document = await TestApp.ParseAsync(await page.Content.ReadAsStringAsync());
        var form = document.QuerySelector(formSelector) ?? throw new InvalidOperationException($"{formSelector} absent de {url}");
        var values = form.QuerySelectorAll("input[type=hidden]")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""))
            .Where(p => fields.All(f => f.Name != p.Key))
            .Concat(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        Assert.Contains(values, p => p.Key == "__RequestVerificationToken");
        var action = form.GetAttribute("action") is { Length: > 0 } target ? target : url;
        return await client.PostAsync(action, new FormUrlEncodedContent(values));
    }

    /// <summary>Posts the sign-in form of /connexion (optionally reached with a ReturnUrl).</summary>
    public static Task<HttpResponseMessage> PostSignInAsync(this HttpClient client, string email, string password, string url = "/connexion") =>
        client.PostFormAsync(url, "main form", ("Email", email), ("Password", password));

    private static void Succeed(IdentityResult result) =>
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
}

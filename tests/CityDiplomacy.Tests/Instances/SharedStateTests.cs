using System.Net;
using System.Text.Json;
using CityDiplomacy.Accounts;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CityDiplomacy.Tests.Instances;

/// <summary>Two instances on one database behave as one site: sessions, key rotation and public caches.</summary>
public sealed class SharedStateTests
{
    private const string Orleans = "45284";
    private const string Email = "officer@45284.fr";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_session_cookie_issued_by_one_instance_is_accepted_by_another_and_survives_a_key_rotation(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var first = new Instance(database);
        await using var second = new Instance(database);
        await Task.WhenAll(Task.Run(first.Start), Task.Run(second.Start));
        Assert.True(await first.ReadyAsync() && await second.ReadyAsync());
        await CreateOfficerAsync(first);
        var cookies = new System.Net.CookieContainer();
        using var onFirst = first.CreateDefaultClient(new CookieContainerHandler(cookies));
        using var onSecond = second.CreateDefaultClient(new CookieContainerHandler(cookies));
        Assert.Equal(HttpStatusCode.Unauthorized, (await onSecond.GetAsync("/api/me")).StatusCode);

        var signIn = await onFirst.PostSignInAsync(Email, TestUsers.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        Assert.Equal(Email, await SignedInEmailAsync(onSecond));

        // A new key on the second instance becomes its default key; the key that protected the cookie stays readable.
        var keysBefore = await CountKeysAsync(database);
        using (var scope = second.Services.CreateScope())
        {
            var now = DateTimeOffset.UtcNow;
            scope.ServiceProvider.GetRequiredService<IKeyManager>().CreateNewKey(now, now.AddDays(90));
        }
        Assert.Equal(Email, await SignedInEmailAsync(onSecond));
        Assert.Equal(Email, await SignedInEmailAsync(onFirst));
        if (provider == "postgres") Assert.Equal(keysBefore + 1, await CountKeysAsync(database)); // kept in the database
    }

    private static async Task<int> CountKeysAsync(TestDatabase database)
    {
        await using var db = database.Open();
        return await db.DataProtectionKeys.CountAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_write_on_one_instance_is_served_by_the_other_once_its_cache_revalidates(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        // The shipped revalidation time: a version read is reused for a second, then read again from the database.
        await using var writer = new Instance(database, ("PublicCache:RevalidateSeconds", "1"));
        await using var reader = new Instance(database, ("PublicCache:RevalidateSeconds", "1"));
        writer.Start();
        reader.Start();
        Assert.True(await writer.ReadyAsync() && await reader.ReadyAsync());
        var twinning = await AddTwinningAsync(writer, "Jumelage avec Dundee");
        using var client = reader.Client();
        const string url = "/api/communes/45284/engagements";
        Assert.Contains("Jumelage avec Dundee", await PollAsync(client, url, body => body.Contains("Jumelage avec Dundee")));
        var cachedEtag = (await client.GetAsync(url)).Headers.ETag;

        await using (var scope = writer.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            var stored = await db.Engagements.SingleAsync(e => e.Id == twinning);
            stored.Describe("Jumelage avec Cracovie", null, Visibility.Public, [], null, null);
            await db.SaveChangesAsync();
        }

        var body = await PollAsync(client, url, b => b.Contains("Jumelage avec Cracovie"));
        Assert.DoesNotContain("Jumelage avec Dundee", body);
        Assert.NotEqual(cachedEtag, (await client.GetAsync(url)).Headers.ETag);
    }

    /// <summary>Reads until the body matches; a bounded deadline, far above the revalidation time, and no timing assertion.</summary>
    private static async Task<string> PollAsync(HttpClient client, string url, Func<string, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK && done(body)) return body;
            Assert.True(DateTime.UtcNow < deadline, $"GET {url} ne montre toujours pas l'écriture : {(int)response.StatusCode} {body}");
            await Task.Delay(200);
        }
    }

    private static async Task<string?> SignedInEmailAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var me = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return me.RootElement.GetProperty("email").GetString();
    }

    private static async Task CreateOfficerAsync(Instance instance)
    {
        using var scope = instance.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var user = new User { UserName = Email, Email = Email };
        user.Communes.Add(new CommuneAssignment { UserId = user.Id, CommuneCode = Orleans });
        Assert.True((await users.CreateAsync(user, TestUsers.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Officer)).Succeeded);
    }

    private static async Task<Guid> AddTwinningAsync(Instance instance, string title)
    {
        await using var scope = instance.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var twinning = new Twinning(Orleans, title);
        twinning.Describe(title, null, Visibility.Public, [], null, null);
        twinning.ReplacePartners([new EngagementPartner { Kind = PartnerKind.Place, GeonameId = 2650752, Name = "Dundee", CountryCode = "GB" }]);
        twinning.Start(EngagementStatus.Proposed, null);
        db.Engagements.Add(twinning);
        await db.SaveChangesAsync();
        return twinning.Id;
    }
}

using System.Net;
using CityDiplomacy.Accounts;
using CityDiplomacy.Tests.Infrastructure;
using static CityDiplomacy.Tests.Engagements.RegisterApi;

namespace CityDiplomacy.Tests.Engagements;

/// <summary>Versions as ETags, If-Match, conflicts, and the audit trail every write leaves.</summary>
public sealed class EngagementsConcurrencyTests
{
    private static object Twinning(string? notes = null, string? title = null) =>
        new { partner = new { geonameId = KrakowGeonameId }, signedOn = "1965-03-12", notes, title };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_put_needs_if_match_with_the_version_read(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var officer = await app.OfficerAsync();
        var id = (await officer.CreateAsync("twinnings", Twinning())).Id();
        var url = $"/api/engagements/{id}";

        var get = await officer.GetAsync(url);
        Assert.Equal("\"1\"", get.ETag());
        Assert.Equal("1", (await JsonAsync(get)).At("version"));

        var missing = await ProblemAsync(await officer.PutJsonAsync(url, Twinning("Sans If-Match"), ifMatch: null), (HttpStatusCode)428);
        Assert.Contains("If-Match", missing.GetProperty("detail").GetString());
        await ProblemAsync(await officer.PutJsonAsync(url, Twinning("Joker"), "*"), (HttpStatusCode)428);
        await ProblemAsync(await officer.PutJsonAsync(url, Twinning("Version inconnue"), "\"9\""), HttpStatusCode.PreconditionFailed);

        var put = await officer.PutJsonAsync(url, Twinning("Avec If-Match"), "\"1\"");
        Assert.Equal("Avec If-Match", (await JsonAsync(put)).At("notes"));
        Assert.Equal("\"2\"", put.ETag());
        Assert.Equal("\"2\"", await officer.ETagAsync(id));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_stale_if_match_is_412_saying_which_fields_changed_by_whom(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var officer = await app.OfficerAsync();
        using var admin = await app.ClientAsync("admin@example.fr", Roles.Administrator);
        var id = (await officer.CreateAsync("twinnings", Twinning())).Id();
        var url = $"/api/engagements/{id}";

        await JsonAsync(await admin.PutJsonAsync(url, Twinning(title: "Jumelage historique"), "\"1\""));
        await JsonAsync(await officer.PostJsonAsync($"{url}/suspend", new { reason = "Motif", on = "2020-02-14" }, "\"2\""));

        var response = await officer.PutJsonAsync(url, Twinning("Mes notes"), "\"1\"");
        var stale = await ProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal("\"3\"", response.ETag());
        var detail = stale.GetProperty("detail").GetString()!;
        Assert.Contains("title", detail);
        Assert.Contains("status", detail);
        Assert.Contains("admin@example.fr", detail);
        Assert.Contains("officer@45284.fr", detail);
        Assert.Equal(3, stale.GetProperty("currentVersion").GetInt32());
        Assert.Contains("title", stale.GetProperty("changedFields").EnumerateArray().Select(f => f.GetString()));
        Assert.DoesNotContain("notes", stale.GetProperty("changedFields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal([2, 3], stale.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("version").GetInt32()));

        // The same rule for a lifecycle action that sends If-Match.
        await ProblemAsync(await officer.PostJsonAsync($"{url}/end", new { reason = "Fin", on = "2024-01-01" }, "\"2\""), HttpStatusCode.PreconditionFailed);
        var current = await JsonAsync(await officer.GetAsync(url));
        Assert.Equal("suspended", current.At("status"));
        Assert.Null(current.At("notes"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_puts_with_the_same_if_match_the_second_is_refused(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var officer = await app.OfficerAsync();
        var id = (await officer.CreateAsync("twinnings", Twinning())).Id();
        var url = $"/api/engagements/{id}";

        await JsonAsync(await officer.PutJsonAsync(url, Twinning("Première"), "\"1\""));
        var second = await ProblemAsync(await officer.PutJsonAsync(url, Twinning("Seconde"), "\"1\""), HttpStatusCode.PreconditionFailed);
        Assert.Contains("notes", second.GetProperty("detail").GetString());
        Assert.Equal("Première", (await JsonAsync(await officer.GetAsync(url))).At("notes"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Simultaneous_puts_with_the_same_if_match_let_exactly_one_through(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var officer = await app.OfficerAsync();
        var id = (await officer.CreateAsync("twinnings", Twinning())).Id();
        var url = $"/api/engagements/{id}";

        var responses = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => officer.PutJsonAsync(url, Twinning($"Écriture {i}"), "\"1\"")));
        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.Single(statuses, s => s == HttpStatusCode.OK);
        Assert.All(statuses.Where(s => s != HttpStatusCode.OK), s => Assert.True(s is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed, $"{(int)s}"));
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
            await ProblemAsync(conflict, HttpStatusCode.Conflict);

        var winner = await JsonAsync(responses.Single(r => r.StatusCode == HttpStatusCode.OK));
        var current = await JsonAsync(await officer.GetAsync(url));
        Assert.Equal(2, current.GetProperty("version").GetInt32());
        Assert.Equal(winner.At("notes"), current.At("notes"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_write_leaves_an_audit_entry_with_before_and_after(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var officer = await app.OfficerAsync();
        using var viewer = await app.ClientAsync("viewer@45284.fr", Roles.Viewer, Commune);
        var id = (await officer.CreateAsync("twinnings", Twinning())).Id();
        var url = $"/api/engagements/{id}";
        await JsonAsync(await officer.PutJsonAsync(url, Twinning("Notes"), "\"1\""));
        await JsonAsync(await officer.PostJsonAsync($"{url}/suspend", new { reason = "Motif", on = "2020-02-14" }));
        await JsonAsync(await officer.PostJsonAsync($"{url}/end", new { reason = "Fin", on = "2021-01-01" }));

        var audit = await JsonAsync(await viewer.GetAsync($"/api/communes/{Commune}/audit"));
        var entries = audit.EnumerateArray().Where(e => e.At("entityId") == id).ToList();
        Assert.Equal(["updated", "updated", "updated", "created"], entries.Select(e => e.At("action")));
        Assert.All(entries, e =>
        {
            Assert.Equal("Engagement", e.At("entityType"));
            Assert.Equal("officer@45284.fr", e.At("actorName"));
            Assert.False(string.IsNullOrEmpty(e.At("actor")));
        });
        var times = entries.Select(e => e.GetProperty("at").GetDateTime()).ToList();
        Assert.Equal(times.OrderDescending(), times);

        Assert.Equal("ended", entries[0].At("after.status"));
        Assert.Equal("suspended", entries[0].At("before.status"));
        Assert.Equal("Notes", entries[2].At("after.notes"));
        Assert.Equal(System.Text.Json.JsonValueKind.Object, entries[2].GetProperty("before").ValueKind);
        Assert.False(entries[2].GetProperty("before").TryGetProperty("notes", out _));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, entries[3].GetProperty("before").ValueKind);
        Assert.Equal("1", entries[3].At("after.version"));

        Assert.Single((await JsonAsync(await viewer.GetAsync($"/api/communes/{Commune}/audit?limit=1"))).EnumerateArray());
    }
}

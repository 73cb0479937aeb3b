using System.Net;
using CityDiplomacy.Accounts;
using CityDiplomacy.Tests.Infrastructure;
using static CityDiplomacy.Tests.Engagements.RegisterApi;

namespace CityDiplomacy.Tests.Engagements;

/// <summary>Who may write and who may read what: role × own or other commune × every write endpoint.</summary>
public sealed class EngagementsAuthorizationTests
{
    private static readonly string[] Writes = [.. Routes.Select(r => "POST " + r), "PUT", "suspend", "resume", "end"];

    public static TheoryData<string, string> ProvidersAndWrites()
    {
        var data = new TheoryData<string, string>();
        foreach (var provider in TestDatabase.Providers) foreach (var write in Writes) data.Add(provider, write);
        return data;
    }

    /// <summary>The callers, in the order of the expected answers 401, 403, 403, 2xx, 2xx.</summary>
    private sealed record Callers(HttpClient Anonymous, HttpClient Viewer, HttpClient OtherOfficer, HttpClient Officer, HttpClient Administrator) : IDisposable
    {
        public static async Task<Callers> CreateAsync(TestApp app) => new(
            app.Client(),
            await app.ClientAsync("viewer@45284.fr", Roles.Viewer, Commune),
            await app.ClientAsync("officer@75056.fr", Roles.Officer, OtherCommune),
            await app.OfficerAsync(),
            await app.ClientAsync("admin@example.fr", Roles.Administrator));

        public IEnumerable<(string Name, HttpClient Client, HttpStatusCode? Refused)> All =>
        [
            ("anonymous", Anonymous, HttpStatusCode.Unauthorized),
            ("viewer of the commune", Viewer, HttpStatusCode.Forbidden),
            ("officer of another commune", OtherOfficer, HttpStatusCode.Forbidden),
            ("officer of the commune", Officer, null),
            ("administrator", Administrator, null),
        ];

        public void Dispose()
        {
            foreach (var (_, client, _) in All) client.Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(ProvidersAndWrites))]
    public async Task Every_write_endpoint_answers_anonymous_401_viewer_403_other_officer_403_officer_and_administrator_2xx(string provider, string write)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await AddCataloguesAsync(app);
        using var callers = await Callers.CreateAsync(app);

        var successes = 0;
        foreach (var (name, client, refused) in callers.All)
        {
            var target = write.StartsWith("POST ", StringComparison.Ordinal) ? null : await SeedAsync(callers.Officer, write);
            var before = target is null ? null : await callers.Administrator.ETagAsync(target);
            var response = await SendAsync(client, callers.Administrator, write, target);
            var body = await response.Content.ReadAsStringAsync();

            if (refused is { } status)
            {
                Assert.True(response.StatusCode == status, $"{write} by {name}: {(int)response.StatusCode} {body}");
                Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString());
                if (target is not null) Assert.Equal(before, await callers.Administrator.ETagAsync(target));
            }
            else
            {
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, $"{write} by {name}: {(int)response.StatusCode} {body}");
                successes++;
            }
        }
        Assert.Equal(2, successes);

        await using var db = app.OpenDb();
        var expected = write.StartsWith("POST ", StringComparison.Ordinal) ? 2 : 5;
        Assert.Equal(expected, db.Engagements.Count());
    }

    /// <summary>The engagement a write acts on, in the state that write needs: a public twinning of the commune.</summary>
    private static async Task<string> SeedAsync(HttpClient officer, string write)
    {
        object body = write switch
        {
            "resume" => new
            {
                partner = new { geonameId = 756634 },
                status = "suspended",
                statusReason = "Zone « sans idéologie LGBT »",
                statusOn = "2020-02-14",
                deliberations = new[] { new { reference = "DCM-2003-12", date = "2003-03-20" }, new { reference = "DCM-2021-3", date = "2021-02-25" } },
            },
            _ => new { partner = new { geonameId = 756634 }, deliberation = new { reference = "DCM-2003-12", date = "2003-03-20" }, status = "active" },
        };
        return (await officer.CreateAsync("twinnings", body)).Id();
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpClient reader, string write, string? target)
    {
        var url = $"/api/engagements/{target}";
        return write switch
        {
            "PUT" => await client.PutJsonAsync(url, new { partner = new { geonameId = 756634 }, notes = "Changé" }, await reader.ETagAsync(target!)),
            "suspend" => await client.PostJsonAsync($"{url}/suspend", new { reason = "Motif", on = "2020-02-14" }),
            "resume" => await client.PostJsonAsync($"{url}/resume", new { on = "2021-03-01", deliberation = "DCM-2021-3" }),
            "end" => await client.PostJsonAsync($"{url}/end", new { reason = "Fin", on = "2024-01-01" }),
            _ => await client.PostJsonAsync($"/api/communes/{Commune}/{write["POST ".Length..]}", Creation(write["POST ".Length..])),
        };
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Internal_engagements_are_invisible_to_anonymous_callers_and_to_other_communes(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var callers = await Callers.CreateAsync(app);
        var hidden = await callers.Officer.CreateAsync("twinnings", new { partner = new { geonameId = 774730 }, visibility = "internal" });
        var shown = await callers.Officer.CreateAsync("twinnings", new { partner = new { geonameId = 756634 } });
        var list = $"/api/communes/{Commune}/engagements";

        foreach (var outsider in new[] { callers.Anonymous, callers.OtherOfficer })
        {
            var visible = await JsonAsync(await outsider.GetAsync(list));
            Assert.Equal([shown.Id()], visible.EnumerateArray().Select(e => e.Id()));
            await ProblemAsync(await outsider.GetAsync($"/api/engagements/{hidden.Id()}"), HttpStatusCode.NotFound);
            Assert.Equal(HttpStatusCode.OK, (await outsider.GetAsync($"/api/engagements/{shown.Id()}")).StatusCode);
        }
        // The other commune's officer does not learn that the internal one exists, even when writing.
        await ProblemAsync(await callers.OtherOfficer.PostJsonAsync($"/api/engagements/{hidden.Id()}/end", new { reason = "x", on = "2024-01-01" }), HttpStatusCode.NotFound);

        foreach (var insider in new[] { callers.Viewer, callers.Officer, callers.Administrator })
        {
            var visible = await JsonAsync(await insider.GetAsync(list));
            Assert.Equal(2, visible.GetArrayLength());
            var details = await JsonAsync(await insider.GetAsync($"/api/engagements/{hidden.Id()}"));
            Assert.Equal("internal", details.At("visibility"));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_audit_answers_the_commune_s_officers_and_viewers_and_administrators_only(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var callers = await Callers.CreateAsync(app);
        await callers.Officer.CreateAsync("twinnings", new { partner = new { geonameId = 774730 } });
        var url = $"/api/communes/{Commune}/audit";

        var anonymous = await callers.Anonymous.GetAsync(url);
        await ProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        Assert.Null(anonymous.Headers.Location);
        await ProblemAsync(await callers.OtherOfficer.GetAsync(url), HttpStatusCode.Forbidden);
        foreach (var reader in new[] { callers.Viewer, callers.Officer, callers.Administrator })
            Assert.Contains((await JsonAsync(await reader.GetAsync(url))).EnumerateArray(), e => e.At("entityType") == "Engagement");
        await ProblemAsync(await callers.Administrator.GetAsync($"{url}?limit=0"), HttpStatusCode.BadRequest, "limit");
        await ProblemAsync(await callers.Administrator.GetAsync("/api/communes/99999/audit"), HttpStatusCode.NotFound);
    }
}

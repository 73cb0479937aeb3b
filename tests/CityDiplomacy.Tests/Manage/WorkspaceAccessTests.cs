using System.Net;
using CityDiplomacy.Accounts;
using CityDiplomacy.Tests.Infrastructure;
using static CityDiplomacy.Tests.Manage.Forms;

namespace CityDiplomacy.Tests.Manage;

public sealed class WorkspaceAccessTests
{
    private const string OtherOfficer = "ri@nogent-sur-oise.fr";

    /// <summary>Every workspace page of Saint-Jean-de-Braye's register, {0} being one of its engagements.</summary>
    private static readonly string[] Pages =
    [
        "/espace/communes/45284", "/espace/communes/45284/engagements", "/espace/communes/45284/journal",
        "/espace/communes/45284/engagements/nouveau/twinning", "/espace/engagements/{0}", "/espace/engagements/{0}/modifier",
    ];

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_the_sign_in_page()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        var id = await app.SeedAsync(SaintJeanDeBraye, Twinning());
        using var client = app.Client();

        foreach (var url in Pages.Append("/espace").Select(p => string.Format(p, id)))
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"GET {url} → {(int)response.StatusCode}");
            Assert.StartsWith("/connexion?ReturnUrl=", response.Headers.Location!.PathAndQuery);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_officer_of_another_commune_gets_403_on_every_page_and_every_form(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var id = await app.SeedAsync(SaintJeanDeBraye, Twinning());
        using var client = await app.OfficerAsync(OtherOfficer, NogentSurOise);

        foreach (var url in Pages.Select(p => string.Format(p, id)))
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(url)).StatusCode);

        // A valid antiforgery token, taken from a form of the officer's own commune: only the right is missing.
        var own = await client.PageAsync($"/espace/communes/{NogentSurOise}/engagements/nouveau/summit");
        var token = own.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        (string Url, (string, string)[] Fields)[] posts =
        [
            ($"/espace/communes/{SaintJeanDeBraye}/engagements/nouveau/summit", [("eventName", "COP28")]),
            ($"/espace/engagements/{id}/modifier", [("version", "1"), ("notes", "Intrusion")]),
            ($"/espace/engagements/{id}?handler=Suspend", [("suspend.reason", "Intrusion"), ("suspend.on", "2024-01-01")]),
            ($"/espace/engagements/{id}?handler=End", [("end.reason", "Intrusion"), ("end.on", "2024-01-01")]),
        ];
        foreach (var (url, fields) in posts)
        {
            var response = await client.PostAsync(url, new FormUrlEncodedContent(
                fields.Append(("__RequestVerificationToken", token)).Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"POST {url} → {(int)response.StatusCode}");
        }

        var register = await app.RegisterAsync(SaintJeanDeBraye);
        var twinning = Assert.Single(register);
        Assert.Equal((1, null), (twinning.Version, twinning.Notes));
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused_and_saves_nothing()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        var id = await app.SeedAsync(SaintJeanDeBraye, Twinning());
        using var client = await app.OfficerAsync();

        var created = await client.PostAsync($"/espace/communes/{SaintJeanDeBraye}/engagements/nouveau/summit",
            new FormUrlEncodedContent([new("eventName", "COP28")]));
        var suspended = await client.PostAsync($"/espace/engagements/{id}?handler=Suspend",
            new FormUrlEncodedContent([new("suspend.reason", "Motif"), new("suspend.on", "2024-01-01")]));

        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, suspended.StatusCode);
        var twinning = Assert.Single(await app.RegisterAsync(SaintJeanDeBraye));
        Assert.Equal(CityDiplomacy.Engagements.EngagementStatus.Active, twinning.Status);
    }

    [Fact]
    public async Task The_workspace_speaks_English_when_asked()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var client = await app.OfficerAsync();

        var page = await client.PageAsync($"/espace/communes/{SaintJeanDeBraye}/engagements/nouveau/twinning?culture=en");

        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("New: twinning — Saint-Jean-de-Braye", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("Twin local authority (required)", page.QuerySelector("fieldset#partner legend")!.TextContent.Trim());
        Assert.Equal("human rights", page.QuerySelector("label[for=themes-human-rights]")!.TextContent);
    }

    [Fact]
    public async Task A_viewer_reads_the_register_but_gets_no_form_and_403_on_writes()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        var id = await app.SeedAsync(SaintJeanDeBraye, new CityDiplomacy.Engagements.HonoraryCitizenshipInput
        {
            Person = new CityDiplomacy.Engagements.PersonInput { Name = "Personne Fictive" }, Visibility = "internal", ConfidentialNotes = "CANARY-7f3c",
        });
        await app.CreateUserAsync("elu@saint-jean-de-braye.fr", Roles.Viewer, SaintJeanDeBraye);
        using var client = await app.SignInAsync("elu@saint-jean-de-braye.fr");

        var details = await client.PageAsync($"/espace/engagements/{id}");
        Assert.Equal("Personne Fictive", details.QuerySelector("h1")!.TextContent);
        Assert.Empty(details.QuerySelectorAll("form.lifecycle"));
        Assert.DoesNotContain("CANARY-7f3c", details.DocumentElement.OuterHtml);
        Assert.Null(details.QuerySelector($"a[href='/espace/engagements/{id}/modifier']"));
        var dashboard = await client.PageAsync($"/espace/communes/{SaintJeanDeBraye}");
        Assert.Empty(dashboard.QuerySelectorAll("a[href*='/nouveau/']"));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/espace/engagements/{id}/modifier")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/espace/communes/{SaintJeanDeBraye}/engagements/nouveau/twinning")).StatusCode);
    }

    [Fact]
    public async Task My_space_lists_my_communes_and_the_layout_links_to_it()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        await app.SeedAsync(SaintJeanDeBraye, Twinning());
        await app.CreateUserAsync(Officer, Roles.Officer, SaintJeanDeBraye, NogentSurOise);
        using var client = await app.SignInAsync(Officer);

        var page = await client.PageAsync("/espace");

        Assert.Equal("/espace", page.QuerySelector("header a[href='/espace']")?.GetAttribute("href"));
        var communes = page.QuerySelectorAll("main ul.results li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(2, communes.Count);
        Assert.StartsWith("Nogent-sur-Oise", communes[0]);
        Assert.StartsWith("Saint-Jean-de-Braye", communes[1]);
        Assert.Contains("1 engagement(s)", communes[1]);
        Assert.Null(page.QuerySelector("main form[role=search]"));
        Assert.Null((await app.GetPageAsync("/")).QuerySelector("header a[href='/espace']"));
    }

    [Fact]
    public async Task An_administrator_sees_the_communes_with_a_register_and_can_open_any_other()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        await app.SeedAsync(NogentSurOise, Twinning(767623));
        await app.CreateUserAsync("admin@example.org", Roles.Administrator);
        using var client = await app.SignInAsync("admin@example.org");

        var page = await client.PageAsync("/espace?q=Saint-Jean-de-Braye");

        Assert.Equal(["/espace/communes/60463"], page.QuerySelectorAll("#communes-titre + ul a").Select(a => a.GetAttribute("href")));
        Assert.Contains("/espace/communes/45284", page.QuerySelectorAll("form[role=search] ~ ul a").Select(a => a.GetAttribute("href")));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/espace/communes/45284")).StatusCode);
    }
}

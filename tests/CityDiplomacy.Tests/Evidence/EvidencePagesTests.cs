using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CityDiplomacy.Accounts;
using CityDiplomacy.Evidence;
using CityDiplomacy.Tests.Infrastructure;
using CityDiplomacy.Tests.Manage;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Tests.Evidence;

/// <summary>
/// The territorial-status file loaded at start, the alert pages (who may, candidate picking, stale edits refused),
/// the upload page and the public alerts and indicators API, through HTTP.
/// </summary>
public sealed class EvidencePagesTests
{
    private const string Monitor = "veille@ldh-example.org";
    private const string Admin = "admin@example.org";

    private static readonly (string Name, string? Value)[] Krasnik =
    [
        ("level", "place"), ("country", "Pologne"), ("place", "Krasnik"), ("type", "anti-lgbti-resolution"),
        ("title", "Résolution contre « l'idéologie LGBT »"), ("adoptedOn", "2019-05"), ("repealedOn", "2021-04-29"),
        ("sourceName", "Notes from Poland"), ("sourceUrl", "https://notesfrompoland.com/2021/04/29/polish-town-withdraws-anti-lgbt-resolution-over-concern-at-losing-norway-funds/"),
    ];

    private static async Task<HttpClient> MonitorAsync(TestApp app)
    {
        await app.CreateUserAsync(Monitor, Roles.Monitor);
        return await app.SignInAsync(Monitor);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_territorial_status_file_is_loaded_at_start_with_its_sources(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await using var db = app.OpenDb();

        var statuses = await db.TerritoryStatuses.AsNoTracking().ToListAsync();
        var crimea = statuses.Where(s => s.Territory == "crimea").ToList();
        Assert.Equal(["11", "20"], crimea.Select(c => c.Admin1Code).Order());
        Assert.All(crimea, c => Assert.Equal(("UA", "https://undocs.org/fr/A/RES/68/262", "2014-03-27", "annexation-not-recognised"),
            (c.CountryCode, c.SourceUrl, c.SourceDate, c.Status)));
        var settlements = statuses.Where(s => s.Status == "settlement").ToList();
        Assert.Contains(settlements, s => s.GeonameId == 8199394); // Ariel
        Assert.Contains(settlements, s => s.GeonameId == 284375); // Beitar Illit, which GeoNames names « Battir »
        Assert.DoesNotContain(statuses, s => s.GeonameId == 284376); // Battir, the Palestinian village
        Assert.DoesNotContain(statuses, s => s.CountryCode == "PS" && s.Admin1Code is not null); // no Palestinian region as such
        Assert.All(settlements, s => Assert.Equal("https://undocs.org/fr/S/RES/2334(2016)", s.SourceUrl));
        Assert.Contains(statuses, s => s.Territory == "northern-cyprus" && s.CountryCode == "CY" && s.Admin1Code == "02");
        Assert.Contains(statuses, s => s.Territory == "transnistria" && s.CountryCode == "MD" && s.Admin1Code == "58");
        Assert.Contains(statuses, s => s.Territory == "abkhazia" && s.CountryCode == "GE" && s.Admin1Code == "02");
        Assert.Contains(statuses, s => s.Territory == "south-ossetia" && s.GeonameId == 611403);
        Assert.All(statuses, s => Assert.False(string.IsNullOrEmpty(s.SourceName)));
        var import = await db.EvidenceImports.AsNoTracking().SingleAsync(i => i.Kind == EvidenceKind.Territories);
        Assert.Equal(("system", statuses.Count), (import.ImportedBy, import.RowCount));
        Assert.All(statuses, s => Assert.Equal(import.Id, s.ImportId));

        // Seeded once per version; the same file imported again changes nothing.
        Assert.Null(await TerritorySeeder.SeedAsync(db, TestClock.Create()));
        var (code, output, error) = await EvidenceImportTests.RunAsync(app.Database, "evidence", "import", "--kind", "territories",
            Path.Combine(Repository.Root, "data", "territories", "territories.csv"));
        Assert.True(code == 0, error);
        Assert.Contains("Rien n'a changé", output);
    }

    [Fact]
    public async Task Anonymous_visitors_and_officers_are_refused_the_evidence_pages()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        string[] pages = ["/espace/alertes", "/espace/alertes/nouvelle", "/espace/preuves"];
        using var anonymous = app.Client();
        foreach (var url in pages)
        {
            var response = await anonymous.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"GET {url} → {(int)response.StatusCode}");
            Assert.StartsWith("/connexion?ReturnUrl=", response.Headers.Location!.PathAndQuery);
        }

        await app.CreateUserAsync(Forms.Officer, Roles.Officer, Forms.SaintJeanDeBraye);
        using var officer = await app.SignInAsync(Forms.Officer);
        foreach (var url in pages)
            Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync(url)).StatusCode);
        Assert.Null((await officer.PageAsync("/espace")).QuerySelector("a[href='/espace/alertes']"));
        // A form posted anyway (with a valid antiforgery token from a page the officer may see) is refused too.
        var token = (await officer.PageAsync("/espace/jetons")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var post = await officer.PostAsync("/espace/alertes/nouvelle", new FormUrlEncodedContent(
            Krasnik.Select(f => new KeyValuePair<string, string>(f.Name, f.Value!)).Append(new("__RequestVerificationToken", token))));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        await using var db = app.OpenDb();
        Assert.Equal(0, await db.LocalAlerts.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_monitor_enters_an_alert_resolved_and_audited_and_an_administrator_may_too(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var monitorId = await app.CreateUserAsync(Monitor, Roles.Monitor);
        using var monitor = await app.SignInAsync(Monitor);

        var response = await monitor.SubmitAsync("/espace/alertes/nouvelle", "form#alerte", Krasnik);

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        await using (var db = app.OpenDb())
        {
            var alert = await db.LocalAlerts.AsNoTracking().SingleAsync();
            Assert.Equal((AlertLevel.Place, "PL", 767623, "75", 1, (Guid?)null),
                (alert.Level, alert.CountryCode, alert.GeonameId, alert.Admin1Code, alert.Version, alert.ImportId));
            var audit = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.EntityType == nameof(LocalAlert));
            Assert.Equal((monitorId, "created"), (audit.Actor, audit.Action));
        }
        Assert.NotNull((await monitor.PageAsync("/espace")).QuerySelector("a[href='/espace/alertes']"));
        var list = await monitor.PageAsync("/espace/alertes?country=PL&state=repealed");
        Assert.Contains("Résolution contre « l'idéologie LGBT »", list.QuerySelector("table")!.TextContent);
        Assert.Equal("Aucune alerte ne correspond.", (await monitor.PageAsync("/espace/alertes?state=active")).QuerySelector("[role=status]")!.TextContent);

        await app.CreateUserAsync(Admin, Roles.Administrator);
        using var admin = await app.SignInAsync(Admin);
        var region = await admin.SubmitAsync("/espace/alertes/nouvelle", "form#alerte",
            ("level", "admin1"), ("country", "PL"), ("place", "Swietokrzyskie"), ("type", "anti-lgbti-resolution"),
            ("title", "Résolution régionale"), ("repealedOn", "2021-09-22"), ("sourceName", "Reuters"), ("sourceUrl", "https://www.reuters.com/"));
        Assert.True(region.StatusCode == HttpStatusCode.Redirect, await region.Content.ReadAsStringAsync());
        await using (var db = app.OpenDb())
            Assert.Equal("84", (await db.LocalAlerts.AsNoTracking().SingleAsync(a => a.Level == AlertLevel.Admin1)).Admin1Code);
    }

    [Fact]
    public async Task A_place_the_resolver_is_unsure_of_comes_back_with_candidates_to_pick()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var monitor = await MonitorAsync(app);
        // Two towns of Saxony named Oelsnitz, of about the same size.
        (string, string?)[] fields = [.. Krasnik.Where(f => f.Name is not ("place" or "country")), ("place", "Oelsnitz"), ("country", "DE")];

        var first = await monitor.SubmitAsync("/espace/alertes/nouvelle", "form#alerte", fields);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var page = await first.ParseAsync();
        Assert.Contains("n'est pas résolu avec certitude", Forms.ErrorOf(page, "place"));
        var candidates = page.QuerySelectorAll("input[type=radio][name=geonameId]").Select(r => r.GetAttribute("value")!).ToList();
        Assert.Contains("2857918", candidates);
        Assert.Contains("2857919", candidates);
        await using (var db = app.OpenDb()) Assert.Equal(0, await db.LocalAlerts.CountAsync());

        var token = page.QuerySelector("form#alerte input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var picked = await monitor.PostAsync("/espace/alertes/nouvelle", new FormUrlEncodedContent(
            fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2!))
                .Append(new("geonameId", "2857919")).Append(new("__RequestVerificationToken", token))));

        Assert.True(picked.StatusCode == HttpStatusCode.Redirect, await picked.Content.ReadAsStringAsync());
        await using (var db = app.OpenDb())
            Assert.Equal(2857919, (await db.LocalAlerts.AsNoTracking().SingleAsync()).GeonameId);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_stale_edit_is_refused_with_a_message_and_saves_nothing(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var monitor = await MonitorAsync(app);
        await monitor.SubmitAsync("/espace/alertes/nouvelle", "form#alerte", Krasnik);
        Guid id;
        await using (var db = app.OpenDb()) id = (await db.LocalAlerts.AsNoTracking().SingleAsync()).Id;
        var url = $"/espace/alertes/{id}/modifier";
        var form = (await monitor.PageAsync(url)).QuerySelector<IHtmlFormElement>("form#alerte")!;
        var stale = Forms.Values(form).ToList();

        // Someone else saves in between.
        var other = await monitor.SubmitAsync(url, "form#alerte", ("note", "Abrogée par 9 voix contre 6."));
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);

        var response = await monitor.PostAsync(url, new FormUrlEncodedContent(
            stale.Where(f => f.Key != "title").Append(new("title", "Titre modifié"))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("modifiée par ailleurs", page.QuerySelector(".error-summary")!.TextContent);
        await using var check = app.OpenDb();
        var alert = await check.LocalAlerts.AsNoTracking().SingleAsync();
        Assert.Equal(("Résolution contre « l'idéologie LGBT »", "Abrogée par 9 voix contre 6.", 2), (alert.Title, alert.Note, alert.Version));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_upload_page_imports_a_file_and_the_public_api_serves_alerts_and_latest_indicators(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var monitor = await MonitorAsync(app);

        var report = await UploadAsync(monitor, "indicators", "peine.csv",
            "country,indicator,year,value,source_url\nPL,death-penalty,2023,abolitionist,https://www.amnesty.org/\nPL,fh.total,2023,82,\nPL,fh.total,2024,80,\n");
        Assert.Contains("Import enregistré.", report.QuerySelector("[role=status]")!.TextContent);
        var refused = await UploadAsync(monitor, "indicators", "faux.csv", "country,indicator,year,value\nPL,x,deux-mille,1\n");
        var row = refused.QuerySelector("section.report table tbody tr")!.TextContent;
        Assert.Contains("2", row);
        Assert.Contains("year", row);
        await monitor.SubmitAsync("/espace/alertes/nouvelle", "form#alerte", Krasnik);

        using var anonymous = app.Client();
        var alerts = await anonymous.GetFromJsonAsync<JsonElement>("/api/alerts?country=pl");
        var alert = Assert.Single(alerts.EnumerateArray());
        Assert.Equal(767623, alert.GetProperty("geonameId").GetInt32());
        Assert.True(alert.GetProperty("repealed").GetBoolean());
        Assert.Equal(0, (await anonymous.GetFromJsonAsync<JsonElement>("/api/alerts?country=DE")).GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.GetAsync("/api/alerts?country=P1")).StatusCode);

        var indicators = (await anonymous.GetFromJsonAsync<JsonElement>("/api/countries/PL/indicators")).EnumerateArray().ToList();
        Assert.Equal(["death-penalty", "fh.total"], indicators.Select(i => i.GetProperty("indicator").GetString()));
        var total = indicators.Single(i => i.GetProperty("indicator").GetString() == "fh.total");
        Assert.Equal((2024, 80m), (total.GetProperty("year").GetInt32(), total.GetProperty("value").GetDecimal()));
        Assert.Equal("abolitionist", indicators[0].GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/countries/QQ/indicators")).StatusCode);
    }

    private static async Task<AngleSharp.Dom.IDocument> UploadAsync(HttpClient client, string kind, string name, string text)
    {
        var page = await client.PageAsync("/espace/preuves");
        var token = page.QuerySelector("form#import-preuves input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(kind), "kind" },
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(text)), "file", name },
        };
        var response = await client.PostAsync("/espace/preuves", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ParseAsync();
    }
}

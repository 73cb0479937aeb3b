using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using CityDiplomacy.Accounts;
using CityDiplomacy.Engagements;
using CityDiplomacy.Screening;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CityDiplomacy.Tests.Engagements.RegisterApi;
using static CityDiplomacy.Tests.Screening.ScreeningEvidence;

namespace CityDiplomacy.Tests.Screening;

/// <summary>The screening API, feed and pages: who sees which flag, who answers, and how concurrent answers are refused.</summary>
public sealed class ScreeningApiTests
{
    private const string PublicAnswer = "Relations officielles suspendues le 14 février 2020 ; échanges scolaires maintenus.";
    private const string InternalDecision = "DECISION-INTERNE-3b1e : suspension votée à l'unanimité.";

    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    /// <summary>A public twinning with Tuchów and an internal partnership with Kraśnik, both screened by the engagement hook.</summary>
    private static async Task<(Guid Public, Guid Internal)> RegisterAsync(TestApp app, HttpClient officer)
    {
        await using (var db = app.OpenDb()) await AddSharedAlertsAsync(db);
        var twinning = await officer.CreateAsync("twinnings", new
        {
            partner = new { geonameId = Tuchow }, signedOn = "1990-03-01", status = "active", visibility = "public",
            deliberation = new { reference = "DCM-1990-011", date = "1990-02-01" },
        });
        var partnership = await officer.CreateAsync("partnerships", new
        {
            title = "Échanges confidentiels avec Kraśnik", partners = new object[] { new { geonameId = Krasnik } }, type = "youth",
            startOn = "2019-09-01", visibility = "internal",
        });
        return (Guid.Parse(twinning.Id()), Guid.Parse(partnership.Id()));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Everyone_sees_public_flags_officers_and_viewers_see_internal_ones_too(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var officer = await app.OfficerAsync();
        using var viewer = await app.ClientAsync("viewer@45284.fr", Roles.Viewer, Commune);
        using var stranger = await app.ClientAsync("officer@75056.fr", Roles.Officer, OtherCommune);
        using var anonymous = app.Client();
        var (publicId, internalId) = await RegisterAsync(app, officer);

        var everyone = await JsonAsync(await anonymous.GetAsync($"/api/communes/{Commune}/screening"));
        Assert.Equal(2, everyone.GetArrayLength());
        Assert.All(everyone.EnumerateArray(), f => Assert.Equal(publicId.ToString(), f.GetProperty("engagementId").GetString()));
        Assert.Equal(2, (await JsonAsync(await stranger.GetAsync($"/api/communes/{Commune}/screening"))).GetArrayLength());
        var inside = await JsonAsync(await viewer.GetAsync($"/api/communes/{Commune}/screening"));
        Assert.Equal(3, inside.GetArrayLength());
        var krasnik = inside.EnumerateArray().Single(f => f.GetProperty("engagementId").GetString() == internalId.ToString());
        Assert.Equal("local-alert", krasnik.GetProperty("ruleId").GetString());
        Assert.Equal("2021-04-29", krasnik.GetProperty("alert").GetProperty("repealedOn").GetString());
        Assert.Equal("Kraśnik", krasnik.GetProperty("partnerName").GetString());
        Assert.Equal(Krasnik, krasnik.GetProperty("partnerGeonameId").GetInt32());

        var feed = await anonymous.GetAsync($"/api/communes/{Commune}/screening/feed");
        Assert.Equal("application/atom+xml", feed.Content.Headers.ContentType?.MediaType);
        var publicFeed = XDocument.Parse(await feed.Content.ReadAsStringAsync());
        Assert.Equal(2, publicFeed.Root!.Elements(Atom + "entry").Count());
        Assert.DoesNotContain("confidentiels", publicFeed.ToString());
        var privateFeed = XDocument.Parse(await viewer.GetStringAsync($"/api/communes/{Commune}/screening/feed"));
        Assert.Equal(3, privateFeed.Root!.Elements(Atom + "entry").Count());
        Assert.All(privateFeed.Root.Elements(Atom + "entry"), e => Assert.StartsWith("urn:uuid:", e.Element(Atom + "id")!.Value));

        var page = await app.GetPageAsync($"/communes/{Commune}");
        var section = page.QuerySelector("section.screening")!;
        Assert.Equal(2, section.QuerySelectorAll("article.flag").Length);
        Assert.Contains("Euronews", section.TextContent);
        Assert.DoesNotContain("Kraśnik", section.TextContent);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Only_the_communes_officer_answers_with_the_version_read_and_the_answer_is_audited_and_public(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var officer = await app.OfficerAsync();
        using var viewer = await app.ClientAsync("viewer@45284.fr", Roles.Viewer, Commune);
        using var stranger = await app.ClientAsync("officer@75056.fr", Roles.Officer, OtherCommune);
        using var anonymous = app.Client();
        await RegisterAsync(app, officer);
        var flags = await JsonAsync(await officer.GetAsync($"/api/communes/{Commune}/screening"));
        var flag = flags.EnumerateArray().Single(f => f.GetProperty("severity").GetString() == "high");
        var id = flag.GetProperty("id").GetString();
        Assert.Equal(1, flag.GetProperty("version").GetInt32());
        var url = $"/api/flags/{id}/decision";
        var body = new { state = "decided", decision = InternalDecision, decidedOn = "2020-02-14", deliberation = "DCM-2020-007", publicAnswer = PublicAnswer };

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostJsonAsync(url, body, "\"1\"")).StatusCode);
        await ProblemAsync(await viewer.PostJsonAsync(url, body, "\"1\""), HttpStatusCode.Forbidden);
        await ProblemAsync(await stranger.PostJsonAsync(url, body, "\"1\""), HttpStatusCode.Forbidden);
        await ProblemAsync(await officer.PostJsonAsync(url, body, null), (HttpStatusCode)428);
        await ProblemAsync(await officer.PostJsonAsync(url, body, "\"7\""), HttpStatusCode.PreconditionFailed);
        await ProblemAsync(await officer.PostJsonAsync(url, new { state = "decided", decision = "Sans date" }, "\"1\""), HttpStatusCode.UnprocessableEntity, "decidedOn");
        await ProblemAsync(await officer.PostJsonAsync(url, new { state = "new" }, "\"1\""), HttpStatusCode.UnprocessableEntity, "state");
        await ProblemAsync(await officer.PostJsonAsync(url, new { state = "peut-être" }, "\"1\""), HttpStatusCode.BadRequest, "state");
        await ProblemAsync(await officer.PostJsonAsync(url, new { state = "decided", decidedOn = "14/02/2020" }, "\"1\""), HttpStatusCode.BadRequest, "decidedOn");

        var answered = await officer.PostJsonAsync(url, body, "\"1\"");
        var view = await JsonAsync(answered);
        Assert.Equal("\"2\"", answered.ETag());
        Assert.Equal("decided", view.GetProperty("state").GetString());
        Assert.Equal(InternalDecision, view.GetProperty("decision").GetString());
        // The version read is now stale: a second answer written from it overwrites nothing.
        await ProblemAsync(await officer.PostJsonAsync(url, body with { }, "\"1\""), HttpStatusCode.PreconditionFailed);

        await using (var db = app.OpenDb())
        {
            var audit = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == nameof(ScreeningFlag) && a.EntityId == id).ToListAsync();
            Assert.True(audit.Count >= 2, "creation by the screening and the officer's answer are audited");
            Assert.Contains(audit, a => a.After is not null && a.After.Contains("DCM-2020-007"));
        }

        var publicView = (await JsonAsync(await anonymous.GetAsync($"/api/communes/{Commune}/screening")))
            .EnumerateArray().Single(f => f.GetProperty("id").GetString() == id);
        Assert.Equal(PublicAnswer, publicView.GetProperty("publicAnswer").GetString());
        Assert.Equal(JsonValueKind.Null, publicView.GetProperty("decision").ValueKind);
        var page = await app.GetPageAsync($"/communes/{Commune}");
        var article = page.GetElementById($"signalement-{id}")!;
        Assert.Contains(PublicAnswer, article.QuerySelector(".public-answer")!.TextContent);
        Assert.Contains("DCM-2020-007", article.TextContent);
        Assert.DoesNotContain("DECISION-INTERNE", page.Body!.OuterHtml);
        Assert.DoesNotContain("DECISION-INTERNE", await anonymous.GetStringAsync($"/api/communes/{Commune}/screening/feed"));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_answers_written_from_the_same_version_do_not_overwrite_each_other(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.Open())
        {
            await AddSharedAlertsAsync(db);
            await AddTwinningAsync(db, NogentSurOise, Krasnik);
            await Service(db).ScreenAsync(ScreeningScope.All);
        }
        await using var first = database.Open();
        await using var second = database.Open();
        var a = await first.ScreeningFlags.SingleAsync();
        var b = await second.ScreeningFlags.SingleAsync();
        a.Answer(FlagState.Acknowledged, null, null, null, "Première réponse", new DateOnly(2026, 1, 1));
        await first.SaveChangesAsync();
        b.Answer(FlagState.Decided, "Seconde décision", new DateOnly(2021, 5, 1), null, "Seconde réponse", new DateOnly(2026, 1, 1));
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        await using var check = database.Open();
        Assert.Equal("Première réponse", (await check.ScreeningFlags.AsNoTracking().SingleAsync()).PublicAnswer);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Internal_honorary_citizenship_flags_and_confidential_notes_never_reach_public_views(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var officer = await app.OfficerAsync();
        using var anonymous = app.Client();
        Guid publicId, internalId;
        await using (var db = app.OpenDb())
        {
            HonoraryCitizenship Make(string name, Visibility visibility)
            {
                var h = new HonoraryCitizenship(Commune, name);
                h.Describe(name, null, visibility, [], null, null);
                h.SetPerson(name, "CN", "journaliste", null, new DateOnly(2023, 12, 9), null);
                h.ReplaceDeliberations([new Deliberation { Reference = "DCM-" + name[..4], Date = new DateOnly(2023, 12, 4) }]);
                h.ReplaceSituation([new SituationEvent(new DateOnly(2025, 9, 19), DefenderSituation.Sentenced, "Condamnée à 4 ans", "https://www.jurist.org/news/2025/09/x")]);
                h.SetConfidential(Canary + " notes", Canary + " contacts");
                h.Start(EngagementStatus.Active, new DateOnly(2023, 12, 9));
                return h;
            }
            var open = Make("Personne publique", Visibility.Public);
            var hidden = Make("Personne protégée", Visibility.Internal);
            db.Engagements.AddRange(open, hidden);
            await db.SaveChangesAsync();
            (publicId, internalId) = (open.Id, hidden.Id);
        }
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<ScreeningService>().ScreenAsync(ScreeningScope.Commune(Commune));

        var everyone = await anonymous.GetStringAsync($"/api/communes/{Commune}/screening");
        var list = JsonDocument.Parse(everyone).RootElement;
        Assert.Equal(publicId.ToString(), list.EnumerateArray().Single().GetProperty("engagementId").GetString());
        Assert.Equal("defender-status-changed", list[0].GetProperty("ruleId").GetString());
        var feed = await anonymous.GetStringAsync($"/api/communes/{Commune}/screening/feed");
        var page = await (await anonymous.GetAsync($"/communes/{Commune}")).Content.ReadAsStringAsync();
        foreach (var (what, text) in new[] { ("api", everyone), ("feed", feed), ("page", page) })
        {
            Assert.DoesNotContain(Canary, text);
            Assert.DoesNotContain("Personne protégée", text);
            Assert.DoesNotContain(internalId.ToString(), text);
            Assert.Contains("Personne publique", text);
        }
        var inside = await officer.GetStringAsync($"/api/communes/{Commune}/screening");
        Assert.Contains(internalId.ToString(), inside);
        Assert.DoesNotContain(Canary, inside);
        Assert.DoesNotContain(Canary, await officer.GetStringAsync($"/api/communes/{Commune}/screening/feed"));
    }
}

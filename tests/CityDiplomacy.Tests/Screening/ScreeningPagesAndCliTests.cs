using System.Net;
using System.Text.Json;
using CityDiplomacy.Accounts;
using CityDiplomacy.Cli;
using CityDiplomacy.Screening;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static CityDiplomacy.Tests.Screening.ScreeningEvidence;

namespace CityDiplomacy.Tests.Screening;

/// <summary>The workspace « Veille » page (decision form with antiforgery and version), the dashboard, and the screen verb.</summary>
public sealed class ScreeningPagesAndCliTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_officer_answers_from_the_Veille_page_and_the_answer_shows_on_the_public_page(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await app.CreateUserAsync("officer@45284.fr", Roles.Officer, SaintJeanDeBraye);
        await app.CreateUserAsync("viewer@45284.fr", Roles.Viewer, SaintJeanDeBraye);
        Guid flagId;
        await using (var db = app.OpenDb())
        {
            var alerts = await AddSharedAlertsAsync(db);
            var twinning = await AddTwinningAsync(db, SaintJeanDeBraye, Tuchow);
            await Service(db).ScreenAsync(ScreeningScope.Commune(SaintJeanDeBraye));
            var tuchowAlert = alerts.Single(a => a.GeonameId == Tuchow).Id;
            flagId = (await db.ScreeningFlags.SingleAsync(f => f.EngagementId == twinning.Id && f.AlertId == tuchowAlert)).Id;
        }
        var url = $"/espace/communes/{SaintJeanDeBraye}/veille";

        using var viewer = await app.SignInAsync("viewer@45284.fr");
        var seen = await TestApp.ParseAsync(await viewer.GetStringAsync(url));
        Assert.NotNull(seen.GetElementById($"signalement-{flagId}"));
        Assert.Null(seen.QuerySelector("form.decision"));

        using var officer = await app.SignInAsync("officer@45284.fr");
        var dashboard = await TestApp.ParseAsync(await officer.GetStringAsync($"/espace/communes/{SaintJeanDeBraye}"));
        Assert.Contains("2 signalement(s) en cours, dont 2 nouveau(x)", dashboard.GetElementById("veille-nouveaux-titre")!.ParentElement!.TextContent);

        // A form read before another answer was saved: refused, nothing overwritten.
        var stalePage = await TestApp.ParseAsync(await officer.GetStringAsync(url));
        var staleToken = stalePage.QuerySelector($"#decision-{flagId} input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var posted = await officer.PostFormAsync(url, $"#decision-{flagId}",
            ("State", "decided"), ("Decision", "Suspension des relations officielles"), ("DecidedOn", "2020-02-14"),
            ("Deliberation", "DCM-2020-007"), ("PublicAnswer", "Relations officielles suspendues ; échanges scolaires maintenus."));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        var stale = await officer.PostAsync($"{url}?handler=Decide", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = staleToken, ["FlagId"] = flagId.ToString(), ["Version"] = "1",
            ["State"] = "acknowledged", ["PublicAnswer"] = "Réponse écrite sur une page périmée",
        }));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var refused = await TestApp.ParseAsync(await stale.Content.ReadAsStringAsync());
        Assert.Contains("rien n'a été enregistré", refused.QuerySelector(".error-summary")!.TextContent);

        var missingDate = await officer.PostFormAsync(url, $"#decision-{flagId}", ("State", "decided"), ("Decision", "Sans date"), ("DecidedOn", ""));
        Assert.Equal(HttpStatusCode.OK, missingDate.StatusCode);
        var missingPage = await TestApp.ParseAsync(await missingDate.Content.ReadAsStringAsync());
        Assert.Contains("La date de la décision est obligatoire.", missingPage.QuerySelector(".error-summary")!.TextContent);

        var publicPage = await app.GetPageAsync($"/communes/{SaintJeanDeBraye}");
        var article = publicPage.GetElementById($"signalement-{flagId}")!;
        Assert.Contains("Relations officielles suspendues ; échanges scolaires maintenus.", article.TextContent);
        Assert.DoesNotContain("Réponse écrite sur une page périmée", publicPage.Body!.TextContent);
        Assert.DoesNotContain("Suspension des relations officielles", publicPage.Body!.TextContent);
        await using (var db = app.OpenDb())
            Assert.Equal(FlagState.Decided, (await db.ScreeningFlags.AsNoTracking().SingleAsync(f => f.Id == flagId)).State);
    }

    [Fact]
    public async Task The_screen_verb_prints_the_flags_as_json()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        Guid twinningId;
        await using (var db = database.Open())
        {
            await AddSharedAlertsAsync(db);
            twinningId = (await AddTwinningAsync(db, NogentSurOise, Krasnik)).Id;
            await AddTwinningAsync(db, SaintJeanDeBraye, Tuchow);
        }
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Verbs.RunAsync(["screen", "--commune", NogentSurOise, "--format", "json",
            "--database", "sqlite", "--connection-string", database.ConnectionString], output, error);

        Assert.True(code == 0, error.ToString());
        var line = Assert.Single(JsonDocument.Parse(output.ToString()).RootElement.EnumerateArray());
        Assert.Equal(NogentSurOise, line.GetProperty("communeCode").GetString());
        Assert.Equal("Nogent-sur-Oise", line.GetProperty("communeName").GetString());
        Assert.Equal(twinningId.ToString(), line.GetProperty("engagementId").GetString());
        Assert.Equal("twinning", line.GetProperty("kind").GetString());
        Assert.Equal("Kraśnik", line.GetProperty("partnerName").GetString());
        Assert.Equal(Krasnik, line.GetProperty("partnerGeonameId").GetInt32());
        Assert.Equal("PL", line.GetProperty("partnerCountry").GetString());
        Assert.Equal("local-alert", line.GetProperty("ruleId").GetString());
        Assert.Equal("info", line.GetProperty("severity").GetString());
        Assert.Equal("new", line.GetProperty("state").GetString());
        Assert.Equal("2019-05", line.GetProperty("alert").GetProperty("adoptedOn").GetString());
        Assert.Equal("2021-04-29", line.GetProperty("alert").GetProperty("repealedOn").GetString());
        var evidence = Assert.Single(line.GetProperty("evidence").EnumerateArray());
        Assert.Equal("Notes from Poland", evidence.GetProperty("sourceName").GetString());
        Assert.StartsWith("https://notesfrompoland.com/", evidence.GetProperty("url").GetString());
        Assert.Equal("2021-04-29", evidence.GetProperty("date").GetString());

        var (usage, usageError) = (new StringWriter(), new StringWriter());
        Assert.Equal(1, await Verbs.RunAsync(["screen", "--database", "sqlite", "--connection-string", database.ConnectionString], usage, usageError));
        Assert.Contains("--commune", usageError.ToString());
    }
}

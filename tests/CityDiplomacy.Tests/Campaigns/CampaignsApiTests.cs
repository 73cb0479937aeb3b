using System.Net;
using System.Text.Json;
using CityDiplomacy.Accounts;
using CityDiplomacy.Campaigns;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static CityDiplomacy.Tests.Engagements.RegisterApi;

namespace CityDiplomacy.Tests.Campaigns;

/// <summary>Campaigns over HTTP: the shipped template, lists, answers under the two-person rule, answer links, commitments.</summary>
public sealed class CampaignsApiTests
{
    private const string Slug = CampaignTemplate.Slug;
    private const string Annecy = "74010";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_template_is_shipped_labelled_as_a_template_with_its_measures(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var campaigns = await app.GetJsonAsync("/api/campaigns");
        var template = campaigns.EnumerateArray().Single(c => c.GetProperty("slug").GetString() == Slug);
        Assert.True(template.GetProperty("isTemplate").GetBoolean());
        Assert.Equal("municipales-2026", template.GetProperty("election").GetString());

        var details = await app.GetJsonAsync($"/api/campaigns/{Slug}");
        var measures = details.GetProperty("measures").EnumerateArray().ToList();
        Assert.True(measures.Count >= 6, $"{measures.Count} measures");
        Assert.All(measures, m => Assert.NotEmpty(m.GetProperty("evidenceKinds").EnumerateArray()));
        Assert.Contains(measures, m => m.GetProperty("evidenceKinds").EnumerateArray().Any(k => k.GetString() == "honorary-citizenship"));
        Assert.Contains(measures, m => m.GetProperty("evidenceKinds").EnumerateArray().Any(k => k.GetString() == "suspension"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Only_monitors_and_administrators_run_campaigns(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var body = new { communeCode = Annecy, name = "Annecy en commun", headOfList = "Camille Exemple", panel = 2 };

        await ProblemAsync(await app.Client().PostJsonAsync($"/api/campaigns/{Slug}/lists", body), HttpStatusCode.Unauthorized);
        var officer = await app.ClientAsync("officer@74010.fr", Roles.Officer, Annecy);
        await ProblemAsync(await officer.PostJsonAsync($"/api/campaigns/{Slug}/lists", body), HttpStatusCode.Forbidden);
        var monitor = await app.ClientAsync("monitor@ong.fr", Roles.Monitor);
        var created = await JsonAsync(await monitor.PostJsonAsync($"/api/campaigns/{Slug}/lists", body), HttpStatusCode.Created);
        Assert.True(Guid.TryParse(created.Id(), out _));

        await ProblemAsync(await monitor.PostJsonAsync($"/api/campaigns/{Slug}/lists", body with { }), HttpStatusCode.UnprocessableEntity, "name");
        await ProblemAsync(await monitor.PostJsonAsync($"/api/campaigns/{Slug}/lists", new { communeCode = "99999", name = "X", headOfList = "Y" }),
            HttpStatusCode.UnprocessableEntity, "communeCode");
        await ProblemAsync(await monitor.PostJsonAsync("/api/campaigns/inconnue/lists", body), HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_answer_is_published_by_a_second_monitor_and_only_then_seen_by_the_public(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var author = await app.ClientAsync("author@ong.fr", Roles.Monitor);
        var second = await app.ClientAsync("second@ong.fr", Roles.Monitor);
        var listId = await AddListAsync(author, Annecy, "Annecy en commun", "Camille Exemple", 2);
        await AddListAsync(author, Annecy, "Annecy demain", "Dominique Exemple", 1);

        var draft = await AnswerAsync(author, listId, "M4", "signed", "Nous proposerons une citoyenneté d'honneur.");
        var publicView = await app.GetJsonAsync($"/api/campaigns/{Slug}/communes/{Annecy}");
        var lists = publicView.GetProperty("lists").EnumerateArray().ToList();
        Assert.Equal(["Annecy demain", "Annecy en commun"], lists.Select(l => l.GetProperty("name").GetString()));
        Assert.All(lists, l => Assert.Empty(l.GetProperty("responses").EnumerateArray()));

        var self = await ProblemAsync(await author.PostAsync($"/api/responses/{draft}/publish", null), HttpStatusCode.Forbidden);
        Assert.Contains("deux personnes", self.GetProperty("detail").GetString());
        await JsonAsync(await second.PostAsync($"/api/responses/{draft}/publish", null));
        await ProblemAsync(await second.PostAsync($"/api/responses/{draft}/publish", null), HttpStatusCode.UnprocessableEntity, "state");

        var answer = PublicResponses(await app.GetJsonAsync($"/api/campaigns/{Slug}/communes/{Annecy}"), listId).Single();
        Assert.Equal(("M4", "signed"), (answer.GetProperty("measure").GetString(), answer.GetProperty("answer").GetString()));

        // A correction is a new draft; once published, it supersedes the first answer, which is kept.
        var correction = await AnswerAsync(second, listId, "M4", "partial", "Sous réserve du conseil.");
        await JsonAsync(await author.PostAsync($"/api/responses/{correction}/publish", null));
        answer = PublicResponses(await app.GetJsonAsync($"/api/campaigns/{Slug}/communes/{Annecy}"), listId).Single();
        Assert.Equal("partial", answer.GetProperty("answer").GetString());
        await using var db = app.OpenDb();
        Assert.Equal([PublicationState.Published, PublicationState.Superseded],
            (await db.CampaignResponses.Where(r => r.ListId == Guid.Parse(listId)).Select(r => r.State).ToListAsync()).Order());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_answers_name_their_field(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var monitor = await app.ClientAsync("monitor@ong.fr", Roles.Monitor);
        var listId = await AddListAsync(monitor, Annecy, "Annecy en commun", "Camille Exemple", 1);
        object Body(string? list = null, string measure = "M1", string answer = "signed", string on = "2026-02-01") =>
            new { listId = list ?? listId, measure, answer, answeredOn = on };

        await ProblemAsync(await monitor.PostJsonAsync($"/api/campaigns/{Slug}/responses", Body(measure: "M99")), HttpStatusCode.UnprocessableEntity, "measure");
        await ProblemAsync(await monitor.PostJsonAsync($"/api/campaigns/{Slug}/responses", Body(answer: "oui")), HttpStatusCode.UnprocessableEntity, "answer");
        await ProblemAsync(await monitor.PostJsonAsync($"/api/campaigns/{Slug}/responses", Body(on: "2026-13-01")), HttpStatusCode.UnprocessableEntity, "answeredOn");
        await ProblemAsync(await monitor.PostJsonAsync($"/api/campaigns/{Slug}/responses", Body(list: Guid.NewGuid().ToString())), HttpStatusCode.UnprocessableEntity, "listId");

        // A list of another campaign.
        var other = await JsonAsync(await monitor.PostJsonAsync("/api/campaigns", new
        {
            slug = "autre-campagne", title = "Autre campagne", organiser = "Association des tests", election = "municipales-2026",
            measures = new[] { new { code = "A1", title = "Mesure", text = "Texte de la mesure.", theme = "peace", evidenceKinds = new[] { "world-day" } } },
        }), HttpStatusCode.Created);
        Assert.Equal("autre-campagne", other.GetProperty("slug").GetString());
        var otherList = await JsonAsync(await monitor.PostJsonAsync("/api/campaigns/autre-campagne/lists",
            new { communeCode = Annecy, name = "Liste ailleurs", headOfList = "Personne" }), HttpStatusCode.Created);
        await ProblemAsync(await monitor.PostJsonAsync($"/api/campaigns/{Slug}/responses", Body(list: otherList.Id())), HttpStatusCode.UnprocessableEntity, "listId");
        await ProblemAsync(await monitor.PostJsonAsync("/api/campaigns", new { slug = "Mauvais slug", title = "t", organiser = "o", election = "e", measures = Array.Empty<object>() }),
            HttpStatusCode.UnprocessableEntity, "slug");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_head_of_list_answers_through_the_private_link_until_the_campaign_closes(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var monitor = await app.ClientAsync("monitor@ong.fr", Roles.Monitor);
        var listId = await AddListAsync(monitor, Annecy, "Annecy en commun", "Camille Exemple", 1);

        // No closing date yet: no link (it must expire).
        await ProblemAsync(await monitor.PostAsync($"/api/campaigns/{Slug}/lists/{listId}/answer-link", null), HttpStatusCode.UnprocessableEntity, "closesOn");
        await SetClosingDateAsync(app, monitor, "2099-03-01");
        var link = await JsonAsync(await monitor.PostAsync($"/api/campaigns/{Slug}/lists/{listId}/answer-link", null), HttpStatusCode.Created);
        var url = new Uri(link.GetProperty("url").GetString()!);
        var token = url.AbsolutePath.Split('/').Last();
        Assert.True(token.Length >= 43, "256 random bits in base64url");
        await using (var db = app.OpenDb())
        {
            var stored = await db.CandidateLists.SingleAsync(l => l.Id == Guid.Parse(listId));
            Assert.Equal(CandidateList.HashToken(token), stored.AnswerTokenHash);
            Assert.NotEqual(token, stored.AnswerTokenHash);
        }

        var head = app.CookieClient();
        var answered = await head.PostFormAsync(url.AbsolutePath, "form#reponses",
            ("Answers[0].Answer", "signed"), ("Answers[0].Comment", "Oui, dès le premier conseil."), ("Answers[3].Answer", "not-committed"));
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        // Drafts: the public does not see them, the monitors do, written by the link and not by a person with an account.
        Assert.Empty(PublicResponses(await app.GetJsonAsync($"/api/campaigns/{Slug}/communes/{Annecy}"), listId));
        var insider = await JsonAsync(await monitor.GetAsync($"/api/campaigns/{Slug}/communes/{Annecy}"));
        var drafts = PublicResponses(insider, listId);
        Assert.Equal(["M1", "M4"], drafts.Select(d => d.GetProperty("measure").GetString()));
        Assert.All(drafts, d => Assert.Equal("draft", d.GetProperty("state").GetString()));
        await JsonAsync(await monitor.PostAsync($"/api/responses/{drafts[0].GetProperty("id").GetString()}/publish", null));

        // An unknown token, and the link once the campaign has closed: the same plain 404.
        Assert.Equal(HttpStatusCode.NotFound, (await head.GetAsync("/reponse/" + new string('A', 43))).StatusCode);
        await SetClosingDateAsync(app, monitor, "2020-03-01");
        var expired = await head.GetAsync(url.AbsolutePath);
        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
        Assert.DoesNotContain("Annecy", await expired.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_elected_list_gets_commitments_rated_by_two_people_with_suggestions_from_the_register(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var author = await app.ClientAsync("author@ong.fr", Roles.Monitor);
        var second = await app.ClientAsync("second@ong.fr", Roles.Monitor);
        var listId = await AddListAsync(author, Annecy, "Annecy en commun", "Camille Exemple", 1);
        foreach (var (measure, answer) in new[] { ("M4", "signed"), ("M5", "partial"), ("M6", "not-committed") })
            await JsonAsync(await second.PostAsync($"/api/responses/{await AnswerAsync(author, listId, measure, answer)}/publish", null));

        var commitments = await JsonAsync(await author.PostJsonAsync($"/api/campaigns/{Slug}/lists/{listId}/elected", new { on = "2020-06-28" }));
        Assert.Equal(2, commitments.GetArrayLength());
        await ProblemAsync(await author.PostJsonAsync($"/api/campaigns/{Slug}/lists/{listId}/elected", new { on = "2020-06-28" }),
            HttpStatusCode.UnprocessableEntity, "on");

        // The register gets an honorary citizenship after the vote: a suggestion for M4, seen by monitors and officers only.
        var officer = await app.ClientAsync("officer@74010.fr", Roles.Officer, Annecy);
        var honour = await officer.CreateAsync("honorary-citizenships", Creation("honorary-citizenships"), Annecy);
        var insider = await JsonAsync(await author.GetAsync($"/api/campaigns/{Slug}/communes/{Annecy}"));
        var m4 = insider.GetProperty("commitments").EnumerateArray().Single(c => c.GetProperty("measure").GetString() == "M4");
        Assert.Equal("not-rated", m4.GetProperty("status").GetString());
        var suggestion = m4.GetProperty("suggestions").EnumerateArray().Single();
        Assert.Equal((honour.Id(), "honorary-citizenship"), (suggestion.GetProperty("engagementId").GetString(), suggestion.GetProperty("what").GetString()));
        var officerView = await JsonAsync(await officer.GetAsync($"/api/campaigns/{Slug}/communes/{Annecy}"));
        Assert.NotEqual(JsonValueKind.Null, officerView.GetProperty("commitments")[0].GetProperty("suggestions").ValueKind);
        var publicView = await app.GetJsonAsync($"/api/campaigns/{Slug}/communes/{Annecy}");
        Assert.All(publicView.GetProperty("commitments").EnumerateArray(), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("suggestions").ValueKind));

        // An update is a draft until a second monitor publishes it; bad evidence is named.
        var commitmentId = m4.GetProperty("id").GetString();
        await ProblemAsync(await author.PostJsonAsync($"/api/commitments/{commitmentId}/updates",
            new { status = "kept", rationale = "Citoyenneté votée.", evidence = new object[] { new { engagementId = Guid.NewGuid() } } }),
            HttpStatusCode.UnprocessableEntity, "evidence[0].engagementId");
        await ProblemAsync(await author.PostJsonAsync($"/api/commitments/{commitmentId}/updates", new { status = "gagné", rationale = "x" }),
            HttpStatusCode.UnprocessableEntity, "status");
        var update = await JsonAsync(await author.PostJsonAsync($"/api/commitments/{commitmentId}/updates",
            new { status = "kept", rationale = "Citoyenneté d'honneur votée par le conseil.", evidence = new object[] { new { engagementId = honour.Id() } } }),
            HttpStatusCode.Created);
        Assert.Equal("not-rated", Commitment(await app.GetJsonAsync($"/api/campaigns/{Slug}/communes/{Annecy}"), "M4").GetProperty("status").GetString());
        await ProblemAsync(await author.PostAsync($"/api/commitment-updates/{update.Id()}/publish", null), HttpStatusCode.Forbidden);
        await JsonAsync(await second.PostAsync($"/api/commitment-updates/{update.Id()}/publish", null));
        var rated = Commitment(await app.GetJsonAsync($"/api/campaigns/{Slug}/communes/{Annecy}"), "M4");
        Assert.Equal("kept", rated.GetProperty("status").GetString());
        Assert.Equal(honour.Id(), rated.GetProperty("history")[0].GetProperty("evidence")[0].GetProperty("engagementId").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Public_pages_show_every_list_and_published_answers_only(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var author = await app.ClientAsync("author@ong.fr", Roles.Monitor);
        var second = await app.ClientAsync("second@ong.fr", Roles.Monitor);
        var answeredList = await AddListAsync(author, Annecy, "Annecy en commun", "Camille Exemple", 2);
        await AddListAsync(author, Annecy, "Annecy silencieuse", "Dominique Exemple", 1);
        await JsonAsync(await second.PostAsync($"/api/responses/{await AnswerAsync(author, answeredList, "M1", "signed", "Réponse publiée.")}/publish", null));
        await AnswerAsync(author, answeredList, "M2", "signed", "Brouillon secret.");

        var page = await app.GetPageAsync($"/communes/{Annecy}/campagnes/{Slug}");
        var headings = page.QuerySelectorAll("section.candidate-list h3").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(["Annecy silencieuse", "Annecy en commun"], headings);
        Assert.Contains("Réponse publiée.", page.Body!.TextContent);
        Assert.DoesNotContain("Brouillon secret.", page.Body.TextContent);
        Assert.Contains("Modèle fourni avec l'application", page.Body.TextContent);

        var national = await app.GetPageAsync($"/campagnes/{Slug}");
        var row = national.QuerySelectorAll("table.campaign-table tbody tr").Single();
        Assert.Contains("74", row.QuerySelector("th")!.TextContent);
        Assert.Equal(["2", "1"], row.QuerySelectorAll("td").Take(2).Select(td => td.TextContent.Trim()));
        var department = await app.GetPageAsync($"/campagnes/{Slug}?departement=74");
        Assert.Equal($"/communes/{Annecy}/campagnes/{Slug}", department.QuerySelector("table.campaign-table tbody th a")!.GetAttribute("href"));

        var commune = await app.GetPageAsync($"/communes/{Annecy}");
        Assert.NotNull(commune.QuerySelector($"a[href='/communes/{Annecy}/campagnes/{Slug}']"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_second_monitor_publishes_from_the_desk_and_the_exports_carry_published_answers_only(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await app.CreateUserAsync("author@ong.fr", Roles.Monitor);
        await app.CreateUserAsync("second@ong.fr", Roles.Monitor);
        var author = app.Client(await app.CreateTokenAsync("author@ong.fr"));
        var listId = await AddListAsync(author, Annecy, "Annecy en commun", "Camille Exemple", 1);
        var draft = await AnswerAsync(author, listId, "M1", "signed", "Publiée depuis le bureau.");
        await AnswerAsync(author, listId, "M2", "partial", "Encore un brouillon.");

        var authorDesk = await app.SignInAsync("author@ong.fr");
        var own = await TestApp.ParseAsync(await authorDesk.GetStringAsync($"/espace/campagnes/{Slug}"));
        Assert.Empty(own.QuerySelectorAll("form[action*='PublishAnswer']"));
        Assert.Contains("Vous en êtes l'auteur", own.Body!.TextContent);

        var desk = await app.SignInAsync("second@ong.fr");
        var publish = await desk.PostFormAsync($"/espace/campagnes/{Slug}", $"form[action*='{draft}']");
        Assert.Equal(HttpStatusCode.Redirect, publish.StatusCode);

        var csv = await app.Client().GetStringAsync("/api/campagnes-reponses.csv");
        Assert.Contains("Publiée depuis le bureau.", csv);
        Assert.DoesNotContain("Encore un brouillon.", csv);
        var json = await app.GetJsonAsync($"/api/communes/{Annecy}/campagnes-reponses.json");
        var row = json.EnumerateArray().Single();
        Assert.Equal(("M1", "signed", "Annecy en commun"), (row.GetProperty("mesure").GetString(), row.GetProperty("reponse").GetString(), row.GetProperty("liste").GetString()));
        Assert.Empty((await app.GetJsonAsync("/api/communes/69123/campagnes-reponses.json")).EnumerateArray());

        // The desk imports a list file and names its refused line.
        var upload = await desk.GetAsync($"/espace/campagnes/{Slug}");
        var page = await TestApp.ParseAsync(await upload.Content.ReadAsStringAsync());
        var form = page.QuerySelector("form[enctype='multipart/form-data']")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes("commune;liste;tete_de_liste\n69123;Lyon en commun;Ali Exemple\n99999;X;Y\n")), "file", "listes.csv" },
        };
        var imported = await TestApp.ParseAsync(await (await desk.PostAsync(form.GetAttribute("action"), content)).Content.ReadAsStringAsync());
        Assert.Contains("1 listes créées", imported.Body!.TextContent);
        Assert.Contains("Ligne 3 (commune)", imported.Body.TextContent);
    }

    private static async Task<string> AddListAsync(HttpClient monitor, string commune, string name, string head, int panel) =>
        (await JsonAsync(await monitor.PostJsonAsync($"/api/campaigns/{Slug}/lists",
            new { communeCode = commune, name, headOfList = head, panel }), HttpStatusCode.Created)).Id();

    private static async Task<string> AnswerAsync(HttpClient monitor, string listId, string measure, string answer, string? comment = null) =>
        (await JsonAsync(await monitor.PostJsonAsync($"/api/campaigns/{Slug}/responses",
            new { listId, measure, answer, comment, answeredOn = "2026-02-15" }), HttpStatusCode.Created)).Id();

    private static async Task SetClosingDateAsync(TestApp app, HttpClient monitor, string closesOn)
    {
        var read = await monitor.GetAsync($"/api/campaigns/{Slug}");
        var campaign = await JsonAsync(read);
        await JsonAsync(await monitor.PutJsonAsync($"/api/campaigns/{Slug}", new
        {
            title = campaign.GetProperty("title").GetString(),
            organiser = campaign.GetProperty("organiser").GetString(),
            election = campaign.GetProperty("election").GetString(),
            description = campaign.GetProperty("description").GetString(),
            status = "open",
            closesOn,
            measures = campaign.GetProperty("measures"),
        }, read.ETag()));
        _ = app;
    }

    private static List<JsonElement> PublicResponses(JsonElement view, string listId) =>
        view.GetProperty("lists").EnumerateArray().Single(l => l.GetProperty("id").GetString() == listId)
            .GetProperty("responses").EnumerateArray().ToList();

    private static JsonElement Commitment(JsonElement view, string measure) =>
        view.GetProperty("commitments").EnumerateArray().Single(c => c.GetProperty("measure").GetString() == measure);
}

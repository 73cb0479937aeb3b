using System.IO.Compression;
using System.Net;
using System.Text;
using CityDiplomacy.Accounts;
using CityDiplomacy.Campaigns;
using CityDiplomacy.Engagements;
using CityDiplomacy.Screening;
using CityDiplomacy.Tests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using static CityDiplomacy.Tests.Engagements.RegisterApi;
using static CityDiplomacy.Tests.Manage.Forms;
using Fixture = CityDiplomacy.Tests.Portal.OpenDataFixture;

namespace CityDiplomacy.Tests.Campaigns;

/// <summary>
/// Letters to candidate lists: Word and print HTML per commune, a ZIP with a mail-merge CSV per department; for monitors
/// and administrators only; citing the commune's public register and never anything internal or confidential.
/// </summary>
public sealed class CampaignLettersTests
{
    private const string Slug = CampaignTemplate.Slug;
    private const string Orleans = "45234";
    private const string Annecy = "74010";
    private const string ScriptList = "Braye <script>alert(1)</script> & co";
    private const string DirectorySource = "wikipedia_twin_cities_2026.csv";

    /// <summary>The fixture's register, a twinning known only from a national directory, three lists and a defender's situation.</summary>
    private static async Task<(HttpClient Monitor, Fixture.Seeded Seeded)> SeedAsync(TestApp app)
    {
        var seeded = await Fixture.SeedAsync(app);
        await using (var db = app.OpenDb())
        {
            var reported = await Twinning(3094802).CreateAsync(SaintJeanDeBraye, db);
            reported.SetProvenance(DirectorySource, "2026", "ligne 12", Provenance.Directory);
            db.Engagements.Add(reported);
            var citizenship = (HonoraryCitizenship)(await db.Engagements.FindAsync(seeded.Citizenship))!;
            citizenship.ReplaceSituation([new SituationEvent(new DateOnly(2024, 5, 2), DefenderSituation.Detained, "Arrêtée à Minsk",
                "https://example.org/situation")]);
            // A flag for the commune's eyes only, on a public engagement, and a resolved public one: neither is an open public point.
            db.ScreeningFlags.Add(new ScreeningFlag
            {
                EngagementId = seeded.Twinning, CommuneCode = SaintJeanDeBraye, RuleId = "country-context", RuleVersion = "test", SubjectKey = "PL",
                Severity = FlagSeverity.Attention, Audience = FlagAudience.Internal, Explanation = "Point interne " + Fixture.Canary,
                ContentHash = "h", FirstSeenAt = DateTime.UtcNow,
            });
            db.ScreeningFlags.Add(new ScreeningFlag
            {
                EngagementId = seeded.Twinning, CommuneCode = SaintJeanDeBraye, RuleId = "death-penalty", RuleVersion = "test", SubjectKey = "PL",
                Severity = FlagSeverity.High, Explanation = "Signalement résolu", ContentHash = "h", FirstSeenAt = DateTime.UtcNow,
                ResolvedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        var monitor = await app.ClientAsync("monitor@ong.fr", Roles.Monitor);
        // Added out of panel order: the letters follow the panels, never the order of entry.
        await AddListAsync(monitor, SaintJeanDeBraye, "Braye demain", "Dominique Exemple", 2);
        await AddListAsync(monitor, SaintJeanDeBraye, ScriptList, "Camille =Exemple", 1);
        await AddListAsync(monitor, Orleans, "Orléans ensemble", "Alix Exemple", null);
        await AddListAsync(monitor, Annecy, "Annecy en commun", "Sacha Exemple", 1);
        return (monitor, seeded);
    }

    private static async Task AddListAsync(HttpClient monitor, string commune, string name, string head, int? panel) =>
        await JsonAsync(await monitor.PostJsonAsync($"/api/campaigns/{Slug}/lists", new { communeCode = commune, name, headOfList = head, panel }),
            HttpStatusCode.Created);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_word_letters_cite_the_public_register_for_each_list_in_panel_order(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var (monitor, _) = await SeedAsync(app);

        var response = await monitor.GetAsync($"/api/campaigns/{Slug}/letters/{SaintJeanDeBraye}.docx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(LetterDocuments.DocxType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("45284-saint-jean-de-braye.docx", response.Content.Headers.ContentDisposition?.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var paragraphs = Paragraphs(bytes);
        var text = string.Join("\n", paragraphs);
        using (var document = WordprocessingDocument.Open(new MemoryStream(bytes), false))
        {
            var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }

        // One letter per list, in panel order, each to its head.
        var addressees = paragraphs.Where(p => p.Contains(", tête de la liste", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, addressees.Count);
        Assert.StartsWith("Camille =Exemple, tête de la liste « " + ScriptList + " » (panneau n° 1)", addressees[0]);
        Assert.StartsWith("Dominique Exemple, tête de la liste « Braye demain » (panneau n° 2)", addressees[1]);

        // The twinning: partner and country name (not the ISO code), status as the commune's register states it.
        var tuchow = paragraphs.Where(p => p.Contains("Tuchów (Pologne)", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, tuchow.Count); // one per letter
        Assert.All(tuchow, p => Assert.Contains(": actif depuis le", p));
        Assert.All(tuchow, p => Assert.DoesNotContain("(PL)", p));
        // The directory's twinning is « signalé par … », never « actif ».
        var reported = paragraphs.Where(p => p.Contains("Kraków", StringComparison.Ordinal) || p.Contains("Cracovie", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, reported.Count);
        Assert.All(reported, p => Assert.Contains("signalé par", p));
        Assert.All(reported, p => Assert.Contains("non confirmé par la commune", p));
        Assert.All(reported, p => Assert.DoesNotContain("actif", p));

        // The open public flag with its source, URL and date, and the commune's public answer.
        Assert.Contains("Résolution contre « l'idéologie LGBT ».", text);
        Assert.Contains("Source : Atlas of Hate, https://example.org/atlas, 2020-02-14", text);
        Assert.Contains("« La commune maintient le dialogue. »", text);
        // The honorary citizenship and the person's publicly known situation, with its source.
        Assert.Contains("Personne honorée : Personne Fictive (Pologne), journaliste", text);
        Assert.Contains("détenu ou détenue", text);
        Assert.Contains("https://example.org/situation", text);
        // The campaign's measures.
        Assert.Contains(paragraphs, p => p.StartsWith("• M1 — ", StringComparison.Ordinal));

        // Nothing internal, nothing confidential.
        Assert.DoesNotContain(Fixture.Canary, text);
        Assert.DoesNotContain("Jumelage interne", text);
        Assert.DoesNotContain("Flag interne", text);
        Assert.DoesNotContain("Point interne", text);
        Assert.DoesNotContain("Signalement résolu", text);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_print_page_is_french_and_encodes_every_text(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var (monitor, _) = await SeedAsync(app);

        var response = await monitor.GetAsync($"/api/campaigns/{Slug}/letters/{SaintJeanDeBraye}.html?culture=en");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html);

        var page = await TestApp.ParseAsync(html);
        Assert.Equal("fr", page.DocumentElement.GetAttribute("lang"));
        Assert.Empty(page.QuerySelectorAll("script"));
        var letters = page.QuerySelectorAll("article.letter");
        Assert.Equal(2, letters.Length);
        Assert.Contains(ScriptList, letters[0].QuerySelector(".addressee")!.TextContent);
        // French whatever the interface language: the country is « Pologne ».
        Assert.Contains("Tuchów (Pologne)", letters[0].TextContent);
        Assert.DoesNotContain(Fixture.Canary, html);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_department_zip_holds_a_word_file_per_commune_with_lists_and_the_mail_merge_csv(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var (monitor, _) = await SeedAsync(app);

        var response = await monitor.GetAsync($"/api/campaigns/{Slug}/letters?department=45");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
        using var zip = new ZipArchive(new MemoryStream(bytes));
        Assert.Equal(["45234-orleans.docx", "45284-saint-jean-de-braye.docx", "publipostage.csv"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));

        var orleans = Paragraphs(Read(zip, "45234-orleans.docx"));
        Assert.Contains(orleans, p => p.StartsWith("Alix Exemple, tête de la liste « Orléans ensemble », Orléans", StringComparison.Ordinal));
        Assert.Contains("Aucun jumelage n'est enregistré publiquement.", orleans);

        var csvBytes = Read(zip, "publipostage.csv");
        Assert.Equal(Encoding.UTF8.GetPreamble(), csvBytes[..3]);
        var lines = Encoding.UTF8.GetString(csvBytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("commune_insee;commune_nom;liste;tete_de_liste;fichier", lines[0]);
        Assert.Equal(
        [
            "45234;Orléans;Orléans ensemble;Alix Exemple;45234-orleans.docx",
            "45284;Saint-Jean-de-Braye;Braye <script>alert(1)</script> & co;Camille =Exemple;45284-saint-jean-de-braye.docx",
            "45284;Saint-Jean-de-Braye;Braye demain;Dominique Exemple;45284-saint-jean-de-braye.docx",
        ], lines[1..]);

        foreach (var entry in zip.Entries)
        {
            var content = entry.FullName.EndsWith(".docx", StringComparison.Ordinal)
                ? string.Join("\n", Paragraphs(Read(zip, entry.FullName)))
                : Encoding.UTF8.GetString(Read(zip, entry.FullName));
            Assert.DoesNotContain(Fixture.Canary, content);
            Assert.DoesNotContain("Annecy", content);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_mail_merge_csv_neutralises_formulas(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var monitor = await app.ClientAsync("monitor@ong.fr", Roles.Monitor);
        await AddListAsync(monitor, Orleans, "=HYPERLINK(\"http://example.org\")", "+Alix Exemple", 1);

        var response = await monitor.GetAsync($"/api/campaigns/{Slug}/letters?department=45");
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var row = Encoding.UTF8.GetString(Read(zip, "publipostage.csv")).Split("\r\n")[1];
        Assert.Equal("45234;Orléans;\"'=HYPERLINK(\"\"http://example.org\"\")\";'+Alix Exemple;45234-orleans.docx", row);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Only_monitors_and_administrators_get_letters(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var monitor = await app.ClientAsync("monitor@ong.fr", Roles.Monitor);
        await AddListAsync(monitor, SaintJeanDeBraye, "Braye demain", "Dominique Exemple", 1);
        var officer = await app.ClientAsync("officer@45284.fr", Roles.Officer, SaintJeanDeBraye);
        var admin = await app.ClientAsync("admin@example.fr", Roles.Administrator);

        foreach (var url in new[] { $"/api/campaigns/{Slug}/letters/{SaintJeanDeBraye}.docx", $"/api/campaigns/{Slug}/letters/{SaintJeanDeBraye}.html",
                     $"/api/campaigns/{Slug}/letters?department=45" })
        {
            await ProblemAsync(await app.Client().GetAsync(url), HttpStatusCode.Unauthorized);
            await ProblemAsync(await officer.GetAsync(url), HttpStatusCode.Forbidden);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(url)).StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Unknown_campaign_commune_or_department_and_a_commune_without_lists_are_named(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var monitor = await app.ClientAsync("monitor@ong.fr", Roles.Monitor);
        await AddListAsync(monitor, SaintJeanDeBraye, "Braye demain", "Dominique Exemple", 1);

        await ProblemAsync(await monitor.GetAsync($"/api/campaigns/inconnue/letters/{SaintJeanDeBraye}.docx"), HttpStatusCode.NotFound);
        await ProblemAsync(await monitor.GetAsync("/api/campaigns/inconnue/letters?department=45"), HttpStatusCode.NotFound);
        await ProblemAsync(await monitor.GetAsync($"/api/campaigns/{Slug}/letters/99999.html"), HttpStatusCode.NotFound);
        var none = await ProblemAsync(await monitor.GetAsync($"/api/campaigns/{Slug}/letters/{Orleans}.docx"), HttpStatusCode.NotFound);
        Assert.Contains("aucune liste candidate", none.GetProperty("detail").GetString());
        Assert.Contains("Orléans", none.GetProperty("detail").GetString());
        var noneInDepartment = await ProblemAsync(await monitor.GetAsync($"/api/campaigns/{Slug}/letters?department=74"), HttpStatusCode.NotFound);
        Assert.Contains("Aucune commune du département 74", noneInDepartment.GetProperty("detail").GetString());

        await ProblemAsync(await monitor.GetAsync($"/api/campaigns/{Slug}/letters?department=ZZ"), HttpStatusCode.UnprocessableEntity, "department");
        await ProblemAsync(await monitor.GetAsync($"/api/campaigns/{Slug}/letters?department=99"), HttpStatusCode.UnprocessableEntity, "department");
        await ProblemAsync(await monitor.GetAsync($"/api/campaigns/{Slug}/letters"), HttpStatusCode.UnprocessableEntity, "department");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_monitors_page_links_each_communes_letters_and_the_department_zip_without_script(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var monitor = await app.SignInAsync(await CreateMonitorAsync(app));
        await AddListAsync(monitor, SaintJeanDeBraye, "Braye demain", "Dominique Exemple", 1);

        var desk = await TestApp.ParseAsync(await monitor.GetStringAsync($"/espace/campagnes/{Slug}"));
        Assert.Contains(desk.QuerySelectorAll("a[href]"), a => a.GetAttribute("href") == $"/espace/campagnes/{Slug}/lettres");

        var page = await TestApp.ParseAsync(await monitor.GetStringAsync($"/espace/campagnes/{Slug}/lettres?departement=45"));
        var links = page.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains($"/api/campaigns/{Slug}/letters/{SaintJeanDeBraye}.html", links);
        Assert.Contains($"/api/campaigns/{Slug}/letters/{SaintJeanDeBraye}.docx", links);
        Assert.Contains($"/api/campaigns/{Slug}/letters?department=45", links);
        var form = page.QuerySelector($"form[action='/api/campaigns/{Slug}/letters']")!;
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.NotNull(form.QuerySelector("input[name=department]"));

        // The cookie session downloads what the page links.
        Assert.Equal(HttpStatusCode.OK, (await monitor.GetAsync($"/api/campaigns/{Slug}/letters/{SaintJeanDeBraye}.html")).StatusCode);

        var officer = await app.SignInAsync(await CreateOfficerAsync(app));
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync($"/espace/campagnes/{Slug}/lettres")).StatusCode);
    }

    private static async Task<string> CreateMonitorAsync(TestApp app)
    {
        await app.CreateUserAsync("monitor-page@ong.fr", Roles.Monitor);
        return "monitor-page@ong.fr";
    }

    private static async Task<string> CreateOfficerAsync(TestApp app)
    {
        await app.CreateUserAsync("officer-page@45284.fr", Roles.Officer, SaintJeanDeBraye);
        return "officer-page@45284.fr";
    }

    private static byte[] Read(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    /// <summary>The text of every paragraph of a .docx, read back with the Open XML SDK.</summary>
    private static List<string> Paragraphs(byte[] docx)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(docx), false);
        return document.MainDocumentPart!.Document!.Body!.Descendants<Paragraph>().Select(p => p.InnerText).ToList();
    }
}

using System.Text.RegularExpressions;
using CityDiplomacy.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CityDiplomacy.BrowserTests;

/// <summary>What a commune's international-relations officer does in the workspace, in a real browser.</summary>
public sealed class OfficerJourneys(RunningApp app, Browser browser) : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private const string SaintJeanDeBraye = "45284";
    /// <summary>The upload journey's commune: no other journey uses it (the portal journeys read Nogent-sur-Oise).</summary>
    private const string Orleans = "45234";
    /// <summary>The workbook journey's commune, likewise its own.</summary>
    private const string Montargis = "45208";

    private IBrowserContext? _context;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_context is not null) await _context.DisposeAsync();
    }

    [Fact]
    public async Task Officer_registers_a_twinning_and_sees_it_on_the_public_page()
    {
        _context = await browser.NewContextAsync(app);
        // The shared app outlives this test: its own account, its own commune's twinning, found by its partner.
        var email = $"ri-{Guid.NewGuid():N}@saint-jean-de-braye.fr";
        await CreateOfficerAsync(email, SaintJeanDeBraye);
        var page = await _context.NewPageAsync();

        await page.GotoAsync("/connexion");
        await page.GetByLabel("Adresse électronique").FillAsync(email);
        await page.GetByLabel("Mot de passe").FillAsync(Password);
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(EndsWith("/espace"));

        await page.GetByRole(AriaRole.Link, new() { Name = "Saint-Jean-de-Braye", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Nouveau : jumelage" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Nouveau : jumelage — Saint-Jean-de-Braye");
        await page.GetByLabel("Identifiant GeoNames").FillAsync("3094802");
        await page.GetByLabel("Date de signature du serment de jumelage").FillAsync("1965-03-12");
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Publique", Exact = false })).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "Délibération 1" }).GetByLabel("Identifiant de l'acte").FillAsync("DCM-1965-014");
        await page.GetByRole(AriaRole.Group, new() { Name = "Délibération 1" }).GetByLabel("Date de la séance").FillAsync("1965-02-20");
        await page.Locator("#status").SelectOptionAsync("active");
        await page.GetByLabel("Date d'effet du statut").FillAsync("1965-03-12");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer l'engagement" }).ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("Jumelage avec Kraków");
        await Expect(page.GetByText("L'engagement est enregistré.")).ToBeVisibleAsync();
        await Expect(page.GetByText("Kraków (PL, GeoNames 3094802)")).ToBeVisibleAsync();

        await page.GotoAsync($"/communes/{SaintJeanDeBraye}");
        var section = page.Locator("section.public-engagements");
        await Expect(section.GetByRole(AriaRole.Heading, new() { Name = "Action internationale" })).ToBeVisibleAsync();
        var twinning = section.Locator("li", new() { HasText = "Kraków (Pologne, GeoNames 3094802)" });
        await Expect(twinning).ToContainTextAsync("Jumelage avec Kraków");
        await Expect(twinning).ToContainTextAsync("Statut : actif");
        await Expect(twinning).ToContainTextAsync("depuis le 12 mars 1965");
        await SaveScreenshotAsync(page, "commune-saint-jean-de-braye-jumelage.png");
    }

    [Fact]
    public async Task Officer_confirms_a_twinning_a_directory_reported_and_sees_it_active_on_the_public_page()
    {
        _context = await browser.NewContextAsync(app);
        // Bourg-en-Bresse: no other journey uses it. The directory import's record, as it creates it.
        const string bourgEnBresse = "01053";
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CityDiplomacy.Data.AppDb>();
            var reported = new CityDiplomacy.Engagements.Twinning(bourgEnBresse, "Jumelage avec Bad Kreuznach");
            reported.ReplacePartners([new CityDiplomacy.Engagements.EngagementPartner
            {
                Kind = CityDiplomacy.Engagements.PartnerKind.Place, GeonameId = 2953402, Name = "Bad Kreuznach", CountryCode = "DE",
                Latitude = 49.84, Longitude = 7.87,
            }]);
            reported.Start(CityDiplomacy.Engagements.EngagementStatus.Reported, on: null);
            reported.SetProvenance("Wikipédia, villes jumelles (CC BY-SA 4.0) : wikipedia_twin_cities_2026.csv", "v1", "ligne 7",
                CityDiplomacy.Engagements.Provenance.Directory);
            db.Engagements.Add(reported);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        var email = $"ri-{Guid.NewGuid():N}@bourgenbresse.fr";
        await CreateOfficerAsync(email, bourgEnBresse);
        var page = await _context.NewPageAsync();

        await page.GotoAsync($"/communes/{bourgEnBresse}");
        var before = page.Locator("section.public-engagements li", new() { HasText = "Bad Kreuznach" });
        await Expect(before).ToContainTextAsync("Statut : signalé");
        await Expect(before).ToContainTextAsync("non confirmé par la commune");

        await page.GotoAsync("/connexion");
        await page.GetByLabel("Adresse électronique").FillAsync(email);
        await page.GetByLabel("Mot de passe").FillAsync(Password);
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(EndsWith("/espace"));
        await page.GotoAsync($"/espace/communes/{bourgEnBresse}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Jumelages signalés par les annuaires, à vérifier" }).ClickAsync();

        var entry = page.Locator("article.review", new() { HasText = "Jumelage avec Bad Kreuznach" });
        await entry.GetByLabel("Statut connu de la commune").SelectOptionAsync("active");
        await entry.GetByLabel("Date de signature (facultative)").FillAsync("1960-05-14");
        await entry.GetByRole(AriaRole.Button, new() { Name = "Confirmer", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Le jumelage est confirmé par la commune")).ToBeVisibleAsync();

        await page.GotoAsync($"/communes/{bourgEnBresse}");
        var after = page.Locator("section.public-engagements li", new() { HasText = "Bad Kreuznach" });
        await Expect(after).ToContainTextAsync("Statut : actif");
        await Expect(after).ToContainTextAsync("Confirmé par la commune");
        await Expect(after).Not.ToContainTextAsync("non confirmé");
    }

    [Fact]
    public async Task Officer_uploads_the_town_hall_export_checks_the_preview_and_imports_it()
    {
        var sample = SharedSample("jumelages_export_mairie_cp1252.csv");
        _context = await browser.NewContextAsync(app);
        // A commune of its own, so that the figures are those of a fresh register whatever the order of the journeys.
        var email = $"ri-{Guid.NewGuid():N}@orleans.fr";
        await CreateOfficerAsync(email, Orleans);
        var page = await _context.NewPageAsync();

        await page.GotoAsync("/connexion");
        await page.GetByLabel("Adresse électronique").FillAsync(email);
        await page.GetByLabel("Mot de passe").FillAsync(Password);
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.GotoAsync($"/espace/communes/{Orleans}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Importer un registre (CSV)" }).ClickAsync();

        await page.GetByLabel("Fichier CSV").SetInputFilesAsync(sample);
        await page.GetByRole(AriaRole.Button, new() { Name = "Voir l'aperçu" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Aperçu de l'import — jumelages_export_mairie_cp1252.csv");
        await Expect(page.GetByLabel("Ville partenaire")).ToHaveValueAsync("Partner");
        await Expect(page.Locator("dd[data-count=imported]")).ToHaveTextAsync("8");
        await Expect(page.Locator("tr[data-line='10']")).ToContainTextAsync("partenaire non résolu");

        await page.GetByRole(AriaRole.Button, new() { Name = "Importer", Exact = true }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Import terminé — jumelages_export_mairie_cp1252.csv");
        await Expect(page.Locator("dd[data-count=rows]")).ToHaveTextAsync("12");
        await Expect(page.Locator("dd[data-count=imported]")).ToHaveTextAsync("8");
        await Expect(page.Locator("dd[data-count=unchanged]")).ToHaveTextAsync("1");
        await Expect(page.Locator("dd[data-count=rejected]")).ToHaveTextAsync("2");
        await Expect(page.Locator("dd[data-count=unresolved]")).ToHaveTextAsync("1");
        await SaveScreenshotAsync(page, "import-orleans.png");

        await page.GetByRole(AriaRole.Link, new() { Name = "Kraków (PL)" }).ClickAsync();
        await Expect(page.GetByText("Kraków (PL, GeoNames 3094802)")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Officer_uploads_an_excel_workbook_corrects_a_column_in_the_preview_and_imports_it()
    {
        var workbook = Path.Combine(Directory.CreateTempSubdirectory("citydiplomacy-xlsx-").FullName, "registre-montargis.xlsx");
        await File.WriteAllBytesAsync(workbook, RegisterWorkbook(), TestContext.Current.CancellationToken);
        _context = await browser.NewContextAsync(app);
        var email = $"ri-{Guid.NewGuid():N}@montargis.fr";
        await CreateOfficerAsync(email, Montargis);
        var page = await _context.NewPageAsync();

        await page.GotoAsync("/connexion");
        await page.GetByLabel("Adresse électronique").FillAsync(email);
        await page.GetByLabel("Mot de passe").FillAsync(Password);
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.GotoAsync($"/espace/communes/{Montargis}/import");
        await page.GetByLabel("Fichier CSV ou classeur").SetInputFilesAsync(workbook);
        await page.GetByRole(AriaRole.Button, new() { Name = "Voir l'aperçu" }).ClickAsync();

        // Generous: the first preview after start may wait for the place index being built in the background, which takes
        // seconds on an idle machine and far longer on a loaded CI runner. Not a speed check (speed lives in bench/).
        await Expect(page.Locator("h1")).ToHaveTextAsync("Aperçu de l'import — registre-montargis.xlsx", new() { Timeout = 120_000 });
        await Expect(page.GetByLabel("Commune jumelle")).ToHaveValueAsync("Partner");
        await Expect(page.GetByLabel("Situation")).ToHaveValueAsync("Status");
        await Expect(page.GetByLabel("Etat", new() { Exact = true })).ToHaveValueAsync("Country");
        await Expect(page.Locator("dd[data-count=imported]")).ToHaveTextAsync("2");

        // The « Remarque » column looks like deliberation references, but the town hall keeps its own numbering there: notes.
        await page.GetByLabel("Remarque").SelectOptionAsync("Notes");
        await page.GetByRole(AriaRole.Button, new() { Name = "Corriger la correspondance" }).ClickAsync();
        await Expect(page.GetByLabel("Remarque")).ToHaveValueAsync("Notes");
        await page.GetByRole(AriaRole.Button, new() { Name = "Importer", Exact = true }).ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("Import terminé — registre-montargis.xlsx");
        await Expect(page.Locator("dd[data-count=imported]")).ToHaveTextAsync("2");
        await Expect(page.Locator("dd[data-count=rejected]")).ToHaveTextAsync("1");
        await SaveScreenshotAsync(page, "import-xlsx-montargis.png");
    }

    /// <summary>
    /// A register as Excel saves it: a title merged over the first row, a blank row, the header on row 3, a real date
    /// cell, a text date that does not exist (« 30/02/2001 ») and a « Remarque » column of comments.
    /// </summary>
    private static byte[] RegisterWorkbook()
    {
        const string main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        static string Text(string reference, string text) =>
            $"<c r=\"{reference}\" t=\"inlineStr\"><is><t>{System.Security.SecurityElement.Escape(text)}</t></is></c>";
        static string Date(string reference, int year, int month, int day) =>
            $"<c r=\"{reference}\" s=\"1\"><v>{new DateTime(year, month, day).ToOADate():0}</v></c>";
        var sheet = $"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>""" +
            $"<row r=\"1\">{Text("A1", "Registre des jumelages de Montargis")}</row>" +
            $"<row r=\"3\">{Text("A3", "Commune jumelle")}{Text("B3", "Etat")}{Text("C3", "Date du jumelage")}{Text("D3", "Situation")}{Text("E3", "Remarque")}</row>" +
            $"<row r=\"4\">{Text("A4", "Cracovie")}{Text("B4", "Pologne")}{Date("C4", 1965, 3, 12)}{Text("D4", "actif")}{Text("E4", "12-3")}</row>" +
            $"<row r=\"5\">{Text("A5", "Tuchów")}{Text("B5", "Pologne")}{Text("C5", "30/02/2001")}{Text("D5", "actif")}{Text("E5", "2001-55")}</row>" +
            $"<row r=\"6\">{Text("A6", "Vienne")}{Text("B6", "Autriche")}{Date("C6", 1999, 10, 18)}{Text("D6", "en sommeil")}{Text("E6", "1999-90")}</row>" +
            "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:E1\"/></mergeCells></worksheet>";
        (string Name, string Content)[] parts =
        [
            ("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"""),
            ("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""),
            ("xl/workbook.xml", $"""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Jumelages" sheetId="1" r:id="rId1"/></sheets></workbook>"""),
            ("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"""),
            ("xl/styles.xml", $"""<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{main}"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" xfId="0"/><xf numFmtId="14" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>"""),
            ("xl/worksheets/sheet1.xml", sheet),
        ];
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in parts)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(System.Text.Encoding.UTF8.GetBytes(content));
            }
        return buffer.ToArray();
    }

    /// <summary>A sample committed under tests/data/samples (see tests/data/README.md).</summary>
    private static string SharedSample(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "CityDiplomacy.slnx"))) continue;
            var path = Path.Combine(dir.FullName, "tests", "data", "samples", name);
            if (!File.Exists(path)) Assert.Fail($"Fichier de test absent : tests/data/samples/{name}.");
            return path;
        }
        throw new InvalidOperationException("CityDiplomacy.slnx introuvable au-dessus du dossier des tests.");
    }

    /// <summary>An officer of <paramref name="commune"/>, made through the running app's own Identity services.</summary>
    private async Task CreateOfficerAsync(string email, string commune)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var user = new User { UserName = email, Email = email };
        user.Communes.Add(new CommuneAssignment { UserId = user.Id, CommuneCode = commune });
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        var role = await users.AddToRoleAsync(user, Roles.Officer);
        Assert.True(role.Succeeded, string.Join(" ", role.Errors.Select(e => e.Description)));
    }

    private static async Task SaveScreenshotAsync(IPage page, string fileName)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, fileName), FullPage = true });
    }

    private static Regex EndsWith(string suffix) => new(Regex.Escape(suffix) + "$");
}

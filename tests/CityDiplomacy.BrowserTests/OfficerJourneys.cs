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
        var twinning = section.Locator("li", new() { HasText = "Kraków (PL, GeoNames 3094802)" });
        await Expect(twinning).ToContainTextAsync("Jumelage avec Kraków");
        await Expect(twinning).ToContainTextAsync("Statut : actif");
        await Expect(twinning).ToContainTextAsync("depuis le 12 mars 1965");
        await SaveScreenshotAsync(page, "commune-saint-jean-de-braye-jumelage.png");
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

using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CityDiplomacy.BrowserTests;

/// <summary>What a citizen does with the portal, in a real browser, one fresh browser profile per story.</summary>
public sealed class CitizenJourneys(RunningApp app, Browser browser) : IAsyncLifetime
{
    private const string SearchLabel = "Nom de la commune ou code postal";
    private const string SaintJeanDeBraye = "Saint-Jean-de-Braye";

    private IBrowserContext? _context;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_context is not null) await _context.DisposeAsync();
    }

    [Fact]
    public async Task Citizen_searches_Saint_Jean_de_Braye_and_reaches_its_commune_page()
    {
        var page = await OpenPageAsync();
        await page.GotoAsync("/");

        await page.GetByLabel(SearchLabel).FillAsync(SaintJeanDeBraye);
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();
        await page.Locator("ul.results").GetByRole(AriaRole.Link, new() { Name = SaintJeanDeBraye, Exact = true }).ClickAsync();

        await ExpectSaintJeanDeBrayePageAsync(page);
        await SaveScreenshotAsync(page, "commune-saint-jean-de-braye.png");
    }

    [Fact]
    public async Task Search_works_without_javascript()
    {
        var page = await OpenPageAsync(javaScriptEnabled: false);
        await page.GotoAsync("/");

        await page.GetByLabel(SearchLabel).FillAsync("45800");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(EndsWith("/communes?q=45800"));
        await page.Locator("ul.results").GetByRole(AriaRole.Link, new() { Name = SaintJeanDeBraye, Exact = true }).ClickAsync();

        await ExpectSaintJeanDeBrayePageAsync(page);
    }

    [Fact]
    public async Task Visitor_switches_the_commune_page_to_English_and_back()
    {
        var page = await OpenPageAsync();
        await page.GotoAsync("/communes/45284");
        var html = page.Locator("html");
        await Expect(html).ToHaveAttributeAsync("lang", "fr");

        await page.GetByRole(AriaRole.Link, new() { Name = "English", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(EndsWith("/communes/45284"));
        await Expect(html).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Identity", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText("INSEE commune code", new() { Exact = true })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Français", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(EndsWith("/communes/45284"));
        await Expect(html).ToHaveAttributeAsync("lang", "fr");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Identité", Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Keyboard_user_can_skip_to_content()
    {
        var page = await OpenPageAsync();
        await page.GotoAsync("/");

        await page.Keyboard.PressAsync("Tab");

        var skipLink = page.GetByRole(AriaRole.Link, new() { Name = "Aller au contenu", Exact = true });
        await Expect(skipLink).ToBeFocusedAsync();
        await Expect(skipLink).ToBeVisibleAsync();

        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("main")).ToBeFocusedAsync();
    }

    private async Task<IPage> OpenPageAsync(bool javaScriptEnabled = true)
    {
        _context = await browser.NewContextAsync(app, javaScriptEnabled);
        return await _context.NewPageAsync();
    }

    private static async Task ExpectSaintJeanDeBrayePageAsync(IPage page)
    {
        await Expect(page).ToHaveURLAsync(EndsWith("/communes/45284"));
        await Expect(page.Locator("h1")).ToHaveTextAsync(SaintJeanDeBraye);
        await Expect(page.GetByText("45800").First).ToBeVisibleAsync();
        await Expect(page.GetByText("Loiret").First).ToBeVisibleAsync();
    }

    private static async Task SaveScreenshotAsync(IPage page, string fileName)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, fileName), FullPage = true });
    }

    private static Regex EndsWith(string suffix) => new(Regex.Escape(suffix) + "$");
}

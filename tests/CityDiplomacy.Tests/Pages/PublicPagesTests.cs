using System.Net;
using CityDiplomacy.Reference;
using CityDiplomacy.Tests.Infrastructure;

namespace CityDiplomacy.Tests.Pages;

public sealed class PublicPagesTests
{
    [Fact]
    public async Task Home_page_is_French_and_offers_a_labelled_commune_search()
    {
        await using var app = await TestApp.SharedAsync("sqlite");

        var page = await app.GetPageAsync("/");

        Assert.Equal("fr", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Diplomatie des villes", page.QuerySelector("h1")?.TextContent.Trim());
        var form = page.QuerySelector("form[role=search]")!;
        Assert.Equal("/communes", form.GetAttribute("action"));
        Assert.Equal("get", form.GetAttribute("method"));
        var label = page.QuerySelector("label[for=q]")!;
        Assert.Equal("Nom de la commune ou code postal", label.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("input#q[name=q]"));
        Assert.Contains("34 969", page.QuerySelector(".figures")!.TextContent.Replace('\u202f', ' ').Replace('\u00a0', ' '));
        Assert.Equal("#contenu", page.QuerySelector("a.skip-link")?.GetAttribute("href"));
    }

    [Fact]
    public async Task Searching_a_name_lists_the_commune_with_a_link_to_its_page()
    {
        await using var app = await TestApp.SharedAsync("sqlite");

        var results = await app.GetPageAsync("/communes?q=Saint-Jean-de-Braye");
        var link = results.QuerySelectorAll("ul.results a").First(a => a.TextContent == "Saint-Jean-de-Braye");
        Assert.Equal("/communes/45284", link.GetAttribute("href"));

        var commune = await app.GetPageAsync(link.GetAttribute("href")!);
        Assert.Equal("Saint-Jean-de-Braye", commune.QuerySelector("h1")?.TextContent.Trim());
        var identity = commune.QuerySelector("dl.identity")!.TextContent;
        Assert.Contains("45284", identity);
        Assert.Contains("Loiret (45)", identity);
        Assert.Contains("Centre-Val de Loire", identity);
        Assert.Contains("45800", identity);
        Assert.Contains("Orléans Métropole", identity);
        Assert.DoesNotContain("approximatives", identity);
    }

    [Fact]
    public async Task A_delegated_commune_found_by_search_leads_to_its_parent_commune()
    {
        await using var app = await TestApp.SharedAsync("sqlite");

        var results = await app.GetPageAsync("/communes?q=Arbignieu");
        var item = results.QuerySelector("ul.results li")!;

        Assert.Equal("/communes/01015", item.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("commune déléguée", item.TextContent);
        Assert.Contains("commune de rattachement : Arboys en Bugey", item.TextContent);
    }

    [Fact]
    public async Task Approximate_coordinates_are_said_to_be_approximate()
    {
        await using var app = await TestApp.SharedAsync("sqlite");

        var page = await app.GetPageAsync("/communes/01002");

        Assert.Contains("approximatives", page.QuerySelector("dl.identity")!.TextContent);
    }

    [Fact]
    public async Task Search_input_is_encoded_never_interpreted()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var client = app.Client();

        var html = await client.GetStringAsync("/communes?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");

        Assert.DoesNotContain("<script>alert(1)</script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
    }

    [Fact]
    public async Task Unknown_and_malformed_commune_pages_answer_404_with_a_French_page()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var client = app.Client();

        foreach (var url in new[] { "/communes/99999", "/communes/abc", "/nulle-part" })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var page = await TestApp.ParseAsync(await response.Content.ReadAsStringAsync());
            Assert.Equal("Page introuvable", page.QuerySelector("h1")?.TextContent.Trim());
        }
    }

    [Fact]
    public async Task English_is_available_and_remembered_until_the_visitor_switches_back()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var client = app.Client();

        var switchToEnglish = await client.GetAsync("/langue?culture=en&retour=%2Fcommunes%2F45284");
        Assert.Equal(HttpStatusCode.Redirect, switchToEnglish.StatusCode);
        Assert.Equal("/communes/45284", switchToEnglish.Headers.Location?.OriginalString);
        var cookie = switchToEnglish.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        using var english = new HttpRequestMessage(HttpMethod.Get, "/communes/45284");
        english.Headers.Add("Cookie", cookie);
        var page = await TestApp.ParseAsync(await (await client.SendAsync(english)).Content.ReadAsStringAsync());
        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        Assert.Contains("INSEE commune code", page.QuerySelector("dl.identity")!.TextContent);
        var back = page.QuerySelector(".language a")!;
        Assert.Equal("Français", back.TextContent.Trim());

        var offSite = await client.GetAsync("/langue?culture=en&retour=%2F%2Fevil.example");
        Assert.Equal("/", offSite.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_language_cookie_lasts_one_year_from_the_app_clock()
    {
        await using var app = await TestApp.StartAsync("sqlite", withReference: true, TestClock.Create());
        using var client = app.Client();

        var cookie = (await client.GetAsync("/langue?culture=en&retour=%2F")).Headers.GetValues("Set-Cookie").Single();

        Assert.Contains("expires=Tue, 15 Jun 2027 08:00:00 GMT", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task About_page_names_every_source_with_its_version_and_licence()
    {
        await using var app = await TestApp.SharedAsync("sqlite");

        var page = await app.GetPageAsync("/a-propos");
        var text = page.Body!.TextContent;

        foreach (var source in ReferenceSource.Embedded.Manifest.Sources)
        {
            Assert.Contains(source.Package, text);
            Assert.Contains(source.Version, text);
            Assert.Contains(source.Licence, text);
        }
        Assert.Contains("GeoNames", text);
        Assert.Contains("Freedom House", text);
        // Every reference dataset is loaded (the directory, off in tests, may honestly say « non chargé » in its own table).
        Assert.DoesNotContain("non chargé", page.QuerySelector("table")!.TextContent);
        // The shipped territorial-status file, loaded at start, is listed with its file and version.
        var evidence = page.QuerySelector("table.evidence-sources tbody")!.TextContent;
        Assert.Contains("Statuts territoriaux (fichier maintenu de CityDiplomacy)", evidence);
        Assert.Contains("territories.csv", evidence);
    }

    [Fact]
    public async Task Pages_carry_security_headers()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var client = app.Client();

        var response = await client.GetAsync("/");

        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }
}

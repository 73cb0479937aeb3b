using System.Net;
using System.Xml.Linq;
using AngleSharp.Dom;
using CityDiplomacy.Engagements;
using CityDiplomacy.Evidence;
using CityDiplomacy.Screening;
using CityDiplomacy.Tests.Infrastructure;
using static CityDiplomacy.Tests.Manage.Forms;

namespace CityDiplomacy.Tests.Portal;

/// <summary>The public commune page, national overview and country page, in French and English, without a leak.</summary>
public sealed class PortalPagesTests
{
    private const string Canary = "CANARY-9d41";
    private const int Tuchow = 756634, Krasnik = 767623, Krakow = 3094802, Bamako = 2460596;
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>
    /// Saint-Jean-de-Braye: a public twinning with Tuchów (flagged, with a public answer), an internal one with Kraków
    /// (flagged too), a cooperation project with Bamako with a budget, an honorary citizenship with confidential notes.
    /// Nogent-sur-Oise: a public twinning with Kraśnik.
    /// </summary>
    private static async Task<(Guid PublicTwinning, Guid InternalTwinning)> SeedAsync(TestApp app)
    {
        var publicTwinning = await app.SeedAsync(SaintJeanDeBraye, Twinning(Tuchow));
        var internalTwinning = await app.SeedAsync(SaintJeanDeBraye, Twinning(Krakow, visibility: "internal"));
        await app.SeedAsync(NogentSurOise, Twinning(Krasnik));
        await app.SeedAsync(SaintJeanDeBraye, new CooperationProjectInput
        {
            Title = "Eau potable à Bamako",
            Partners = [new PartnerInput { GeonameId = Bamako }],
            Status = "active", StartOn = "2022-01-01",
            BudgetLines =
            [
                new BudgetLineInput { Year = 2023, AmountCents = 1_000_000, Funder = "commune" },
                new BudgetLineInput { Year = 2023, AmountCents = 500_000, Funder = "afd" },
                new BudgetLineInput { Year = 2024, AmountCents = 750_000, Funder = "commune" },
            ],
        });
        await app.SeedAsync(SaintJeanDeBraye, new HonoraryCitizenshipInput
        {
            Person = new PersonInput { Name = "Personne Fictive", Country = "BY", Role = "avocate" },
            Status = "active", StatusOn = "2022-06-30", CouncilVoteOn = "2022-06-30",
            Deliberations = [new DeliberationInput { Reference = "DCM-2022-050", Date = "2022-06-30" }],
            ConfidentialNotes = Canary, ConfidentialContacts = Canary,
        });
        await using var db = app.OpenDb();
        db.ScreeningFlags.Add(Flag(publicTwinning, "local-alert", "Tuchów a adopté une résolution contre « l'idéologie LGBT ».",
            publicAnswer: "Jumelage suspendu par le conseil municipal.", decision: Canary));
        db.ScreeningFlags.Add(Flag(internalTwinning, "country-context", $"Alerte interne {Canary}", publicAnswer: Canary, decision: Canary));
        var import = new EvidenceImport
        {
            Kind = EvidenceKind.FreedomHouse, SourceName = "Freedom House, Freedom in the World",
            SourceUrl = "https://freedomhouse.org/report/freedom-world", Licence = "usage non commercial avec mention",
            FileName = "fiw.csv", Sha256 = new string('a', 64), ImportedAt = DateTime.UtcNow, ImportedBy = "cli",
        };
        db.EvidenceImports.Add(import);
        foreach (var (year, text) in new[] { (2023, "PF"), (2024, "F") })
            db.CountryIndicators.Add(new CountryIndicator
            {
                CountryCode = "PL", Indicator = "fh.status", Year = year, Text = text, SourceName = "Freedom House", ImportId = import.Id,
            });
        db.CountryIndicators.Add(new CountryIndicator
        {
            CountryCode = "PL", Indicator = "fh.total", Year = 2024, Value = 81, SourceName = "Freedom House", ImportId = import.Id,
        });
        await db.SaveChangesAsync();
        return (publicTwinning, internalTwinning);
    }

    private static ScreeningFlag Flag(Guid engagement, string rule, string explanation, string? publicAnswer, string? decision) => new()
    {
        EngagementId = engagement, CommuneCode = SaintJeanDeBraye, RuleId = rule, RuleVersion = "1", SubjectKey = rule,
        Severity = FlagSeverity.High, Explanation = explanation, ContentHash = "h", FirstSeenAt = DateTime.UtcNow,
        LastChangedAt = DateTime.UtcNow, State = FlagState.Decided, PublicAnswer = publicAnswer, Decision = decision,
        Evidence = [new FlagEvidence("Atlas of Hate", "https://example.org/atlas", "2019-05-29")],
    };

    /// <summary>The page's inline SVG with that id, parsed as XML (fails when it is not well-formed).</summary>
    private static XElement SvgOf(string html, string id)
    {
        var start = html.IndexOf($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=", StringComparison.Ordinal);
        while (start >= 0)
        {
            var end = html.IndexOf("</svg>", start, StringComparison.Ordinal) + "</svg>".Length;
            var svg = XElement.Parse(html[start..end]);
            if (((string?)svg.Attribute("aria-labelledby"))?.StartsWith(id + "-", StringComparison.Ordinal) == true) return svg;
            start = html.IndexOf("<svg ", end, StringComparison.Ordinal);
        }
        throw new Xunit.Sdk.XunitException($"pas de SVG « {id} »");
    }

    private static async Task<string> GetAsync(HttpClient client, string url, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"GET {url} → {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    private static string Text(IElement? element) =>
        string.Join(' ', (element?.TextContent ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_commune_page_draws_a_line_to_each_public_partner_and_lists_them_flags_and_budgets(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await SeedAsync(app);
        using var client = app.Client();

        var html = await GetAsync(client, $"/communes/{SaintJeanDeBraye}");
        var page = await TestApp.ParseAsync(html);

        var map = SvgOf(html, "carte-partenaires");
        Assert.Equal("img", (string?)map.Attribute("role"));
        Assert.Equal("Carte des partenaires de Saint-Jean-de-Braye", map.Element(Svg + "title")!.Value);
        Assert.Equal(2, map.Descendants(Svg + "path").Count(p => (string?)p.Attribute("class") == "link")); // Tuchów, Bamako
        Assert.Single(map.Descendants(Svg + "circle"), c => (string?)c.Attribute("class") == "origin");
        // The countries are referenced, not repeated in every page: one cacheable document for all of them.
        var land = (string)Assert.Single(map.Descendants(Svg + "use"))!.Attribute("href")!;
        Assert.Matches("^/cartes/monde-960\\.svg\\?v=[0-9a-f]{12}#terres$", land);
        var baseMap = await client.GetAsync(land.Split('#')[0]);
        Assert.Equal("image/svg+xml", baseMap.Content.Headers.ContentType!.MediaType);
        Assert.Contains("immutable", baseMap.Headers.CacheControl!.ToString());
        var document = System.Xml.Linq.XDocument.Parse(await baseMap.Content.ReadAsStringAsync());
        Assert.NotEmpty((string)document.Descendants(Svg + "path").Single(p => (string?)p.Attribute("id") == "terres").Attribute("d")!);
        var rows = page.QuerySelectorAll("table.links-table tbody tr").Select(r => Text(r)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.StartsWith("Tuchów Pologne Jumelage avec Tuchów jumelage actif", StringComparison.Ordinal) && r.Contains(" oui", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("Eau potable à Bamako", StringComparison.Ordinal) && r.StartsWith("Bamako Mali", StringComparison.Ordinal));
        Assert.NotNull(page.QuerySelector("table.links-table caption"));
        Assert.All(page.QuerySelectorAll("table.links-table thead th"), th => Assert.Equal("col", th.GetAttribute("scope")));

        var budget = page.QuerySelectorAll("table.budget-table tbody tr")
            .Select(r => string.Join('|', r.Children.Select(c => Text(c).Replace('\u202f', ' ').Replace('\u00a0', ' '))));
        Assert.Equal(["2023|15 000,00 €", "2024|7 500,00 €"], budget);
        Assert.Equal(2, SvgOf(html, "graphique-budget").Descendants(Svg + "rect").Count());

        var flags = page.QuerySelectorAll("section[aria-labelledby=veille-titre] article.flag").ToList();
        var flag = Text(Assert.Single(flags));
        Assert.Contains("Alerte locale — Jumelage avec Tuchów", flag);
        Assert.Contains("Gravité : élevée", flag);
        Assert.Contains("Réponse de la commune", flag);
        Assert.Equal("Jumelage suspendu par le conseil municipal.", flags[0].QuerySelector("blockquote.public-answer")!.TextContent);
        Assert.Contains("Atlas of Hate (2019-05-29)", flag);
        Assert.Equal("https://example.org/atlas", flags[0].QuerySelector("ul.evidence a")!.GetAttribute("href"));

        Assert.DoesNotContain("Kraków", html);
        Assert.DoesNotContain(Canary, html);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_country_page_lists_the_communes_linked_with_it_their_flags_and_the_indicators_with_sources(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await SeedAsync(app);
        using var client = app.Client();

        var html = await GetAsync(client, "/pays/pl");
        var page = await TestApp.ParseAsync(html);

        Assert.Equal("Pologne", page.QuerySelector("h1")!.TextContent);
        var links = page.QuerySelectorAll("table.country-links tbody tr").Select(Text).ToList();
        Assert.Equal(2, links.Count);
        Assert.StartsWith("Nogent-sur-Oise Kraśnik Jumelage avec Kraśnik", links[0]);
        Assert.StartsWith("Saint-Jean-de-Braye Tuchów Jumelage avec Tuchów", links[1]);
        Assert.Equal($"/communes/{SaintJeanDeBraye}", page.QuerySelectorAll("table.country-links tbody th a")[1].GetAttribute("href"));
        Assert.Single(page.QuerySelectorAll("li.flag"));

        var indicators = page.QuerySelectorAll("table.indicators tbody tr").ToList();
        Assert.Equal(2, indicators.Count);
        var status = Text(indicators.Single(r => r.TextContent.Contains("fh.status", StringComparison.Ordinal)));
        Assert.Contains("2024 libre (F)", status); // the latest year only
        Assert.DoesNotContain("2023", status);
        Assert.Contains("© Freedom House", status);
        Assert.Contains("usage non commercial avec mention", status);
        Assert.Equal("https://freedomhouse.org/report/freedom-world", indicators[0].QuerySelector("a")!.GetAttribute("href"));

        var map = SvgOf(html, "carte-pays");
        Assert.Equal(2, map.Descendants(Svg + "circle").Count());
        Assert.DoesNotContain("Kraków", html);
        Assert.DoesNotContain(Canary, html);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/pays/ZZ")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/pays/POL")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_national_overview_counts_public_twinnings_colours_partner_countries_and_shows_public_changes(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await SeedAsync(app);
        using var client = app.Client();

        var html = await GetAsync(client, "/");
        var page = await TestApp.ParseAsync(html);

        var figures = page.QuerySelectorAll("ul.national-figures li").Select(Text).ToList();
        Assert.Equal(
            ["2 communes ayant au moins un jumelage public", "2 jumelages publics",
             "2 jumelages confirmés par les communes : 2 actifs, 0 en sommeil, 0 suspendus, 0 terminés",
             "0 jumelages signalés par des annuaires nationaux, non confirmés par les communes (sans statut connu)",
             "1 engagements publics avec un point de vigilance ouvert"],
            figures);
        var map = SvgOf(html, "carte-jumelages");
        var poland = Assert.Single(map.Descendants(Svg + "path"), p => (string?)p.Attribute("class") == "c1");
        Assert.Equal(WorldMapPath("616"), (string?)poland.Attribute("d"));
        Assert.Equal(["Pologne 2"], page.QuerySelectorAll("table.countries-table tbody tr").Select(Text));
        Assert.Equal(6, page.QuerySelectorAll(".legend li").Length);

        var latest = page.QuerySelectorAll("ul.latest li").Select(Text).ToList();
        Assert.Equal(4, latest.Count);
        Assert.Contains(latest, l => l.Contains("Saint-Jean-de-Braye : Eau potable à Bamako (", StringComparison.Ordinal));
        Assert.DoesNotContain("Kraków", html);
        Assert.DoesNotContain(Canary, html);
    }

    private static string WorldMapPath(string numeric) => CityDiplomacy.Portal.Maps.WorldMap.Shared.At(960).CountryPaths[numeric];

    /// <summary>
    /// Every country a citizen reads on the public pages is named — the partners' countries in the commune's and the
    /// country's tables, the choropleth's table, the honoured person's country — in French, or in English for an
    /// English visitor: never as its ISO code (only the country page's line of codes gives them, as codes).
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Public_pages_name_countries_in_the_visitors_language_never_by_their_ISO_codes(string provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await SeedAsync(app);
        using var client = app.Client();

        foreach (var (language, poland, belarus) in new[] { ("fr", "Pologne", "Biélorussie"), ("en", "Poland", "Belarus") })
        {
            var cookie = language == "fr" ? null
                : (await client.GetAsync("/langue?culture=en&retour=%2F")).Headers.GetValues("Set-Cookie").Single().Split(';')[0];
            var home = await TestApp.ParseAsync(await GetAsync(client, "/", cookie));
            var commune = await TestApp.ParseAsync(await GetAsync(client, $"/communes/{SaintJeanDeBraye}", cookie));
            var country = await TestApp.ParseAsync(await GetAsync(client, "/pays/PL", cookie));

            Assert.Equal([poland], home.QuerySelectorAll("table.countries-table tbody th").Select(Text));
            Assert.Equal(["Mali", poland], commune.QuerySelectorAll("table.links-table tbody td a[href^='/pays/']").Select(Text).Order());
            Assert.Contains($"Personne Fictive ({belarus}), avocate", Text(commune.QuerySelector("#engagements-honorary-citizenship + ul li")));
            Assert.Equal(poland, Text(country.QuerySelector("h1")));
            Assert.Contains($"({poland})", Text(country.QuerySelector("table.country-links caption")));
            foreach (var page in new[] { home, commune, country })
            {
                // What a reader sees, but the line of ISO codes on the country page.
                var main = page.QuerySelector("main")!;
                var text = string.Join(' ', main.QuerySelectorAll("h1, h2, h3, caption, th, td, li, dd, figcaption")
                    .Where(e => !e.TextContent.Contains("ISO 3166-1", StringComparison.Ordinal)).Select(Text));
                Assert.DoesNotMatch(@"\b(PL|POL|ML|MLI|BY|BLR)\b", text);
            }
        }
    }

    [Fact]
    public async Task The_portal_pages_are_in_English_for_an_English_visitor()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        await SeedAsync(app);
        using var client = app.Client();
        var cookie = (await client.GetAsync("/langue?culture=en&retour=%2F")).Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        var home = await TestApp.ParseAsync(await GetAsync(client, "/", cookie));
        var commune = await TestApp.ParseAsync(await GetAsync(client, $"/communes/{SaintJeanDeBraye}", cookie));
        var country = await TestApp.ParseAsync(await GetAsync(client, "/pays/PL", cookie));

        Assert.Equal("Twinnings by partner country", home.QuerySelector("#pays-titre")!.TextContent);
        Assert.Equal("Public twinnings by partner country", home.QuerySelector("table.countries-table caption")!.TextContent);
        Assert.Equal("Poland", home.QuerySelector("table.countries-table tbody th")!.TextContent);
        Assert.Equal("Map of the partners of Saint-Jean-de-Braye", commune.QuerySelector("svg title")!.TextContent);
        Assert.Equal("Human-rights screening", commune.QuerySelector("#veille-titre")!.TextContent);
        Assert.Contains("The commune's answer", commune.QuerySelector("article.flag")!.TextContent);
        Assert.Equal("Poland", country.QuerySelector("h1")!.TextContent);
        Assert.Contains("Freedom House: status", country.QuerySelector("table.indicators")!.TextContent);
        Assert.Contains("free (F)", country.QuerySelector("table.indicators")!.TextContent);
    }
}

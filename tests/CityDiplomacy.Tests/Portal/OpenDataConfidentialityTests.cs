using System.IO.Compression;
using System.Net;
using System.Text;
using CityDiplomacy.OpenData;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static CityDiplomacy.Tests.Manage.Forms;
using static CityDiplomacy.Tests.Portal.OpenDataFixture;

namespace CityDiplomacy.Tests.Portal;

/// <summary>Nothing internal and nothing confidential in any export, profile or page, for a commune, a country and the nation.</summary>
public sealed class OpenDataConfidentialityTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task No_canary_in_any_export_of_any_scope(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var seeded = await SeedAsync(app);
        // The SCDL files need the commune's SIRET; without it they answer 404 (OpenData/ScdlExportsTests).
        await CityDiplomacy.Tests.OpenData.ScdlExportsTests.SaveSettingsAsync(app, SaintJeanDeBraye, CityDiplomacy.Tests.OpenData.ScdlExportsTests.BrayeSiret);
        var registry = app.Services.GetRequiredService<OpenDataRegistry>();
        using var client = app.Client();

        var scanned = 0;
        foreach (var export in registry.Exports)
        {
            foreach (var scope in export.Scopes)
            {
                var url = export.Url(scope, scope == ExportScope.Commune ? SaintJeanDeBraye : "PL");
                var response = await client.GetAsync(url);
                var bytes = await response.Content.ReadAsByteArrayAsync();
                // A file with nothing valid to publish (SCDL Subventions: no identified beneficiary) is a 404 problem.
                var empty = export.IsAvailable is not null && response.StatusCode == HttpStatusCode.NotFound;
                Assert.True(response.StatusCode == HttpStatusCode.OK || empty, $"{url} → {(int)response.StatusCode}");
                var text = export.FileName.EndsWith(".xlsx", StringComparison.Ordinal) ? XlsxText(bytes) : Encoding.UTF8.GetString(bytes);
                Assert.True(text.Length > 0, $"{url} is empty");
                Assert.DoesNotContain(Canary, text, StringComparison.Ordinal);
                Assert.DoesNotContain(seeded.Internal.ToString(), text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(seeded.Internal.ToString("N"), text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("confidential", text, StringComparison.OrdinalIgnoreCase);
                scanned++;
            }
        }
        Assert.Equal(registry.Exports.Sum(e => e.Scopes.Count), scanned);
        Assert.True(scanned >= 19, $"only {scanned} exports scanned");

        foreach (var page in new[] { $"/api/communes/{SaintJeanDeBraye}", "/donnees", $"/communes/{SaintJeanDeBraye}" })
            Assert.DoesNotContain(Canary, await client.GetStringAsync(page), StringComparison.Ordinal);
    }

    /// <summary>Every text of the workbook: the shared strings and the inline cells of every part.</summary>
    private static string XlsxText(byte[] bytes)
    {
        using var zip = new ZipArchive(new MemoryStream(bytes));
        var text = new StringBuilder();
        foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(entry.Open());
            text.Append(reader.ReadToEnd());
        }
        Assert.Contains("Tuchów", text.ToString(), StringComparison.Ordinal);
        return text.ToString();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_commune_profile_counts_public_engagements_and_shows_public_flags_with_the_answer(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var seeded = await SeedAsync(app);

        var profile = await app.GetJsonAsync($"/api/communes/{SaintJeanDeBraye}");

        // The identity fields stay as they were.
        Assert.Equal(SaintJeanDeBraye, profile.GetProperty("code").GetString());
        Assert.Equal("Saint-Jean-de-Braye", profile.GetProperty("name").GetString());
        Assert.Equal("current", profile.GetProperty("type").GetString());
        Assert.Equal("communes", profile.GetProperty("source").GetProperty("dataset").GetString());

        var engagements = profile.GetProperty("engagements");
        Assert.Equal(1, engagements.GetProperty("twinning").GetInt32()); // the internal one is not counted
        Assert.Equal(1, engagements.GetProperty("cooperation-project").GetInt32());
        Assert.Equal(1, engagements.GetProperty("honorary-citizenship").GetInt32());
        Assert.Equal(1, engagements.GetProperty("world-day").GetInt32());
        Assert.Equal(1, engagements.GetProperty("summit").GetInt32());
        Assert.Equal(0, engagements.GetProperty("network-membership").GetInt32());

        var flags = profile.GetProperty("flags");
        Assert.Equal(1, flags.GetProperty("total").GetInt32());
        Assert.Equal(1, flags.GetProperty("bySeverity").GetProperty("high").GetInt32());
        Assert.Equal(0, flags.GetProperty("bySeverity").GetProperty("attention").GetInt32());
        var flag = flags.GetProperty("items").EnumerateArray().Single();
        Assert.Equal(seeded.Twinning, flag.GetProperty("engagementId").GetGuid());
        Assert.Equal("local-alert", flag.GetProperty("rule").GetString());
        Assert.Equal("La commune maintient le dialogue.", flag.GetProperty("publicAnswer").GetString());
        Assert.Equal("https://example.org/atlas", flag.GetProperty("evidence")[0].GetProperty("url").GetString());
        Assert.False(flag.TryGetProperty("decision", out _));

        var downloads = profile.GetProperty("downloads").EnumerateArray().Select(d => d.GetProperty("url").GetString()).ToList();
        Assert.Contains($"/api/communes/{SaintJeanDeBraye}/calendar.ics", downloads);
        Assert.Contains($"/api/communes/{SaintJeanDeBraye}/engagements.geojson", downloads);
        Assert.DoesNotContain(Canary, profile.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_data_page_lists_every_download_and_the_licences_and_the_commune_page_links_to_it()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        await SeedAsync(app);
        var registry = app.Services.GetRequiredService<OpenDataRegistry>();

        var page = await app.GetPageAsync("/donnees");
        Assert.Equal("Données ouvertes", page.QuerySelector("h1")!.TextContent);
        var tables = page.QuerySelectorAll("table");
        Assert.All(tables, t => Assert.NotNull(t.QuerySelector("caption")));
        Assert.All(page.QuerySelectorAll("thead th"), th => Assert.Equal("col", th.GetAttribute("scope")));
        var links = page.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")).ToList();
        await using var db = app.OpenDb();
        // A file with nothing valid to publish has no link (it answers 404).
        foreach (var export in registry.For(ExportScope.Nation))
            if (await export.IsAvailableAsync(db, new ExportRequest(ExportScope.Nation, null, "France"), CancellationToken.None))
                Assert.Contains(export.Url(ExportScope.Nation, null), links);
            else
                Assert.DoesNotContain(export.Url(ExportScope.Nation, null), links);
        Assert.Contains("Licence Ouverte / Open Licence 2.0", page.QuerySelector("#licences-titre")!.ParentElement!.TextContent, StringComparison.Ordinal);

        var commune = await app.GetPageAsync($"/communes/{SaintJeanDeBraye}");
        var section = commune.QuerySelector("section[aria-labelledby=telechargements-commune-titre]")!;
        var communeLinks = section.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")).ToList();
        foreach (var export in registry.For(ExportScope.Commune))
            if (await export.IsAvailableAsync(db, new ExportRequest(ExportScope.Commune, SaintJeanDeBraye, SaintJeanDeBraye), CancellationToken.None))
                Assert.Contains(export.Url(ExportScope.Commune, SaintJeanDeBraye), communeLinks);
            else
                Assert.DoesNotContain(export.Url(ExportScope.Commune, SaintJeanDeBraye), communeLinks);
        Assert.Contains("/donnees", communeLinks);

        var english = await app.GetPageAsync("/donnees?culture=en");
        Assert.Equal("Open data", english.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public void A_source_licence_is_named_from_the_recorded_source()
    {
        Assert.Equal("CC0 1.0", SourceLicences.Of("Wikidata P190 (2017)")!.Name);
        Assert.Equal("CC BY-SA 4.0", SourceLicences.Of("wikipedia_twin_cities_2026.csv")!.Name);
        Assert.Equal("MIT", SourceLicences.Of("hekman/twincities")!.Name);
        Assert.Null(SourceLicences.Of("jumelages_export_mairie.csv"));
    }

    [Fact]
    public void An_internal_engagement_cannot_become_an_export_row()
    {
        var hidden = new CityDiplomacy.Engagements.Twinning(SaintJeanDeBraye, "Interne");
        hidden.Describe("Interne", null, CityDiplomacy.Engagements.Visibility.Internal, [], null, null);
        Assert.Throws<InvalidOperationException>(() => (object)OpenEngagement.From(hidden, new ExportCommune(SaintJeanDeBraye, "x", null, null, null)));
    }
}

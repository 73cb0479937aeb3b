using CityDiplomacy.Engagements;
using CityDiplomacy.Tests.Infrastructure;
using static CityDiplomacy.Tests.Manage.Forms;

namespace CityDiplomacy.Tests.Manage;

/// <summary>The « Action internationale » section of the public commune page.</summary>
public sealed class PublicEngagementsTests
{
    private const string Canary = "CANARY-7f3c";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_commune_page_lists_its_public_engagements_by_kind_and_nothing_internal(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var suspended = Twinning(756634);
        (suspended.Status, suspended.StatusOn, suspended.StatusReason) = ("suspended", "2020-02-14", "Résolution.");
        await app.SeedAsync(SaintJeanDeBraye, suspended);
        await app.SeedAsync(SaintJeanDeBraye, Twinning(3094802, visibility: "internal"));
        await app.SeedAsync(SaintJeanDeBraye, new HonoraryCitizenshipInput
        {
            Person = new PersonInput { Name = "Personne Fictive", Country = "XK", Role = "journaliste" },
            Status = "active", StatusOn = "2022-06-30", CouncilVoteOn = "2022-06-30",
            Deliberations = [new DeliberationInput { Reference = "DCM-2022-050", Date = "2022-06-30" }],
            Situation =
            [
                new SituationInput { On = "2021-01-15", Situation = "detained" },
                new SituationInput { On = "2023-05-01", Situation = "exiled", DayUnknown = true, SourceUrl = "https://example.org/exil" },
            ],
            ConfidentialNotes = Canary, ConfidentialContacts = Canary,
        });
        await app.SeedAsync(NogentSurOise, Twinning(767623));

        var page = await app.GetPageAsync($"/communes/{SaintJeanDeBraye}");

        var section = page.QuerySelector("section[aria-labelledby=action-internationale-titre]")!;
        Assert.Equal("Action internationale", section.QuerySelector("h2")!.TextContent);
        Assert.Equal(["Jumelage", "Citoyenneté d'honneur"], section.QuerySelectorAll("h3").Select(h => h.TextContent));
        var twinning = Normalize(section.QuerySelector("#engagements-twinning + ul li")!.TextContent);
        Assert.Contains("Jumelage avec Tuchów — Tuchów (Pologne, GeoNames 756634)", twinning);
        Assert.Contains("Statut : suspendu", twinning);
        Assert.Contains("depuis le 12 mars 1965", twinning);
        var citizenship = Normalize(section.QuerySelector("#engagements-honorary-citizenship + ul li")!.TextContent);
        Assert.Contains("Personne honorée : Personne Fictive (Kosovo), journaliste", citizenship);
        Assert.Contains("Situation actuelle : en exil (mai 2023)", citizenship);
        Assert.Equal("https://example.org/exil", section.QuerySelector(".situation a")!.GetAttribute("href"));
        Assert.DoesNotContain("Kraków", section.TextContent);
        Assert.DoesNotContain("Kraśnik", section.TextContent);
        Assert.DoesNotContain(Canary, page.DocumentElement.OuterHtml);
    }

    [Fact]
    public async Task A_commune_without_public_engagements_says_so()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        await app.SeedAsync(SaintJeanDeBraye, Twinning(visibility: "internal"));

        var page = await app.GetPageAsync($"/communes/{SaintJeanDeBraye}");

        var section = page.QuerySelector("section[aria-labelledby=action-internationale-titre]")!;
        Assert.Equal("Aucun engagement public enregistré.", section.QuerySelector("p")!.TextContent);
        Assert.Empty(section.QuerySelectorAll("li"));
    }

    [Fact]
    public async Task The_confidential_canary_appears_on_no_public_page()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var officer = await app.OfficerAsync();
        // Through the workspace form, public, as an officer would record it.
        var created = await officer.SubmitAsync($"/espace/communes/{SaintJeanDeBraye}/engagements/nouveau/honorary-citizenship", "form.engagement-form",
            ("person.name", "Personne Fictive"), ("status", "active"), ("statusOn", "2022-06-30"),
            ("deliberations[0].reference", "DCM-2022-050"), ("deliberations[0].date", "2022-06-30"),
            ("confidentialNotes", Canary), ("confidentialContacts", Canary));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, created.StatusCode);
        Assert.Contains(Canary, (await officer.PageAsync(created.Headers.Location!.OriginalString)).DocumentElement.OuterHtml);
        using var anonymous = app.Client();

        string[] publicPages = ["/", "/communes?q=Saint-Jean-de-Braye", $"/communes/{SaintJeanDeBraye}", "/a-propos", "/communes?q=45800"];
        foreach (var url in publicPages)
        {
            var html = await anonymous.GetStringAsync(url);
            Assert.DoesNotContain(Canary, html);
        }
        Assert.Contains("Personne Fictive", await anonymous.GetStringAsync($"/communes/{SaintJeanDeBraye}"));
    }

    private static string Normalize(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

using System.Net;
using CityDiplomacy.Engagements;
using CityDiplomacy.Tests.Infrastructure;
using static CityDiplomacy.Tests.Manage.Forms;

namespace CityDiplomacy.Tests.Manage;

/// <summary>The dashboard, the filtered list and the journal of a commune's register.</summary>
public sealed class RegisterPagesTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_dashboard_counts_by_kind_and_status_and_lists_what_needs_attention(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var undecided = Twinning(756634);
        undecided.Deliberations = null; // active without a deliberation: « à régulariser »
        await app.SeedAsync(SaintJeanDeBraye, undecided);
        var suspended = Twinning(767623);
        (suspended.Status, suspended.StatusOn, suspended.StatusReason) = ("suspended", "2020-02-20", "Résolution anti-LGBT.");
        await app.SeedAsync(SaintJeanDeBraye, suspended);
        await app.SeedAsync(SaintJeanDeBraye, new CooperationProjectInput
        {
            Title = "Eau potable", Partners = [new PartnerInput { GeonameId = 2253354 }], ConventionSignedOn = "2024-02-01",
        });
        await app.SeedAsync(SaintJeanDeBraye, new CooperationProjectInput
        {
            Title = "Convention transmise", Partners = [new PartnerInput { GeonameId = 2253354 }],
            ConventionSignedOn = "2024-02-01", TransmittedToPrefectOn = "2024-02-10",
        });
        await app.SeedAsync(NogentSurOise, Twinning(3094802));
        using var client = await app.OfficerAsync();

        var page = await client.PageAsync($"/espace/communes/{SaintJeanDeBraye}");

        var todo = page.QuerySelectorAll("ul.todo li").Select(li => Normalize(li.TextContent)).ToList();
        Assert.Equal(3, todo.Count);
        Assert.Contains(todo, t => t.StartsWith("Jumelage avec Tuchów") && t.Contains("à régulariser"));
        Assert.Contains(todo, t => t.StartsWith("Jumelage avec Kraśnik") && t.Contains("suspendu") && t.Contains("20 février 2020"));
        Assert.Contains(todo, t => t.StartsWith("Eau potable") && t.Contains("convention non transmise au préfet"));
        var rows = page.QuerySelectorAll("table tbody tr").ToDictionary(r => r.QuerySelector("th")!.TextContent.Trim(),
            r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray());
        Assert.Equal(["0", "1", "0", "1", "0", "0", "2"], rows["jumelage"]);
        Assert.Equal(["2", "0", "0", "0", "0", "0", "2"], rows["coopération décentralisée"]);
        Assert.Equal("4", page.QuerySelector("table tfoot td:last-child")!.TextContent);
        Assert.NotNull(page.QuerySelector("table caption"));
        Assert.Equal(7, page.QuerySelectorAll("a[href^='/espace/communes/45284/engagements/nouveau/']").Length);
    }

    [Fact]
    public async Task The_list_filters_by_kind_status_and_theme_with_a_plain_get_form()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        var kept = Twinning(756634);
        (kept.Status, kept.StatusOn, kept.StatusReason, kept.Themes) = ("suspended", "2020-02-14", "Motif.", ["human-rights"]);
        await app.SeedAsync(SaintJeanDeBraye, kept);
        var otherTheme = Twinning(767623);
        (otherTheme.Status, otherTheme.StatusOn, otherTheme.StatusReason, otherTheme.Themes) = ("suspended", "2020-02-20", "Motif.", ["culture"]);
        await app.SeedAsync(SaintJeanDeBraye, otherTheme);
        await app.SeedAsync(SaintJeanDeBraye, new SummitInput { EventName = "COP28", Themes = ["human-rights"], Visibility = "internal" });
        using var client = await app.OfficerAsync();

        var all = await client.PageAsync($"/espace/communes/{SaintJeanDeBraye}/engagements");
        var form = all.QuerySelector("form.filters")!;
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Equal(["kind", "status", "theme"], form.QuerySelectorAll("select").Select(s => s.GetAttribute("name")));
        Assert.All(form.QuerySelectorAll("select"), s => Assert.NotNull(all.QuerySelector($"label[for='{s.Id}']")));
        Assert.Equal(3, all.QuerySelectorAll("table.register tbody tr").Length);

        var filtered = await client.PageAsync($"/espace/communes/{SaintJeanDeBraye}/engagements?kind=twinning&status=suspended&theme=human-rights");

        var row = Assert.Single(filtered.QuerySelectorAll("table.register tbody tr"));
        Assert.Equal("Jumelage avec Tuchów", row.QuerySelector("th")!.TextContent.Trim());
        Assert.Contains("Tuchów (PL, GeoNames 756634)", row.TextContent);
        Assert.Equal("12 mars 1965", row.QuerySelector("td time[datetime='1965-03-12']")!.TextContent);
        Assert.Equal("selected", filtered.QuerySelector("select#status option[value=suspended]")!.GetAttribute("selected"));
        Assert.Contains("1 engagement(s) affiché(s) sur 3", filtered.QuerySelector("p[role=status]")!.TextContent);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_journal_lists_the_writes_newest_first_with_their_author_and_changed_fields(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var client = await app.OfficerAsync();
        var created = await client.SubmitAsync($"/espace/communes/{SaintJeanDeBraye}/engagements/nouveau/twinning", "form.engagement-form",
            ("partner.geonameId", "3094802"), ("signedOn", "1965-03-12"), ("deliberations[0].reference", "DCM-1965-014"), ("deliberations[0].date", "1965-02-20"));
        var details = created.Headers.Location!.OriginalString;
        await client.SubmitAsync($"{details}/modifier", "form.engagement-form", ("committee.rna", "W452001234"));

        var page = await client.PageAsync($"/espace/communes/{SaintJeanDeBraye}/journal");

        var rows = page.QuerySelectorAll("table.journal tbody tr").ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal($"Accès à la commune : {Officer}", rows[2].QuerySelector("th")!.TextContent.Trim());
        rows = rows[..2];
        Assert.Equal("modification", rows[0].QuerySelectorAll("td")[2].TextContent.Trim());
        Assert.Equal("création", rows[1].QuerySelectorAll("td")[2].TextContent.Trim());
        Assert.All(rows, r => Assert.Equal(Officer, r.QuerySelectorAll("td")[1].TextContent.Trim()));
        Assert.Equal("système", page.QuerySelectorAll("table.journal tbody tr")[2].QuerySelectorAll("td")[1].TextContent.Trim());
        Assert.Equal(details, rows[0].QuerySelector("th a")!.GetAttribute("href"));
        var changes = rows[0].QuerySelectorAll("dl.changes dt").Select(dt => dt.TextContent.Trim()).ToList();
        Assert.Equal(["committeeRna"], changes);
        Assert.Equal("W452001234", rows[0].QuerySelector("dl.changes dd ins")!.TextContent);
        Assert.NotNull(page.QuerySelector("table.journal caption"));
    }

    [Fact]
    public async Task The_journal_is_paginated()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var client = await app.OfficerAsync(); // its assignment to the commune is the first entry
        var id = await app.SeedAsync(SaintJeanDeBraye, Twinning());
        await using (var db = app.OpenDb())
        {
            var engagement = await db.Engagements.FindAsync(id);
            for (var i = 1; i <= 30; i++)
            {
                engagement!.SetNotes($"Note {i}");
                await db.SaveChangesAsync();
            }
        }

        var first = await client.PageAsync($"/espace/communes/{SaintJeanDeBraye}/journal");
        var second = await client.PageAsync($"/espace/communes/{SaintJeanDeBraye}/journal?page=2");

        Assert.Equal(30, first.QuerySelectorAll("table.journal tbody tr").Length);
        Assert.Equal("Note 30", first.QuerySelector("table.journal tbody tr dd ins")!.TextContent);
        Assert.Equal("?page=2", first.QuerySelector("nav.pagination a[rel=next]")!.GetAttribute("href"));
        var oldest = second.QuerySelectorAll("table.journal tbody tr").Select(r => r.QuerySelector("th")!.TextContent.Trim()).ToList();
        Assert.Equal(["Jumelage avec Kraków", $"Accès à la commune : {Officer}"], oldest);
        Assert.Null(second.QuerySelector("nav.pagination a[rel=next]"));
    }

    [Fact]
    public async Task The_details_page_shows_the_timeline_and_the_confidential_fields_to_an_officer()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        var id = await app.SeedAsync(SaintJeanDeBraye, new HonoraryCitizenshipInput
        {
            Person = new PersonInput { Name = "Personne Fictive", Country = "XK", Role = "journaliste" },
            CouncilVoteOn = "2022-06-30", ConfidentialNotes = "CANARY-7f3c",
            Deliberations = [new DeliberationInput { Reference = "DCM-2022-050", Date = "2022-06-30", Subject = "Citoyenneté d'honneur" }],
            Situation =
            [
                new SituationInput { On = "2021-01-15", Situation = "detained", SourceUrl = "https://example.org/arrestation" },
                new SituationInput { On = "2023-05-02", Situation = "released", Summary = "Libération" },
            ],
        });
        using var client = await app.OfficerAsync();

        var page = await client.PageAsync($"/espace/engagements/{id}");

        var timeline = page.QuerySelectorAll("ol.timeline li").Select(li => Normalize(li.TextContent)).ToList();
        Assert.Equal(4, timeline.Count);
        Assert.StartsWith("15 janvier 2021 — Situation de la personne : détenu ou détenue", timeline[0]);
        Assert.Contains("source", timeline[0]);
        Assert.StartsWith("30 juin 2022 — Délibération DCM-2022-050", timeline.Single(t => t.Contains("Délibération")));
        Assert.StartsWith("2 mai 2023 — Situation de la personne : libéré ou libérée — Libération", timeline[3]);
        Assert.Equal("Confidentiel — jamais publié", page.QuerySelector("section.confidential h2")!.TextContent);
        Assert.Contains("CANARY-7f3c", page.QuerySelector("section.confidential")!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/espace/engagements/{Guid.NewGuid()}")).StatusCode);
    }

    private static string Normalize(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

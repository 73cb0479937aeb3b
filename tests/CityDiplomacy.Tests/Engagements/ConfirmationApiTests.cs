using System.Net;
using CityDiplomacy.Accounts;
using CityDiplomacy.Engagements;
using CityDiplomacy.OpenData;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CityDiplomacy.Tests.Engagements.RegisterApi;

namespace CityDiplomacy.Tests.Engagements;

/// <summary>
/// A record a national directory reported: shown as « signalé » with its source and « non confirmé par la commune »,
/// confirmed or dismissed by the commune through the API and the workspace, never over-stated in public.
/// </summary>
public sealed class ConfirmationApiTests
{
    private const string Wikipedia = "Wikipédia, villes jumelles (CC BY-SA 4.0) : wikipedia_twin_cities_2026.csv";

    /// <summary>A public twinning of Saint-Jean-de-Braye with Kraków as the directory import creates it.</summary>
    private static async Task<string> SeedReportedAsync(TestApp app)
    {
        await using var db = app.OpenDb();
        var twinning = new Twinning(Commune, "Jumelage avec Kraków");
        twinning.ReplacePartners([new EngagementPartner
        {
            Kind = PartnerKind.Place, GeonameId = KrakowGeonameId, Name = "Kraków", CountryCode = "PL", Latitude = 50.06, Longitude = 19.94,
        }]);
        twinning.Start(EngagementStatus.Reported, on: null);
        twinning.SetProvenance(Wikipedia, "abc123", "ligne 42", Provenance.Directory);
        db.Engagements.Add(twinning);
        await db.SaveChangesAsync();
        return twinning.Id.ToString();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_officer_confirms_a_reported_twinning_which_becomes_the_communes_and_shows_active_in_public(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var id = await SeedReportedAsync(app);
        using var officer = await app.OfficerAsync();
        using var anonymous = app.Client();

        var before = await JsonAsync(await anonymous.GetAsync($"/api/engagements/{id}"));
        Assert.Equal(("reported", "directory"), (before.At("status"), before.At("provenance")));
        Assert.Equal(SourceLicences.WikipediaListUrl, before.At("sourceUrl"));
        var list = await JsonAsync(await anonymous.GetAsync($"/api/communes/{Commune}/engagements"));
        Assert.Equal("directory", list.EnumerateArray().Single().At("provenance"));
        var page = await app.GetPageAsync($"/communes/{Commune}");
        var line = page.QuerySelector("ul.engagements li")!.TextContent;
        Assert.Contains("Statut : signalé", line);
        Assert.Contains("D'après Wikipédia (liste des villes jumelles, CC BY-SA 4.0) — non confirmé par la commune", line);
        Assert.DoesNotContain("actif", line);
        Assert.Contains("Pologne", page.QuerySelector("table.links-table tbody")!.TextContent);
        var csv = await (await anonymous.GetAsync($"/api/communes/{Commune}/engagements.csv")).Content.ReadAsStringAsync();
        Assert.Contains(";directory;" + Wikipedia + ";" + SourceLicences.WikipediaListUrl + ";", csv);

        var confirmed = await JsonAsync(await officer.PostJsonAsync($"/api/engagements/{id}/confirm", new
        {
            status = "active", signedOn = "1990-06-02", deliberation = new { reference = "DCM-1990-12", date = "1990-05-10" }, note = "Vérifié aux archives.",
        }));
        Assert.Equal(("active", "commune"), (confirmed.At("status"), confirmed.At("provenance")));
        Assert.Equal("1990-06-02", confirmed.At("signedOn"));
        Assert.Equal("DCM-1990-12", confirmed.At("deliberations.0.reference"));
        Assert.Equal(Wikipedia, confirmed.At("sources.0.name"));
        Assert.Equal("false", confirmed.At("awaitingRegularisation"));

        await using (var db = app.OpenDb())
        {
            var audit = await db.AuditEntries.AsNoTracking().Where(a => a.EntityId == id).OrderBy(a => a.Id).ToListAsync();
            Assert.Contains(audit, a => a.Action == "updated" && a.ActorName == "officer@45284.fr");
        }
        page = await app.GetPageAsync($"/communes/{Commune}");
        line = page.QuerySelector("ul.engagements li")!.TextContent;
        Assert.Contains("Statut : actif", line);
        Assert.Contains("Confirmé par la commune", line);
        Assert.DoesNotContain("non confirmé", line);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Confirm_and_dismiss_refuse_with_422_naming_the_field_and_change_nothing(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var id = await SeedReportedAsync(app);
        using var officer = await app.OfficerAsync();
        var url = $"/api/engagements/{id}";
        var etag = await officer.ETagAsync(id);

        await ProblemAsync(await officer.PostJsonAsync(url + "/confirm", new { status = "proposed" }), HttpStatusCode.UnprocessableEntity, "status");
        await ProblemAsync(await officer.PostJsonAsync(url + "/confirm", new { status = "ended" }), HttpStatusCode.UnprocessableEntity, "note");
        await ProblemAsync(await officer.PostJsonAsync(url + "/confirm", new { status = "active", signedOn = "2999-01-01" }),
            HttpStatusCode.UnprocessableEntity, "signedOn");
        await ProblemAsync(await officer.PostJsonAsync(url + "/confirm", new { status = "active", deliberation = new { reference = "D-1", date = "2999-01-01" } }),
            HttpStatusCode.UnprocessableEntity, "deliberation.date");
        await ProblemAsync(await officer.PostJsonAsync(url + "/confirm", new { status = "actif" }), HttpStatusCode.BadRequest, "status");
        await ProblemAsync(await officer.PostJsonAsync(url + "/dismiss", new { reason = " " }), HttpStatusCode.UnprocessableEntity, "reason");
        Assert.Equal(etag, await officer.ETagAsync(id));

        var dismissed = await JsonAsync(await officer.PostJsonAsync(url + "/dismiss", new { reason = "Ce jumelage n'existe plus depuis 2001." }));
        Assert.Equal("Ce jumelage n'existe plus depuis 2001.", dismissed.At("dismissed.reason"));
        Assert.Equal("reported", dismissed.At("status"));

        using var anonymous = app.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(url)).StatusCode);
        Assert.Empty((await JsonAsync(await anonymous.GetAsync($"/api/communes/{Commune}/engagements"))).EnumerateArray());
        Assert.DoesNotContain("Kraków", await (await anonymous.GetAsync($"/communes/{Commune}")).Content.ReadAsStringAsync());
        Assert.DoesNotContain("Kraków", await (await anonymous.GetAsync($"/api/communes/{Commune}/engagements.json")).Content.ReadAsStringAsync());
        Assert.DoesNotContain("Kraków", await (await anonymous.GetAsync("/api/engagements.csv")).Content.ReadAsStringAsync());
        Assert.Equal(0, (await JsonAsync(await anonymous.GetAsync("/api/national"))).GetProperty("twinnings").GetInt32());
        // Kept, with its reason, for the commune.
        Assert.Equal("Ce jumelage n'existe plus depuis 2001.", (await JsonAsync(await officer.GetAsync(url))).At("dismissed.reason"));

        // Confirmed, it is the commune's: neither confirmed again nor dismissed.
        await JsonAsync(await officer.PostJsonAsync(url + "/confirm", new { status = "dormant" }));
        await ProblemAsync(await officer.PostJsonAsync(url + "/confirm", new { status = "active" }), HttpStatusCode.UnprocessableEntity, "provenance");
        await ProblemAsync(await officer.PostJsonAsync(url + "/dismiss", new { reason = "non" }), HttpStatusCode.UnprocessableEntity, "provenance");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Anonymous_gets_401_and_an_officer_of_another_commune_403_for_confirm_and_dismiss(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var id = await SeedReportedAsync(app);
        using var officer = await app.OfficerAsync();
        using var other = await app.ClientAsync("officer@75056.fr", Roles.Officer, OtherCommune);
        using var viewer = await app.ClientAsync("viewer@45284.fr", Roles.Viewer, Commune);
        using var anonymous = app.Client();
        var etag = await officer.ETagAsync(id);

        foreach (var (action, body) in new (string, object)[] { ("confirm", new { status = "active" }), ("dismiss", new { reason = "n'existe plus" }) })
        {
            await ProblemAsync(await anonymous.PostJsonAsync($"/api/engagements/{id}/{action}", body), HttpStatusCode.Unauthorized);
            await ProblemAsync(await other.PostJsonAsync($"/api/engagements/{id}/{action}", body), HttpStatusCode.Forbidden);
            await ProblemAsync(await viewer.PostJsonAsync($"/api/engagements/{id}/{action}", body), HttpStatusCode.Forbidden);
        }
        Assert.Equal(etag, await officer.ETagAsync(id));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Editing_a_reported_twinning_confirms_it(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var id = await SeedReportedAsync(app);
        using var officer = await app.OfficerAsync();

        var response = await officer.PutJsonAsync($"/api/engagements/{id}",
            new { partner = new { geonameId = KrakowGeonameId }, title = "Jumelage avec Kraków (1990)" }, await officer.ETagAsync(id));

        var edited = await JsonAsync(response);
        Assert.Equal(("commune", "active"), (edited.At("provenance"), edited.At("status")));
    }

    /// <summary>
    /// A twinning of Saint-Jean-de-Braye with Sambreville as the directory import keeps a partner that no GeoNames place
    /// matches: the directory's name, country, coordinates and Wikidata item, no GeoNames id.
    /// </summary>
    private static async Task<string> SeedReportedFromSourceCoordinatesAsync(TestApp app)
    {
        await using var db = app.OpenDb();
        var twinning = new Twinning(Commune, "Jumelage avec Sambreville");
        twinning.ReplacePartners([new EngagementPartner
        {
            Kind = PartnerKind.Place, Name = "Sambreville", CountryCode = "BE", Latitude = 50.4386, Longitude = 4.6247, WikidataId = "Q217015",
        }]);
        twinning.Start(EngagementStatus.Reported, on: null);
        twinning.SetProvenance(Wikipedia, "abc123", "ligne 7", Provenance.Directory);
        db.Engagements.Add(twinning);
        await db.SaveChangesAsync();
        return twinning.Id.ToString();
    }

    private static async Task AssertKeptFromSourceAsync(TestApp app, string id)
    {
        await using var db = app.OpenDb();
        var twinning = await db.Engagements.AsNoTracking().SingleAsync(e => e.Id == Guid.Parse(id));
        Assert.Equal(Provenance.Commune, twinning.Provenance);
        var partner = Assert.Single(twinning.Partners);
        Assert.Equal(("Sambreville", "BE", (int?)null, 50.4386, 4.6247, "Q217015"),
            (partner.Name, partner.CountryCode, partner.GeonameId, partner.Latitude, partner.Longitude, partner.WikidataId));
        Assert.True(partner.LocatedBySource);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Editing_through_the_API_a_reported_twinning_whose_partner_is_located_by_its_source_keeps_the_partner(string provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var id = await SeedReportedFromSourceCoordinatesAsync(app);
        using var officer = await app.OfficerAsync();
        var details = await JsonAsync(await officer.GetAsync($"/api/engagements/{id}"));

        // The partner as the client reads it back: its name and country (no GeoNames place has that name).
        var response = await officer.PutJsonAsync($"/api/engagements/{id}",
            new { partner = new { name = details.At("partners.0.name"), country = details.At("partners.0.countryCode") }, title = "Jumelage avec Sambreville (1972)" },
            await officer.ETagAsync(id));

        var edited = await JsonAsync(response);
        Assert.Equal(("commune", "active"), (edited.At("provenance"), edited.At("status")));
        Assert.Equal(("50.4386", "4.6247", null), (edited.At("partners.0.latitude"), edited.At("partners.0.longitude"), edited.At("partners.0.geonameId")));
        await AssertKeptFromSourceAsync(app, id);

        // Another name is resolved as usual: refused when no place has it, naming the field.
        await ProblemAsync(await officer.PutJsonAsync($"/api/engagements/{id}", new { partner = new { name = "Sambrevile-Nord", country = "BE" } },
            await officer.ETagAsync(id)), HttpStatusCode.UnprocessableEntity, "partner");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Editing_in_the_workspace_a_reported_twinning_whose_partner_is_located_by_its_source_keeps_the_partner(string provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var id = await SeedReportedFromSourceCoordinatesAsync(app);
        using var officer = await Manage.Forms.OfficerAsync(app);

        var response = await Manage.Forms.SubmitAsync(officer, $"/espace/engagements/{id}/modifier", "form.engagement-form",
            ("notes", "Vérifié aux archives."));

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        await AssertKeptFromSourceAsync(app, id);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_home_figures_and_their_json_separate_confirmed_from_reported_twinnings(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await SeedReportedAsync(app);
        using var officer = await app.OfficerAsync();
        await officer.CreateAsync("twinnings", IssueTwinning(new { geonameId = KrakowGeonameId }));

        using var anonymous = app.Client();
        var figures = await JsonAsync(await anonymous.GetAsync("/api/national"));
        Assert.Equal(2, figures.GetProperty("twinnings").GetInt32());
        Assert.Equal(1, figures.GetProperty("reportedTwinnings").GetInt32());
        Assert.Equal(1, figures.GetProperty("confirmedTwinnings").GetInt32());
        Assert.Equal(1, figures.GetProperty("activeTwinnings").GetInt32());
        Assert.Equal(1, figures.GetProperty("communesWithTwinning").GetInt32());

        var page = await app.GetPageAsync("/");
        var items = page.QuerySelectorAll("ul.national-figures li").Select(li => string.Join(' ', li.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).ToList();
        Assert.Contains("1 jumelages confirmés par les communes : 1 actifs, 0 en sommeil, 0 suspendus, 0 terminés", items);
        Assert.Contains("1 jumelages signalés par des annuaires nationaux, non confirmés par les communes (sans statut connu)", items);
    }

    /// <summary>
    /// The commune's own paperwork (deliberation-missing) is internal: its canary, the rule's explanation, appears for the
    /// commune's officer and nowhere public — page, feed, API, export of every scope, home figures.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_internal_deliberation_missing_flag_is_absent_from_every_public_page_feed_and_export(string provider)
    {
        const string canary = "sans la délibération du conseil municipal qui doit le fonder";
        await using var app = await TestApp.SharedAsync(provider);
        using var officer = await app.OfficerAsync();
        // Active, entered by the commune, without its deliberation: the rule fires (screened after the write).
        await officer.CreateAsync("twinnings", new { partner = new { geonameId = KrakowGeonameId }, status = "active", visibility = "public" });

        var internalView = await (await officer.GetAsync($"/api/communes/{Commune}/screening")).Content.ReadAsStringAsync();
        Assert.Contains("deliberation-missing", internalView);
        Assert.Contains(canary, internalView);
        Assert.Contains("\"audience\":\"internal\"", internalView);

        using var anonymous = app.Client();
        var registry = app.Services.GetRequiredService<OpenDataRegistry>();
        var urls = new List<string>
        {
            "/", $"/communes/{Commune}", "/pays/PL", "/donnees", "/api/national", $"/api/communes/{Commune}",
            $"/api/communes/{Commune}/engagements", $"/api/communes/{Commune}/screening", $"/api/communes/{Commune}/screening/feed",
        };
        urls.AddRange(registry.For(ExportScope.Commune).Select(x => x.Url(ExportScope.Commune, Commune)));
        urls.AddRange(registry.For(ExportScope.Country).Select(x => x.Url(ExportScope.Country, "PL")));
        urls.AddRange(registry.For(ExportScope.Nation).Select(x => x.Url(ExportScope.Nation, null)));
        // Files that may have nothing valid to publish (SCDL without the commune's SIRET, IATI without a project that has
        // a sector, a calendar without an event) answer a 404 problem.
        var mayBeEmpty = registry.Exports.Where(x => x.IsAvailable is not null || x.HasContent is not null)
            .SelectMany(x => x.Scopes.Select(scope => x.Url(scope, scope == ExportScope.Commune ? Commune : scope == ExportScope.Country ? "PL" : null)))
            .ToHashSet();
        foreach (var url in urls)
        {
            var response = await anonymous.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode || (mayBeEmpty.Contains(url) && response.StatusCode == System.Net.HttpStatusCode.NotFound),
                $"{url}: {(int)response.StatusCode}");
            Assert.DoesNotContain(canary, body);
            Assert.DoesNotContain("deliberation-missing", body);
            Assert.DoesNotContain("élibération manquante", body);
            Assert.DoesNotContain("à régulariser", body);
        }
        // A fact, stated neutrally, on the public page.
        var page = await app.GetPageAsync($"/communes/{Commune}");
        Assert.Contains("Délibération : non publiée", page.QuerySelector("ul.engagements")!.TextContent);
        Assert.Equal(0, (await JsonAsync(await anonymous.GetAsync("/api/national"))).GetProperty("flaggedEngagements").GetInt32());
    }
}

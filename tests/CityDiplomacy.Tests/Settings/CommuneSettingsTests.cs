using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CityDiplomacy.Accounts;
using CityDiplomacy.Settings;
using CityDiplomacy.Tests.Infrastructure;
using CityDiplomacy.Tests.Manage;
using Microsoft.EntityFrameworkCore;
using static CityDiplomacy.Tests.Engagements.RegisterApi;

namespace CityDiplomacy.Tests.Settings;

/// <summary>The commune's reporting settings through the API and the workspace page, on both databases.</summary>
public sealed class CommuneSettingsTests
{
    private const string Url = $"/api/communes/{Commune}/settings";
    private const string BrayeSiret = "21450284100015";

    private static object Body(string siret, string? iati = null, object? contact = null) =>
        new { siret, iatiOrganisationId = iati, reportingContact = contact };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Only_an_officer_of_the_commune_or_an_administrator_reads_and_writes_the_settings(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var anonymous = app.Client();
        using var viewer = await app.ClientAsync("viewer@45284.fr", Roles.Viewer, Commune);
        using var other = await app.ClientAsync("officer@75056.fr", Roles.Officer, OtherCommune);
        using var officer = await app.OfficerAsync();
        using var administrator = await app.ClientAsync("admin@example.fr", Roles.Administrator);

        await ProblemAsync(await anonymous.GetAsync(Url), HttpStatusCode.Unauthorized);
        await ProblemAsync(await anonymous.PutJsonAsync(Url, Body(BrayeSiret), null), HttpStatusCode.Unauthorized);
        await ProblemAsync(await other.GetAsync(Url), HttpStatusCode.Forbidden);
        await ProblemAsync(await other.PutJsonAsync(Url, Body(BrayeSiret), null), HttpStatusCode.Forbidden);
        await ProblemAsync(await viewer.PutJsonAsync(Url, Body(BrayeSiret), null), HttpStatusCode.Forbidden);
        await ProblemAsync(await officer.GetAsync("/api/communes/99999/settings"), HttpStatusCode.NotFound);

        var empty = await JsonAsync(await officer.GetAsync(Url));
        Assert.Equal(0, empty.GetProperty("version").GetInt32());
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("siret").ValueKind);
        Assert.Equal("FR-RCS-214502841", empty.GetProperty("suggestedIatiOrganisationId").GetString());
        var saved = await JsonAsync(await administrator.PutJsonAsync(Url, Body(BrayeSiret), null));
        Assert.Equal(BrayeSiret, saved.GetProperty("siret").GetString());
        Assert.Equal(BrayeSiret, (await JsonAsync(await officer.GetAsync(Url))).GetProperty("siret").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_bad_siret_or_identifier_is_a_422_naming_the_field_and_nothing_is_saved(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var officer = await app.OfficerAsync();

        foreach (var siret in new[] { "", "2145028410001", "2145028410001A", "21450284100010", "21750001600019" })
            await ProblemAsync(await officer.PutJsonAsync(Url, Body(siret), null), HttpStatusCode.UnprocessableEntity, "siret");
        foreach (var id in new[] { "FR-INSEE-214502841", "FR-SIREN-214502841", "FR-RCS-", "FR-RCS 214502841" })
            await ProblemAsync(await officer.PutJsonAsync(Url, Body(BrayeSiret, id), null), HttpStatusCode.UnprocessableEntity, "iatiOrganisationId");
        var contact = await ProblemAsync(await officer.PutJsonAsync(Url, Body(BrayeSiret, null, new { name = "", role = "RI", email = "pas-une-adresse" }), null),
            HttpStatusCode.UnprocessableEntity);
        Assert.True(contact.GetProperty("errors").TryGetProperty("reportingContact.name", out _));
        Assert.True(contact.GetProperty("errors").TryGetProperty("reportingContact.email", out _));

        await using var db = app.OpenDb();
        Assert.False(await db.CommuneSettings.AnyAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_save_is_audited_and_a_stale_put_is_a_409(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var officer = await app.OfficerAsync();

        var created = await officer.PutJsonAsync(Url,
            Body(" 214 502 841 00015 ", "FR-RCS-214502841", new { name = "Camille Martin", role = "chargée des relations internationales", email = "ri@saint-jean-de-braye.fr" }), "\"0\"");
        var first = await JsonAsync(created);
        Assert.Equal("\"1\"", created.ETag());
        Assert.Equal(BrayeSiret, first.GetProperty("siret").GetString());
        Assert.Equal("Camille Martin", first.At("reportingContact.name"));

        var audit = await JsonAsync(await officer.GetAsync($"/api/communes/{Commune}/audit"));
        var entry = audit.EnumerateArray().First(a => a.GetProperty("entityType").GetString() == nameof(CommuneSettings));
        Assert.Equal(("created", Commune), (entry.GetProperty("action").GetString(), entry.GetProperty("entityId").GetString()));
        Assert.Equal(BrayeSiret, entry.GetProperty("after").GetProperty("siret").GetString());

        // Another save since version 1 was read: a PUT still naming version 1 (If-Match or body) changes nothing.
        var second = await officer.PutJsonAsync(Url, Body(BrayeSiret, "XI-WIKIDATA-Q211052"), "\"1\"");
        Assert.Equal("\"2\"", second.ETag());
        var stale = await ProblemAsync(await officer.PutJsonAsync(Url, Body(BrayeSiret), "\"1\""), HttpStatusCode.Conflict);
        Assert.Equal(2, stale.GetProperty("currentVersion").GetInt32());
        await ProblemAsync(await officer.PutJsonAsync(Url, new { siret = BrayeSiret, version = 1 }, null), HttpStatusCode.Conflict);
        var current = await officer.GetAsync(Url);
        Assert.Equal("\"2\"", current.ETag());
        Assert.Equal("XI-WIKIDATA-Q211052", (await JsonAsync(current)).GetProperty("iatiOrganisationId").GetString());

        var updates = (await JsonAsync(await officer.GetAsync($"/api/communes/{Commune}/audit"))).EnumerateArray()
            .Where(a => a.GetProperty("entityType").GetString() == nameof(CommuneSettings)).ToList();
        Assert.Equal(["updated", "created"], updates.Select(a => a.GetProperty("action").GetString()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_settings_page_saves_through_its_form_with_the_antiforgery_token(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var officer = await app.OfficerAsync(Forms.Officer);
        const string page = $"/espace/communes/{Commune}/parametres";

        var dashboard = await officer.PageAsync($"/espace/communes/{Commune}");
        Assert.NotNull(dashboard.QuerySelector($"a[href='{page}']"));

        var refused = await officer.SubmitAsync(page, "#parametres", ("siret", "21450284100010"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var errors = await refused.ParseAsync();
        Assert.NotNull(errors.QuerySelector(".error-summary a[href='#siret']"));
        Assert.Contains("Luhn", Forms.ErrorOf(errors, "siret"), StringComparison.Ordinal);

        var saved = await officer.SubmitAsync(page, "#parametres", ("siret", BrayeSiret), ("iatiOrganisationId", "FR-RCS-214502841"),
            ("reportingContact.name", "Camille Martin"), ("reportingContact.email", "ri@saint-jean-de-braye.fr"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var form = (await officer.PageAsync(page)).QuerySelector<IHtmlFormElement>("#parametres")!;
        Assert.Equal(BrayeSiret, form.QuerySelector<IHtmlInputElement>("#siret")!.Value);
        Assert.Equal("1", form.QuerySelector<IHtmlInputElement>("input[name=version]")!.Value);

        var journal = await officer.PageAsync($"/espace/communes/{Commune}/journal");
        Assert.NotNull(journal.QuerySelector($"table.journal a[href='{page}']"));

        // Without the antiforgery token the post is refused and nothing changes.
        var forged = await officer.PostAsync(page, new FormUrlEncodedContent([new("siret", "21450284100015"), new("version", "1"), new("iatiOrganisationId", "")]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        await using var db = app.OpenDb();
        Assert.Equal("FR-RCS-214502841", (await db.CommuneSettings.SingleAsync()).IatiOrganisationId);

        // Another officer's page is refused.
        using var other = await app.OfficerAsync("ri@paris.fr", OtherCommune);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(page)).StatusCode);
    }
}

using System.Net;
using CityDiplomacy.Accounts;
using CityDiplomacy.Tests.Infrastructure;
using static CityDiplomacy.Tests.Engagements.RegisterApi;

namespace CityDiplomacy.Tests.Engagements;

/// <summary>The anonymous API shows what the open-data exports publish, and no more.</summary>
public sealed class PublicFieldsTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Anonymous_readers_get_no_notes_nor_officers_while_the_commune_gets_them(string provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var officer = await app.OfficerAsync();
        var created = await officer.CreateAsync("twinnings", new
        {
            partner = new { geonameId = KrakowGeonameId },
            signedOn = "1965-03-12",
            notes = "Observations " + Canary,
            responsibleOfficer = "Agent " + Canary,
            responsibleOfficial = "Élu " + Canary,
            activities = new[] { new { on = "1966-07-01", kind = "visite", description = "Visite " + Canary } },
        });
        var url = $"/api/engagements/{created.Id()}";

        using var anonymous = app.Client();
        using var otherOfficer = await app.ClientAsync("officer@75056.fr", Roles.Officer, OtherCommune);
        foreach (var outsider in new[] { anonymous, otherOfficer })
        {
            var response = await outsider.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(Canary, text);
            Assert.Contains("Kraków", text);
        }
        using var viewer = await app.ClientAsync("viewer@45284.fr", Roles.Viewer, Commune);
        foreach (var insider in new[] { officer, viewer })
        {
            var read = await JsonAsync(await insider.GetAsync(url));
            Assert.Equal("Observations " + Canary, read.At("notes"));
            Assert.Equal("Agent " + Canary, read.At("responsibleOfficer"));
        }

        // Every field the anonymous API shows is published by the JSON export too (the same text, at least).
        var export = await anonymous.GetStringAsync($"/api/communes/{Commune}/engagements.json");
        Assert.DoesNotContain(Canary, export);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bidi_overrides_are_stored_but_never_written_in_a_page(string provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var officer = await app.OfficerAsync();
        await officer.CreateAsync("twinnings", new { partner = new { geonameId = KrakowGeonameId }, title = "Jumelage \u202Egnp.exe \u2066isolé\u2069" });

        using var anonymous = app.Client();
        var html = await anonymous.GetStringAsync($"/communes/{Commune}");
        Assert.Contains("gnp.exe", html);
        foreach (var mark in new[] { "\u202E", "\u2066", "\u2069", "&#x202E;", "&#x2066;", "&#x2069;" })
            Assert.DoesNotContain(mark, html, StringComparison.OrdinalIgnoreCase);
        var csv = await anonymous.GetStringAsync($"/api/communes/{Commune}/engagements.csv");
        Assert.Contains("gnp.exe", csv);
        Assert.DoesNotContain("\u202E", csv, StringComparison.Ordinal);
    }
}

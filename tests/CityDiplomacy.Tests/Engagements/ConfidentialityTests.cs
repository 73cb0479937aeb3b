using System.Net;
using CityDiplomacy.Accounts;
using CityDiplomacy.Auditing;
using CityDiplomacy.Engagements;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static CityDiplomacy.Tests.Engagements.RegisterApi;

namespace CityDiplomacy.Tests.Engagements;

/// <summary>The confidential notes and contacts of an honorary citizenship are written through the API and never read back.</summary>
public sealed class ConfidentialityTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_confidential_canary_never_appears_in_any_api_response(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var officer = await app.OfficerAsync();
        using var viewer = await app.ClientAsync("viewer@45284.fr", Roles.Viewer, Commune);
        using var admin = await app.ClientAsync("admin@example.fr", Roles.Administrator);
        using var anonymous = app.Client();
        var bodies = new List<(string What, string Body)>();

        async Task<string> Read(string what, HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"{what}: {(int)response.StatusCode} {body}");
            bodies.Add((what, body));
            return body;
        }

        var created = await officer.PostJsonAsync($"/api/communes/{Commune}/honorary-citizenships", Creation("honorary-citizenships"));
        await Read("POST", created, HttpStatusCode.Created);
        var id = (await JsonAsync(await officer.GetAsync($"/api/communes/{Commune}/engagements"))).EnumerateArray().Single().Id();
        var url = $"/api/engagements/{id}";

        var put = await officer.PutJsonAsync(url, new
        {
            person = new { name = "Personne Fictive des Tests", country = "BY" },
            notes = "Notes publiques",
            confidentialNotes = "Nouvelles notes " + Canary,
        }, "\"1\"");
        await Read("PUT", put);
        await Read("suspend", await officer.PostJsonAsync($"{url}/suspend", new { reason = "Motif", on = "2024-01-01" }));
        var refused = await officer.PutJsonAsync(url, new { person = new { name = "" }, confidentialContacts = Canary }, "\"3\"");
        await Read("PUT refused", refused, HttpStatusCode.BadRequest);

        foreach (var (who, client) in new[] { ("anonymous", anonymous), ("viewer", viewer), ("officer", officer), ("administrator", admin) })
        {
            await Read($"GET list as {who}", await client.GetAsync($"/api/communes/{Commune}/engagements"));
            await Read($"GET one as {who}", await client.GetAsync(url));
        }
        foreach (var (who, client) in new[] { ("viewer", viewer), ("officer", officer), ("administrator", admin) })
        {
            var audit = await Read($"audit as {who}", await client.GetAsync($"/api/communes/{Commune}/audit"));
            Assert.Contains(AuditInterceptor.Masked, audit);
        }

        Assert.All(bodies, b => Assert.False(b.Body.Contains(Canary, StringComparison.Ordinal), $"{b.What} shows the canary: {b.Body}"));
        Assert.All(bodies.Where(b => b.What.StartsWith("GET one", StringComparison.Ordinal)), b => Assert.DoesNotContain("confidential", b.Body, StringComparison.OrdinalIgnoreCase));

        // Stored all the same, and kept when a change leaves them out.
        await using var db = app.OpenDb();
        var citizenship = await db.Engagements.OfType<HonoraryCitizenship>().SingleAsync();
        Assert.Equal("Nouvelles notes " + Canary, citizenship.ConfidentialNotes);
        Assert.Equal("Contact " + Canary, citizenship.ConfidentialContacts);
    }
}

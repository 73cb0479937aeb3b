using System.Net;
using System.Text;
using CityDiplomacy.Engagements;
using CityDiplomacy.Tests.Infrastructure;
using static CityDiplomacy.Tests.Engagements.RegisterApi;

namespace CityDiplomacy.Tests.Engagements;

/// <summary>
/// Text, dates, amounts and lists at the API's boundary: refused naming the field (422), never stored, never a 500.
/// </summary>
public sealed class InputBoundaryTests
{
    [Theory]
    [InlineData("Jumelage\u0000avec Kraków")]
    [InlineData("Jumelage\u0007avec Kraków")]
    [InlineData("Jumelage\u001Bavec Kraków")]
    [InlineData("Jumelage\u0085avec Kraków")]
    [InlineData("Jumelage\u007Favec Kraków")]
    [InlineData("Jumelage\ravec Kraków")]
    public void The_text_rule_refuses_control_characters_naming_the_field(string title)
    {
        var refused = Assert.Throws<DomainRuleException>(() => TextRule.Check(title, "title"));
        Assert.Equal("title", refused.Field);
        Assert.Contains("U+", refused.Message);
    }

    [Theory]
    [InlineData("Ligne 1\nLigne 2\tfin")]
    [InlineData("Ligne 1\r\nLigne 2")]
    [InlineData("Kraków 🇵🇱 \u202Eevil")]
    public void The_text_rule_accepts_tabs_line_breaks_emoji_and_bidi(string text) => TextRule.Check(text, "notes");

    [Fact]
    public void A_lone_surrogate_is_refused_and_stripped_from_a_file()
    {
        Assert.Throws<DomainRuleException>(() => TextRule.Check("a\uD800b", "title"));
        Assert.Throws<DomainRuleException>(() => TextRule.Check("a\uDC00", "title"));
        Assert.Equal("ab\n c", TextRule.Strip("a\u0000\uD800b\r c\u0001", out var removed));
        Assert.Equal(3, removed);
        Assert.Equal("abc", TextRule.ForDisplay("a\u202Eb\u2066c"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_control_character_in_any_text_of_the_body_is_a_422_naming_the_field_and_nothing_is_saved(string provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var officer = await app.OfficerAsync();
        var bodies = new (object Body, string Field)[]
        {
            (new { partner = new { geonameId = KrakowGeonameId }, title = "Jumelage\u0000" }, "title"),
            (new { partner = new { geonameId = KrakowGeonameId }, notes = "a\u0001b" }, "notes"),
            (new { partner = new { geonameId = KrakowGeonameId }, committee = new { name = "Comité\u001F" } }, "committee.name"),
            (new { partner = new { geonameId = KrakowGeonameId }, activities = new[] { new { on = "2020-01-01", kind = "visite", description = "x\u0008y" } } },
                "activities[0].description"),
            (new { partner = new { geonameId = KrakowGeonameId }, deliberation = new { reference = "DCM\u0002", date = "2020-01-01" } },
                "deliberation.reference"),
        };
        foreach (var (body, field) in bodies)
            await ProblemAsync(await officer.PostJsonAsync($"/api/communes/{Commune}/twinnings", body), HttpStatusCode.UnprocessableEntity, field);

        await using var db = app.OpenDb();
        Assert.Empty(db.Engagements);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_lone_surrogate_escaped_in_json_is_a_clear_400(string provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var officer = await app.OfficerAsync();
        foreach (var json in new[]
                 {
                     """{ "partner": { "geonameId": 3094802 }, "title": "Jumelage \ud800" }""",
                     """{ "partner": { "geonameId": 3094802 }, "notes": "\udc00 seul" }""",
                 })
        {
            var response = await officer.PostAsync($"/api/communes/{Commune}/twinnings", new StringContent(json, Encoding.UTF8, "application/json"));
            var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.Contains("UTF-16", problem.GetProperty("detail").GetString());
        }
        // Raw bytes that are not UTF-8 inside a string.
        var bytes = Encoding.UTF8.GetBytes("""{ "partner": { "geonameId": 3094802 }, "title": "X" }""");
        bytes[Array.IndexOf(bytes, (byte)'X')] = 0xFF;
        var raw = new ByteArrayContent(bytes);
        raw.Headers.ContentType = new("application/json");
        await ProblemAsync(await officer.PostAsync($"/api/communes/{Commune}/twinnings", raw), HttpStatusCode.BadRequest);
    }

    public static TheoryData<string, string, string> OutOfRangeDates()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var provider in TestDatabase.Providers)
        {
            data.Add(provider, """{ "partner": { "geonameId": 3094802 }, "signedOn": "9999-12-31" }""", "signedOn");
            data.Add(provider, """{ "partner": { "geonameId": 3094802 }, "signedOn": "0001-01-01" }""", "signedOn");
            data.Add(provider, """{ "partner": { "geonameId": 3094802 }, "signedOn": "1899-12-31" }""", "signedOn");
            data.Add(provider, $$"""{ "partner": { "geonameId": 3094802 }, "signedOn": "{{DateTime.UtcNow.Year + 2}}-01-01" }""", "signedOn");
            data.Add(provider, """{ "partner": { "geonameId": 3094802 }, "deliberation": { "reference": "D1", "date": "9999-01-01" } }""", "deliberation.date");
            data.Add(provider, """{ "partner": { "geonameId": 3094802 }, "status": "ended", "statusReason": "fin", "statusOn": "9999-12-31" }""", "statusOn");
            data.Add(provider, """{ "partner": { "geonameId": 3094802 }, "activities": [ { "on": "0001-01-01", "kind": "visite", "description": "x" } ] }""", "activities[0].on");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(OutOfRangeDates))]
    public async Task Dates_outside_1900_2100_and_signatures_beyond_next_year_are_refused(string provider, string json, string field)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var officer = await app.OfficerAsync();
        var response = await officer.PostAsync($"/api/communes/{Commune}/twinnings", new StringContent(json, Encoding.UTF8, "application/json"));
        await ProblemAsync(response, HttpStatusCode.UnprocessableEntity, field);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Summit_ends_council_votes_and_lifecycle_dates_are_bounded(string provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await AddCataloguesAsync(app);
        using var officer = await app.OfficerAsync();
        await ProblemAsync(await officer.PostJsonAsync($"/api/communes/{Commune}/summits",
            new { eventName = "Sommet", startOn = "2023-06-01", endOn = "9999-12-31" }), HttpStatusCode.UnprocessableEntity, "endOn");
        await ProblemAsync(await officer.PostJsonAsync($"/api/communes/{Commune}/honorary-citizenships",
            new { person = new { name = "Personne Fictive" }, councilVoteOn = $"{DateTime.UtcNow.Year + 3}-01-01" }), HttpStatusCode.UnprocessableEntity, "councilVoteOn");

        var twinning = await officer.CreateAsync("twinnings", new { partner = new { geonameId = KrakowGeonameId }, signedOn = "1965-03-12", status = "active" });
        foreach (var action in new[] { "suspend", "end" })
            await ProblemAsync(await officer.PostJsonAsync($"/api/engagements/{twinning.Id()}/{action}", new { reason = "motif", on = "9999-12-31" }),
                HttpStatusCode.UnprocessableEntity, "on");
        var read = await JsonAsync(await officer.GetAsync($"/api/engagements/{twinning.Id()}"));
        Assert.Equal("active", read.At("status"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Amounts_beyond_ten_to_the_twelve_cents_are_refused_and_nothing_is_saved(string provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await AddCataloguesAsync(app);
        using var officer = await app.OfficerAsync();
        var project = new
        {
            title = "Projet",
            partners = new object[] { new { name = "Dogbo", country = "BJ" } },
            budgetLines = new object[]
            {
                new { year = 2022, amountCents = long.MaxValue, funder = "commune" },
                new { year = 2022, amountCents = long.MaxValue, funder = "eu" },
            },
        };
        await ProblemAsync(await officer.PostJsonAsync($"/api/communes/{Commune}/cooperation-projects", project),
            HttpStatusCode.UnprocessableEntity, "budgetLines[0].amountCents");
        await ProblemAsync(await officer.PostJsonAsync($"/api/communes/{Commune}/network-memberships",
            new { network = NetworkCode, feeCents = Ranges.MaxAmountCents + 1 }), HttpStatusCode.UnprocessableEntity, "feeCents");
        await using (var db = app.OpenDb()) Assert.Empty(db.Engagements);

        // The largest amounts, on every line allowed, still add up on the API, the public page and the exports.
        var largest = new
        {
            title = "Projet",
            partners = new object[] { new { name = "Dogbo", country = "BJ" } },
            budgetLines = Enumerable.Range(0, Ranges.MaxBudgetLines)
                .Select(i => new { year = 2022, amountCents = Ranges.MaxAmountCents, funder = i % 2 == 0 ? "commune" : "eu", note = $"ligne {i}" }).ToArray(),
        };
        var created = await officer.CreateAsync("cooperation-projects", largest);
        Assert.Equal((Ranges.MaxAmountCents * Ranges.MaxBudgetLines).ToString(System.Globalization.CultureInfo.InvariantCulture), created.At("totalCents"));
        using var anonymous = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/engagements/{created.Id()}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/communes/{Commune}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/communes/{Commune}/engagements.csv")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Lists_inside_an_engagement_are_bounded(string provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var officer = await app.OfficerAsync();
        var activities = Enumerable.Range(0, Ranges.MaxActivities + 1)
            .Select(i => new { on = "2020-01-01", kind = "visite", description = $"visite {i}" }).ToArray();
        await ProblemAsync(await officer.PostJsonAsync($"/api/communes/{Commune}/twinnings",
            new { partner = new { geonameId = KrakowGeonameId }, activities }), HttpStatusCode.UnprocessableEntity, "activities");
        var documents = Enumerable.Range(0, Ranges.MaxDocuments + 1)
            .Select(i => new { title = $"doc {i}", url = $"https://example.org/{i}" }).ToArray();
        await ProblemAsync(await officer.PostJsonAsync($"/api/communes/{Commune}/twinnings",
            new { partner = new { geonameId = KrakowGeonameId }, documents }), HttpStatusCode.UnprocessableEntity, "documents");
        var partners = Enumerable.Range(0, Ranges.MaxPartners + 1).Select(_ => new { geonameId = KrakowGeonameId }).ToArray();
        await ProblemAsync(await officer.PostJsonAsync($"/api/communes/{Commune}/partnerships",
            new { title = "Partenariat", partners }), HttpStatusCode.UnprocessableEntity, "partners");
        await using var db = app.OpenDb();
        Assert.Empty(db.Engagements);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_french_partner_is_refused_for_a_twinning_a_partnership_and_a_cooperation_project(string provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var officer = await app.OfficerAsync();
        const int Paris = 2988507;
        await ProblemAsync(await officer.PostJsonAsync($"/api/communes/{Commune}/twinnings",
            new { partner = new { geonameId = Paris } }), HttpStatusCode.UnprocessableEntity, "partner");
        await ProblemAsync(await officer.PostJsonAsync($"/api/communes/{Commune}/partnerships",
            new { title = "Partenariat", partners = new object[] { new { geonameId = Paris } } }), HttpStatusCode.UnprocessableEntity, "partners");
        await ProblemAsync(await officer.PostJsonAsync($"/api/communes/{Commune}/cooperation-projects",
            new { title = "Coopération", partners = new object[] { new { geonameId = KrakowGeonameId }, new { geonameId = Paris } } }),
            HttpStatusCode.UnprocessableEntity, "partners");
        await using var db = app.OpenDb();
        Assert.Empty(db.Engagements);
    }
}

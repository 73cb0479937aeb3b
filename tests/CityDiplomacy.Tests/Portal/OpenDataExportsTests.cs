using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using CityDiplomacy.OpenData;
using CityDiplomacy.Tests.Infrastructure;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using static CityDiplomacy.Tests.Manage.Forms;
using static CityDiplomacy.Tests.Portal.OpenDataFixture;

namespace CityDiplomacy.Tests.Portal;

/// <summary>Every open-data export read back with a standard reader, on both databases.</summary>
public sealed class OpenDataExportsTests
{
    private static async Task<byte[]> DownloadAsync(TestApp app, string url, string? contentType = null)
    {
        using var client = app.Client();
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} → {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
        if (contentType is not null) Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(response.Content.Headers.ContentDisposition?.FileName);
        return body;
    }

    private static List<string[]> ReadCsv(byte[] body, string delimiter)
    {
        using var reader = new StreamReader(new MemoryStream(body), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = delimiter });
        var rows = new List<string[]>();
        while (csv.Read()) rows.Add(csv.Record!);
        return rows;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_commune_csv_has_a_bom_semicolons_every_public_engagement_and_neutralised_formulas(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await SeedAsync(app);

        var body = await DownloadAsync(app, $"/api/communes/{SaintJeanDeBraye}/engagements.csv", "text/csv");

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, body[..3]);
        var rows = ReadCsv(body, ";");
        Assert.Equal(EngagementExports.Columns.Select(c => c.Name), rows[0]);
        var records = rows.Skip(1).Select(r => rows[0].Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList();
        Assert.Equal(5, records.Count);
        Assert.All(records, r => Assert.Equal(SaintJeanDeBraye, r["commune_insee"]));
        Assert.Equal(["cooperation-project", "honorary-citizenship", "summit", "twinning", "world-day"], records.Select(r => r["type"]).Order());
        var project = records.Single(r => r["type"] == "cooperation-project");
        Assert.Equal("'" + FormulaTitle, project["intitule"]);
        Assert.Equal("40000", project["budget_total_euros"]);
        Assert.Equal("14030", project["code_cad_crs"]);
        var twinning = records.Single(r => r["type"] == "twinning");
        Assert.Equal("Tuchów", twinning["partenaires"]);
        Assert.Equal("756634", twinning["partenaires_geonames"]);
        Assert.Equal("W452000123", twinning["comite_jumelage_rna"]);
        Assert.Equal("DCM-1965-014 (1965-02-20)", twinning["deliberations"]);

        var comma = ReadCsv(await DownloadAsync(app, $"/api/communes/{SaintJeanDeBraye}/engagements.csv?sep=comma"), ",");
        Assert.Equal(rows, comma);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Country_and_national_exports_cover_their_scope(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await SeedAsync(app);

        var nation = ReadCsv(await DownloadAsync(app, "/api/engagements.csv"), ";").Skip(1).ToList();
        Assert.Equal(6, nation.Count);
        Assert.Contains(nation, r => r[1] == NogentSurOise);

        // Poland: the two twinnings (Tuchów, Kraśnik), the project with Kraków and the honoured person from Poland.
        var poland = ReadCsv(await DownloadAsync(app, "/api/countries/pl/engagements.csv"), ";").Skip(1).ToList();
        Assert.Equal(4, poland.Count);
        var none = ReadCsv(await DownloadAsync(app, "/api/countries/BF/engagements.csv"), ";");
        Assert.Single(none);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Json_geojson_and_xlsx_read_back_with_standard_readers(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var seeded = await SeedAsync(app);

        using var json = JsonDocument.Parse(await DownloadAsync(app, $"/api/communes/{SaintJeanDeBraye}/engagements.json", "application/json"));
        Assert.Equal(5, json.RootElement.GetArrayLength());
        var project = json.RootElement.EnumerateArray().Single(e => e.GetProperty("id").GetGuid() == seeded.Project);
        Assert.Equal("cooperation-project", project.GetProperty("kind").GetString());
        Assert.Equal(2, project.GetProperty("budgetLines").GetArrayLength());
        Assert.Equal("Kraków", project.GetProperty("partners")[0].GetProperty("name").GetString());

        using var geo = JsonDocument.Parse(await DownloadAsync(app, "/api/engagements.geojson", "application/geo+json"));
        Assert.Equal("FeatureCollection", geo.RootElement.GetProperty("type").GetString());
        var features = geo.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.All(features, f => Assert.Equal("Feature", f.GetProperty("type").GetString()));
        var communes = features.Where(f => f.GetProperty("properties").GetProperty("role").GetString() == "commune").ToList();
        Assert.Equal(2, communes.Count);
        var braye = communes.Single(f => f.GetProperty("properties").GetProperty("commune_insee").GetString() == SaintJeanDeBraye)
            .GetProperty("geometry").GetProperty("coordinates");
        // RFC 7946: longitude first (Saint-Jean-de-Braye is at 1.98 E, 47.91 N).
        Assert.InRange(braye[0].GetDouble(), 1.9, 2.1);
        Assert.InRange(braye[1].GetDouble(), 47.8, 48.0);
        var links = features.Where(f => f.GetProperty("geometry").GetProperty("type").GetString() == "LineString").ToList();
        Assert.Equal(3, links.Count); // Tuchów, Kraków (project), Kraśnik (Nogent)
        var tuchow = links.Single(f => f.GetProperty("properties").GetProperty("engagement_id").GetGuid() == seeded.Twinning)
            .GetProperty("geometry").GetProperty("coordinates");
        Assert.Equal(2, tuchow.GetArrayLength());
        Assert.Equal(braye[0].GetDouble(), tuchow[0][0].GetDouble());
        Assert.InRange(tuchow[1][0].GetDouble(), 20, 22); // Tuchów: 20.99 E, 49.89 N
        Assert.InRange(tuchow[1][1].GetDouble(), 49, 51);
        Assert.Equal(3, features.Count(f => f.GetProperty("properties").GetProperty("role").GetString() == "partner"));

        var xlsx = await DownloadAsync(app, $"/api/communes/{SaintJeanDeBraye}/engagements.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var sheet = new MemoryStream(xlsx).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(5, sheet.Count);
        Assert.Equal(EngagementExports.Columns.Select(c => c.Name), sheet[0].Keys);
        var projectRow = sheet.Single(r => (string?)r["type"] == "cooperation-project");
        Assert.Equal("'" + FormulaTitle, projectRow["intitule"]);
        Assert.Equal(40000d, Convert.ToDouble(projectRow["budget_total_euros"], CultureInfo.InvariantCulture));

        var empty = await DownloadAsync(app, "/api/countries/BF/engagements.xlsx");
        var emptySheet = new MemoryStream(empty).Query(useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(EngagementExports.Columns.Select(c => c.Name), emptySheet.Single().Values.Select(v => v?.ToString()));
    }

    /// <summary>The children of iati-activity in the order of the 2.03 schema's sequence.</summary>
    private static readonly string[] IatiActivityOrder =
    [
        "iati-identifier", "reporting-org", "title", "description", "participating-org", "other-identifier", "activity-status",
        "activity-date", "contact-info", "activity-scope", "recipient-country", "recipient-region", "location", "sector",
        "country-budget-items", "humanitarian-scope", "policy-marker", "collaboration-type", "default-flow-type",
        "default-finance-type", "default-aid-type", "default-tied-status", "budget", "planned-disbursement", "capital-spend",
        "transaction", "document-link", "related-activity", "legacy-data", "conditions", "result", "crs-add", "fss",
    ];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_iati_file_follows_the_203_activity_structure(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var seeded = await SeedAsync(app);

        var document = XDocument.Parse(Encoding.UTF8.GetString(await DownloadAsync(app, "/api/cooperation-iati.xml", "application/xml")));
        var root = document.Root!;
        Assert.Equal("iati-activities", root.Name.LocalName);
        Assert.Equal("2.03", root.Attribute("version")?.Value);
        Assert.True(DateTime.TryParse(root.Attribute("generated-datetime")?.Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out _));
        var activity = Assert.Single(root.Elements("iati-activity"));
        Assert.Equal("EUR", activity.Attribute("default-currency")?.Value);
        Assert.Equal("fr", activity.Attribute(XNamespace.Xml + "lang")?.Value);

        var order = activity.Elements().Select(e => Array.IndexOf(IatiActivityOrder, e.Name.LocalName)).ToList();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Order(), order);
        foreach (var required in new[] { "iati-identifier", "reporting-org", "title", "description", "participating-org", "activity-status", "activity-date" })
            Assert.NotEmpty(activity.Elements(required));

        var reporting = activity.Element("reporting-org")!;
        Assert.Equal("11", reporting.Attribute("type")?.Value);
        Assert.Equal($"{reporting.Attribute("ref")!.Value}-{seeded.Project:N}", activity.Element("iati-identifier")!.Value);
        Assert.Equal(FormulaTitle, activity.Element("title")!.Element("narrative")!.Value);
        Assert.All(activity.Elements("participating-org"), p => Assert.NotNull(p.Attribute("role")));
        Assert.Contains(activity.Elements("participating-org"), p => p.Attribute("role")!.Value == "4" && p.Value.Contains("Kraków", StringComparison.Ordinal));
        Assert.Equal("2", activity.Element("activity-status")!.Attribute("code")?.Value);
        Assert.Equal("2024-01-01", activity.Element("activity-date")!.Attribute("iso-date")?.Value);
        Assert.Equal("PL", activity.Element("recipient-country")!.Attribute("code")?.Value);
        var sector = activity.Element("sector")!;
        Assert.Equal(("1", "14030"), (sector.Attribute("vocabulary")?.Value, sector.Attribute("code")?.Value));
        var budget = Assert.Single(activity.Elements("budget"));
        Assert.Equal(["period-start", "period-end", "value"], budget.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("2025-01-01", budget.Element("period-start")!.Attribute("iso-date")?.Value);
        Assert.Equal("40000.00", budget.Element("value")!.Value);
        Assert.NotNull(budget.Element("value")!.Attribute("value-date"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_calendar_is_rfc_5545_with_coming_events_and_yearly_anniversaries(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var seeded = await SeedAsync(app);

        using var client = app.Client();
        var response = await client.GetAsync($"/api/communes/{SaintJeanDeBraye}/calendar.ics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(bytes);

        var calendar = Ics.Parse(text);
        Assert.Equal("2.0", calendar.Properties["VERSION"]);
        Assert.Equal(CalendarExport.ProductId, calendar.Properties["PRODID"]);
        Assert.All(calendar.Events, e =>
        {
            foreach (var property in new[] { "UID", "DTSTAMP", "DTSTART;VALUE=DATE", "DTEND;VALUE=DATE", "SUMMARY" })
                Assert.True(e.ContainsKey(property), $"{property} missing in {string.Join(", ", e.Keys)}");
            Assert.Matches(@"^\d{8}T\d{6}Z$", e["DTSTAMP"]);
            Assert.Matches(@"^\d{8}$", e["DTSTART;VALUE=DATE"]);
        });
        Assert.Equal(calendar.Events.Count, calendar.Events.Select(e => e["UID"]).Distinct().Count());
        var anniversaries = calendar.Events.Where(e => e.ContainsKey("RRULE")).ToList();
        Assert.All(anniversaries, e => Assert.Equal("FREQ=YEARLY", e["RRULE"]));
        Assert.Equal(2, anniversaries.Count); // the twinning's signature and the honorary citizenship's vote
        Assert.Contains(anniversaries, e => e["UID"].StartsWith(seeded.Twinning.ToString("N"), StringComparison.Ordinal) && e["DTSTART;VALUE=DATE"] == "19650312");
        Assert.Contains(anniversaries, e => e["UID"].StartsWith(seeded.Citizenship.ToString("N"), StringComparison.Ordinal) && e["DTSTART;VALUE=DATE"] == "20220630");
        var worldDay = Assert.Single(calendar.Events, e => e["DTSTART;VALUE=DATE"] == $"{NextYear}0308");
        Assert.Equal($"{NextYear}0309", worldDay["DTEND;VALUE=DATE"]);
        var summit = Assert.Single(calendar.Events, e => e["DTSTART;VALUE=DATE"] == $"{NextYear}0610");
        Assert.Equal($"{NextYear}0613", summit["DTEND;VALUE=DATE"]);
        Assert.Equal(@"Congrès\, mondial\; des villes (Lyon)", summit["SUMMARY"]);
        Assert.Equal(4, calendar.Events.Count);
    }

    [Fact]
    public void Calendar_lines_fold_at_75_octets_without_cutting_a_character()
    {
        var line = "SUMMARY:" + string.Concat(Enumerable.Repeat("Journée des droits — «é» ", 12)) + "🌍 fin";
        var folded = CalendarExport.IcsWriter.Fold(line).ToList();
        Assert.True(folded.Count > 3);
        Assert.All(folded, l => Assert.InRange(Encoding.UTF8.GetByteCount(l), 1, 75));
        Assert.All(folded.Skip(1), l => Assert.StartsWith(" ", l, StringComparison.Ordinal));
        Assert.Equal(line, string.Concat(folded.Select((l, i) => i == 0 ? l : l[1..])));
        Assert.Equal(@"a\\b\;c\,d\ne", CalendarExport.IcsWriter.Escape("a\\b;c,d\r\ne"));
    }

    [Theory]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+33 1 23", "'+33 1 23")]
    [InlineData("-5", "'-5")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "'\rx")]
    [InlineData("Kraków", "Kraków")]
    [InlineData("", "")]
    public void Formula_cells_get_a_leading_apostrophe(string cell, string written) =>
        Assert.Equal(written, SpreadsheetCells.Neutralise(cell));

    [Fact]
    public async Task Bad_requests_name_the_field_and_unknown_places_are_404()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var client = app.Client();

        var separator = await client.GetAsync($"/api/communes/{SaintJeanDeBraye}/engagements.csv?sep=tab");
        Assert.Equal(HttpStatusCode.BadRequest, separator.StatusCode);
        Assert.Contains("\"sep\"", await separator.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var insee = await client.GetAsync("/api/communes/4528/engagements.json");
        Assert.Equal(HttpStatusCode.BadRequest, insee.StatusCode);
        Assert.Contains("\"insee\"", await insee.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/communes/99999/engagements.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/countries/ZZ/engagements.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/countries/P1/engagements.csv")).StatusCode);
    }

    [Fact]
    public async Task Every_export_is_described_in_openapi_with_its_content_type()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        var registry = app.Services.GetRequiredService<OpenDataRegistry>();
        using var openapi = JsonDocument.Parse(await DownloadOpenApiAsync(app));
        var paths = openapi.RootElement.GetProperty("paths");
        foreach (var export in registry.Exports)
        {
            foreach (var scope in export.Scopes)
            {
                var path = export.Url(scope, scope == ExportScope.Commune ? "{insee}" : "{iso2}");
                Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not in the OpenAPI document");
                var get = item.GetProperty("get");
                Assert.Equal(export.OperationName(scope), get.GetProperty("operationId").GetString());
                Assert.True(get.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty(export.ContentType, out _),
                    $"{path}: 200 does not declare {export.ContentType}");
            }
        }
    }

    private static async Task<string> DownloadOpenApiAsync(TestApp app)
    {
        using var client = app.Client();
        return await client.GetStringAsync("/openapi/v1.json");
    }
}

/// <summary>A small RFC 5545 reader: checks CRLF and the 75-octet limit, unfolds, and collects VEVENT properties.</summary>
internal static class Ics
{
    public sealed record Calendar(Dictionary<string, string> Properties, List<Dictionary<string, string>> Events);

    public static Calendar Parse(string text)
    {
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        var physical = text[..^2].Split("\r\n");
        Assert.All(physical, l =>
        {
            Assert.DoesNotContain('\n', l);
            Assert.DoesNotContain('\r', l);
            Assert.InRange(Encoding.UTF8.GetByteCount(l), 1, 75);
        });
        var lines = new List<string>();
        foreach (var line in physical)
        {
            if (line.StartsWith(' ') || line.StartsWith('\t')) lines[^1] += line[1..];
            else lines.Add(line);
        }
        Assert.Equal("BEGIN:VCALENDAR", lines[0]);
        Assert.Equal("END:VCALENDAR", lines[^1]);
        var properties = new Dictionary<string, string>();
        var events = new List<Dictionary<string, string>>();
        Dictionary<string, string>? current = null;
        foreach (var line in lines[1..^1])
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (name, value) = (line[..colon], line[(colon + 1)..]);
            if (line == "BEGIN:VEVENT") current = [];
            else if (line == "END:VEVENT") { events.Add(current!); current = null; }
            else if (current is not null) current[name] = value;
            else properties[name] = value;
        }
        Assert.Null(current);
        return new Calendar(properties, events);
    }
}

using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using CityDiplomacy.Imports;
using CityDiplomacy.Tests.Infrastructure;
using CityDiplomacy.Tests.Places;
using CsvHelper;
using CsvHelper.Configuration;
using static CityDiplomacy.Tests.Engagements.RegisterApi;

namespace CityDiplomacy.Tests.Engagements;

/// <summary>
/// Random Unicode (seeded, a bounded number of cases) in the text fields of the API and of a town hall's file: controls,
/// DEL and C1, lone surrogates, noncharacters, bidi overrides, emoji. No answer is a 5xx, and every export still parses
/// with a standard reader afterwards.
/// </summary>
public sealed class TextFuzzTests(ResolverFixture fixture) : IClassFixture<ResolverFixture>
{
    private const int Seed = 1313;
    private const int ApiCases = 40;
    private const int ImportRows = 15;

    private static readonly string[] Pieces =
    [
        "a", "Kraków", "é", "ß", " ", "\t", "\n", "\r\n", "\r", "\"", "\\", ";", ",", "=", "<", "&", "]]>", "\u0000", "\u0001", "\u0007",
        "\u000B", "\u001B", "\u001F", "\u007F", "\u0085", "\u009F", "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uD83C\uDDF5\uD83C\uDDF1",
        "\u202E", "\u2066", "\u2069", "\uFEFF", "\uFFFE", "\uFFFF", "\u00A0", "ا", "中",
    ];

    private static string RandomText(Random random, bool allowNul = true)
    {
        var builder = new StringBuilder("T");
        var length = random.Next(1, 6);
        for (var i = 0; i < length; i++)
        {
            var piece = Pieces[random.Next(Pieces.Length)];
            if (!allowNul && piece == "\u0000") piece = "\u0002";
            builder.Append(piece);
        }
        return builder.ToString();
    }

    /// <summary>A JSON string literal escaping every non-ASCII and control character, so lone surrogates reach the server as escapes.</summary>
    private static string Literal(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            if (c == '"') builder.Append("\\\"");
            else if (c == '\\') builder.Append("\\\\");
            else if (c < 0x20 || c > 0x7E) builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else builder.Append(c);
        }
        return builder.Append('"').ToString();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Random_unicode_in_api_and_import_text_never_gives_a_5xx_and_every_export_still_parses(string provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var officer = await app.OfficerAsync();
        var random = new Random(Seed);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < ApiCases; i++)
        {
            // One field fuzzed per request, in turn, so that each outcome (saved, refused, unreadable) occurs.
            var fuzzed = i % 8;
            string Text(int field) => Literal(field == fuzzed ? RandomText(random) : $"texte {i}");
            var json = $$"""
                {
                  "partner": { "geonameId": {{KrakowGeonameId}} },
                  "signedOn": "{{1950 + i}}-01-01",
                  "title": {{Text(0)}},
                  "description": {{Text(1)}},
                  "notes": {{Text(2)}},
                  "committee": { "name": {{Text(3)}} },
                  "activities": [ { "on": "2000-01-01", "kind": {{Text(4)}}, "description": {{Text(5)}} } ],
                  "documents": [ { "title": {{Text(6)}}, "url": "https://example.org/doc" } ],
                  "responsibleOfficer": {{Text(7)}}
                }
                """;
            var response = await officer.PostAsync($"/api/communes/{Commune}/twinnings", new StringContent(json, Encoding.UTF8, "application/json"));
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {json}: {await response.Content.ReadAsStringAsync()}");
            statuses.Add(response.StatusCode);
        }
        // The seed gives both outcomes: clean text saved, and text refused naming its field.
        Assert.Contains(HttpStatusCode.UnprocessableEntity, statuses);
        Assert.Contains(HttpStatusCode.BadRequest, statuses);
        Assert.Contains(HttpStatusCode.Created, statuses);

        // Text the rule accepts but readers must still survive (bidi overrides, quotes, markup, formulas).
        await officer.CreateAsync("twinnings", new
        {
            partner = new { geonameId = KrakowGeonameId }, signedOn = "1940-01-01",
            title = "=HYPERLINK(\"x\") \u202Egnp.exe <b>&amp;</b> ]]> \"quoted\"; a, b", description = "ligne\r\nligne\tfin \uD83C\uDDF5\uD83C\uDDF1",
        });
        // The same text in a cooperation project, so that the IATI file has an activity (an empty one is a 404, never served).
        await officer.CreateAsync("cooperation-projects", new
        {
            partners = new[] { new { geonameId = KrakowGeonameId } }, dacSectorCode = "14030", startOn = "2020-01-01", status = "active",
            title = "=HYPERLINK(\"x\") \u202Egnp.exe <b>&amp;</b> ]]> \"quoted\"; a, b", description = "ligne\r\nligne\tfin \uD83C\uDDF5\uD83C\uDDF1",
        });

        // A town hall's file with the same random text: forbidden characters are stripped and reported, never a failure.
        var lines = new StringBuilder("Ville partenaire;Pays;Date de signature;Intitulé;Observations;Comité de jumelage\r\n");
        for (var i = 0; i < ImportRows; i++)
            lines.Append(CultureInfo.InvariantCulture,
                $"Kraków;PL;{1900 + i}-06-01;{Cell(RandomText(random, allowNul: false))};{Cell(RandomText(random, allowNul: false))};{Cell(RandomText(random, allowNul: false))}\r\n");
        var file = TownHallCsv.Read("fuzz.csv", new UTF8Encoding(false).GetBytes(lines.ToString()));
        Assert.NotEmpty(file.Cleaned);
        await using (var db = app.OpenDb())
        {
            var report = await new EngagementImport(db, fixture.Resolver).RunAsync(Commune, file, new ImportOptions());
            Assert.True(report.Imported > 0, report.ToJson());
            Assert.NotEmpty(report.Cleaned);
        }

        using var anonymous = app.Client();
        foreach (var scope in new[] { $"/api/communes/{Commune}", "/api/countries/PL", "/api" })
        {
            CsvParses(await BodyAsync(anonymous, $"{scope}/engagements.csv"));
            JsonDocument.Parse(await BodyAsync(anonymous, $"{scope}/engagements.json")).Dispose();
            using var geo = JsonDocument.Parse(await BodyAsync(anonymous, $"{scope}/engagements.geojson"));
            Assert.Equal("FeatureCollection", geo.RootElement.GetProperty("type").GetString());
            XDocument.Parse(await BodyAsync(anonymous, $"{scope}/cooperation-iati.xml"));
        }
        IcsParses(await BodyAsync(anonymous, $"/api/communes/{Commune}/calendar.ics"));
        XDocument.Parse(await BodyAsync(anonymous, $"/api/communes/{Commune}/screening/feed"));
        var page = await anonymous.GetAsync($"/communes/{Commune}");
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"/communes/{Commune} → {(int)page.StatusCode}{Environment.NewLine}{app.ServerErrors}");
    }

    private static string Cell(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task<string> BodyAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} → {(int)response.StatusCode}");
        Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
        // Strict UTF-8: a lone surrogate written out would be refused here.
        return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
    }

    private static void CsvParses(string text)
    {
        using var csv = new CsvReader(new StringReader(text.TrimStart('\uFEFF')),
            new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = ";", BadDataFound = context => throw new InvalidDataException(context.RawRecord) });
        Assert.True(csv.Read());
        var columns = csv.Parser.Count;
        while (csv.Read()) Assert.Equal(columns, csv.Parser.Count);
        Assert.DoesNotContain(text, c => c is < ' ' and not ('\t' or '\r' or '\n') or >= '\u007F' and <= '\u009F' or '\u202E');
    }

    /// <summary>RFC 5545 as a reader checks it: CRLF lines of at most 75 octets, no control character, balanced components.</summary>
    private static void IcsParses(string text)
    {
        Assert.EndsWith("\r\n", text);
        var depth = new Stack<string>();
        foreach (var line in text[..^2].Split("\r\n"))
        {
            Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, line);
            Assert.DoesNotContain(line, c => c is < ' ' and not '\t' or '\u007F');
            if (line.StartsWith(' ')) continue;
            Assert.Contains(':', line);
            if (line.StartsWith("BEGIN:", StringComparison.Ordinal)) depth.Push(line[6..]);
            if (line.StartsWith("END:", StringComparison.Ordinal)) Assert.Equal(depth.Pop(), line[4..]);
        }
        Assert.Empty(depth);
    }
}

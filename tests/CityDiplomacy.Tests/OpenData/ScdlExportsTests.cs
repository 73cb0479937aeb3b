using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CityDiplomacy.Engagements;
using CityDiplomacy.OpenData;
using CityDiplomacy.Settings;
using CityDiplomacy.Tests.Infrastructure;
using CsvHelper;
using CsvHelper.Configuration;
using static CityDiplomacy.Tests.Manage.Forms;
using static CityDiplomacy.Tests.Portal.OpenDataFixture;

namespace CityDiplomacy.Tests.OpenData;

/// <summary>
/// The SCDL files against the official Table Schemas (tests/data/standards/scdl), on both databases: every file the
/// app serves passes the validator, and a file with nothing valid to publish is a 404 ProblemDetails, its link hidden.
/// </summary>
public sealed class ScdlExportsTests
{
    public const string BrayeSiret = "21450284100015";
    public const string PlusReference = "+DCM-2021-06";

    private static readonly TableSchemaValidator DeliberationsSchema = TableSchemaValidator.Scdl("deliberations-2.1.5.schema.json");
    private static readonly TableSchemaValidator SubventionsSchema = TableSchemaValidator.Scdl("subventions-2.1.1.schema.json");

    /// <summary>The open-data fixture, a deliberation whose reference starts with « + » and whose subject is long, and Braye's SIRET.</summary>
    private static async Task<Seeded> SeedWithSiretAsync(TestApp app)
    {
        var seeded = await SeedAsync(app);
        var twinning = Twinning(3099434); // Gdańsk
        twinning.Deliberations =
        [
            new DeliberationInput { Reference = PlusReference, Date = "2021-06-24", Subject = LongSubject, VotesFor = 30, VotesAgainst = 0, Abstentions = 3 },
        ];
        await app.SeedAsync(SaintJeanDeBraye, twinning);
        await SaveSettingsAsync(app, SaintJeanDeBraye, BrayeSiret);
        return seeded;
    }

    private static readonly string LongSubject = string.Concat(Enumerable.Repeat("Renouvellement du pacte d'amitié et programme d'échanges scolaires, ", 6)).Trim();

    internal static async Task SaveSettingsAsync(TestApp app, string commune, string siret)
    {
        await using var db = app.OpenDb();
        var settings = new CommuneSettings(commune);
        settings.Apply(new CommuneSettingsInput { Siret = siret }, DateTime.UtcNow);
        db.CommuneSettings.Add(settings);
        await db.SaveChangesAsync();
    }

    private static async Task<byte[]> DownloadAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} → {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
        return body;
    }

    private static void AssertValid(TableSchemaValidator schema, byte[] csv, string url, string delimiter = ";")
    {
        var errors = schema.ValidateCsv(csv, delimiter);
        Assert.True(errors.Count == 0, $"{url} : {errors.Count} erreur(s) selon le schéma {schema.Name}\n{string.Join('\n', errors)}");
    }

    private static List<Dictionary<string, string>> Records(byte[] csv)
    {
        using var reader = new StreamReader(new MemoryStream(csv), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        using var parser = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = ";" });
        var rows = new List<string[]>();
        while (parser.Read()) rows.Add(parser.Record!);
        return rows.Skip(1).Select(r => rows[0].Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    private static async Task<JsonElement> NotFoundProblemAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"GET {url} → {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_served_deliberations_file_passes_the_scdl_schema(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await SeedWithSiretAsync(app);
        using var client = app.Client();

        foreach (var url in new[]
        {
            $"/api/communes/{SaintJeanDeBraye}/deliberations-scdl.csv", "/api/countries/PL/deliberations-scdl.csv", "/api/deliberations-scdl.csv",
        })
        {
            var csv = await DownloadAsync(client, url);
            AssertValid(DeliberationsSchema, csv, url);
            var comma = await DownloadAsync(client, url + "?sep=comma");
            AssertValid(DeliberationsSchema, comma, url + "?sep=comma", ",");
        }

        var rows = Records(await DownloadAsync(client, $"/api/communes/{SaintJeanDeBraye}/deliberations-scdl.csv"));
        Assert.Equal(new[] { "DCM-1965-014", "DCM-2022-050", "DCM-2023-101", PlusReference }.Order(StringComparer.Ordinal),
            rows.Select(r => r["DELIB_ID"]).Order(StringComparer.Ordinal));
        Assert.All(rows, r =>
        {
            Assert.Equal(BrayeSiret, r["COLL_SIRET"]);
            Assert.Equal("Saint-Jean-de-Braye", r["COLL_NOM"]);
            Assert.Equal(ScdlExports.ActesCode, r["DELIB_MATIERE_CODE"]);
            Assert.Equal("autres domaines de compétences/autres domaines de compétences des communes", r["DELIB_MATIERE_NOM"]);
            Assert.InRange(r["DELIB_OBJET"].Length, 1, 256);
        });
        // The reference a schema defines as an identifier is never altered; free text that would run still is.
        var plus = rows.Single(r => r["DELIB_ID"] == PlusReference);
        Assert.EndsWith("…", plus["DELIB_OBJET"], StringComparison.Ordinal);
        Assert.StartsWith(LongSubject[..200], plus["DELIB_OBJET"], StringComparison.Ordinal);
        Assert.Equal("'" + FormulaTitle, rows.Single(r => r["DELIB_ID"] == "DCM-2023-101")["DELIB_OBJET"]);
        var oath = rows.Single(r => r["DELIB_ID"] == "DCM-1965-014");
        Assert.Equal(("1965-02-20", "Serment de jumelage", "https://example.org/dcm-1965-014"), (oath["DELIB_DATE"], oath["DELIB_OBJET"], oath["DELIB_URL"]));
        // VOTE_EFFECTIF is not kept: the schema's cohesion check then wants every count empty.
        Assert.All(rows, r => Assert.Equal("", r["VOTE_POUR"] + r["VOTE_REEL"] + r["VOTE_EFFECTIF"]));

        // The same reference in a free-text column of the register's own CSV is neutralised.
        var register = Encoding.UTF8.GetString(await DownloadAsync(client, $"/api/communes/{SaintJeanDeBraye}/engagements.csv"));
        Assert.Contains($"'{PlusReference} (2021-06-24)", register, StringComparison.Ordinal);

        // A commune without a SIRET in its settings is left out of the national file.
        var national = Records(await DownloadAsync(client, "/api/deliberations-scdl.csv"));
        Assert.All(national, r => Assert.Equal(BrayeSiret, r["COLL_SIRET"]));
        Assert.Equal(4, national.Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Nothing_valid_to_publish_is_a_404_problem_and_no_link(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await SeedAsync(app);
        var nogent = Twinning(756634);
        nogent.Deliberations = [new DeliberationInput { Reference = "DCM-2005-12", Date = "2005-03-10" }];
        await app.SeedAsync(NogentSurOise, nogent);
        using var client = app.Client();

        // No SIRET anywhere yet: every SCDL file of every scope is a 404 that says why.
        var missing = await NotFoundProblemAsync(client, $"/api/communes/{SaintJeanDeBraye}/deliberations-scdl.csv");
        Assert.Contains("SIRET", missing.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await NotFoundProblemAsync(client, "/api/deliberations-scdl.csv");
        await NotFoundProblemAsync(client, "/api/countries/PL/subventions-scdl.csv");
        var page = await app.GetPageAsync($"/communes/{SaintJeanDeBraye}");
        var links = page.QuerySelectorAll("section.downloads a[href]").Select(a => a.GetAttribute("href")).ToList();
        Assert.DoesNotContain(links, l => l!.Contains("-scdl.csv", StringComparison.Ordinal));
        Assert.Contains($"/api/communes/{SaintJeanDeBraye}/engagements.csv", links);
        var profile = await app.GetJsonAsync($"/api/communes/{SaintJeanDeBraye}");
        Assert.DoesNotContain(profile.GetProperty("downloads").EnumerateArray(), d => d.GetProperty("url").GetString()!.EndsWith("-scdl.csv", StringComparison.Ordinal));
        var data = await app.GetPageAsync("/donnees");
        Assert.DoesNotContain(data.QuerySelectorAll("a[href]"), a => a.GetAttribute("href")!.EndsWith("-scdl.csv", StringComparison.Ordinal));

        // With Braye's SIRET: its deliberations are published and linked; Nogent (no SIRET) still is not.
        await SaveSettingsAsync(app, SaintJeanDeBraye, BrayeSiret);
        links = (await app.GetPageAsync($"/communes/{SaintJeanDeBraye}")).QuerySelectorAll("section.downloads a[href]").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains($"/api/communes/{SaintJeanDeBraye}/deliberations-scdl.csv", links);
        Assert.Contains((await app.GetJsonAsync($"/api/communes/{SaintJeanDeBraye}")).GetProperty("downloads").EnumerateArray(),
            d => d.GetProperty("url").GetString() == $"/api/communes/{SaintJeanDeBraye}/deliberations-scdl.csv");
        Assert.Contains((await app.GetPageAsync("/donnees")).QuerySelectorAll("a[href]"), a => a.GetAttribute("href") == "/api/deliberations-scdl.csv");
        var nogentProblem = await NotFoundProblemAsync(client, $"/api/communes/{NogentSurOise}/deliberations-scdl.csv");
        Assert.Contains("SIRET", nogentProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Records(await DownloadAsync(client, "/api/deliberations-scdl.csv")), r => r["DELIB_ID"] == "DCM-2005-12");

        // Subventions: the project's beneficiary (Kraków) has neither SIRET nor RNA: the row cannot be valid, the file is not served.
        var grants = await NotFoundProblemAsync(client, $"/api/communes/{SaintJeanDeBraye}/subventions-scdl.csv");
        Assert.Contains("ni SIRET ni numéro RNA", grants.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await NotFoundProblemAsync(client, "/api/subventions-scdl.csv");
        Assert.DoesNotContain(links, l => l!.Contains("subventions-scdl", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_subvention_row_with_an_identified_beneficiary_passes_the_schema()
    {
        var project = new OpenEngagement
        {
            Id = Guid.NewGuid(), Commune = new ExportCommune(SaintJeanDeBraye, "Saint-Jean-de-Braye", "214502841", null, null),
            Kind = EngagementKind.CooperationProject, Title = "=" + new string('x', 300), Status = EngagementStatus.Active, Themes = [],
            Partners = [], Deliberations = [new OpenDeliberation(PlusReference, new DateOnly(2021, 6, 24), null, null, null, null, null)],
            Documents = [], Provenance = Provenance.Commune, UpdatedAt = DateTime.UtcNow, ConventionSignedOn = new DateOnly(2021, 7, 1),
        };
        var line = new OpenBudgetLine(2022, 12345.67m, "commune", "Eau potable");
        var rows = new[]
        {
            ScdlExports.SubventionRow(project, BrayeSiret, line, new ScdlExports.Beneficiary("Association Eau Vive", "38047555800058", null), single: true),
            ScdlExports.SubventionRow(project, BrayeSiret, line, new ScdlExports.Beneficiary("Comité de jumelage", null, "W452000123"), single: true),
        };
        using var output = new MemoryStream();
        await TableWriters.WriteCsvAsync(new ExportTable(ScdlExports.SubventionColumns, rows.ToAsyncEnumerable()), ';', output, CancellationToken.None);

        AssertValid(SubventionsSchema, output.ToArray(), "subventions");
        var record = Records(output.ToArray())[0];
        Assert.Equal(PlusReference, record["referenceDecision"]);
        Assert.Equal(256, record["objet"].Length);
        Assert.StartsWith("'=", record["objet"], StringComparison.Ordinal);
        Assert.Equal(("2022-01-01/2022-12-31", "non", "12345.67"), (record["datesPeriodeVersement"], record["notificationUE"], record["montant"]));
    }

    [Fact]
    public void The_validator_rejects_bad_rows_and_names_every_row_and_field()
    {
        var header = DeliberationsSchema.FieldNames.ToArray();
        string[] Row(params (string Field, string Value)[] cells)
        {
            var row = new string[header.Length];
            Array.Fill(row, "");
            var good = new Dictionary<string, string>
            {
                ["COLL_NOM"] = "Saint-Jean-de-Braye", ["COLL_SIRET"] = BrayeSiret, ["DELIB_ID"] = "DCM-1", ["DELIB_DATE"] = "2021-06-24",
                ["DELIB_MATIERE_CODE"] = "9.1", ["DELIB_MATIERE_NOM"] = ScdlExports.ActesName, ["DELIB_OBJET"] = "Objet",
            };
            foreach (var (field, value) in cells) good[field] = value;
            foreach (var (field, value) in good) row[Array.IndexOf(header, field)] = value;
            return row;
        }
        var errors = DeliberationsSchema.Validate(
        [
            header,
            Row(),
            Row(("COLL_SIRET", "21450284100010"), ("DELIB_DATE", "24/06/2021")),
            Row(("DELIB_ID", ""), ("DELIB_MATIERE_CODE", "9.1.2"), ("DELIB_MATIERE_NOM", "relations internationales/jumelages")),
            Row(("VOTE_POUR", "12"), ("DELIB_URL", "pas une adresse")),
        ]);
        var found = errors.Select(e => (e.Row, e.Field)).ToHashSet();
        Assert.DoesNotContain(errors, e => e.Row == 2);
        foreach (var expected in new[]
        {
            (3, "COLL_SIRET"), (3, "DELIB_DATE"), (4, "DELIB_ID"), (4, "DELIB_MATIERE_CODE"), (4, "DELIB_MATIERE_NOM"), (5, "VOTE_EFFECTIF"), (5, "DELIB_URL"),
        })
            Assert.True(found.Contains(expected), $"{expected} not reported in:\n{string.Join('\n', errors)}");
        Assert.Equal(7, errors.Count);

        var reordered = DeliberationsSchema.Validate([[.. header.Reverse()]]);
        Assert.NotEmpty(reordered);
        Assert.All(reordered, e => Assert.Equal(1, e.Row));

        var grants = SubventionsSchema.FieldNames.ToArray();
        var bad = grants.Select(f => f switch
        {
            "nomAttribuant" => "Saint-Jean-de-Braye", "idAttribuant" => BrayeSiret, "dateConvention" => "2021-07-01", "nomBeneficiaire" => "X",
            "objet" => new string('o', 257), "montant" => "1 000,50", "nature" => "subvention", "conditionsVersement" => "unique",
            "datesPeriodeVersement" => "2022", "notificationUE" => "peut-être", "pourcentageSubvention" => "1.5", "rnaBeneficiaire" => "452000123",
            _ => "",
        }).ToArray();
        var grantErrors = SubventionsSchema.Validate([grants, bad]).Select(e => e.Field).ToList();
        Assert.Equal(["datesPeriodeVersement", "montant", "nature", "notificationUE", "objet", "pourcentageSubvention", "rnaBeneficiaire"],
            grantErrors.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("+DCM-2021-06", "+DCM-2021-06")]
    [InlineData("-12/2021", "-12/2021")]
    [InlineData("DCM 2021, n° 6", "DCM 2021, n° 6")]
    [InlineData("=HYPERLINK(\"http://example.org\";\"x\")", "'=HYPERLINK(\"http://example.org\";\"x\")")]
    [InlineData("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0")]
    public void Identifiers_stay_as_they_are_unless_they_could_run(string identifier, string written)
    {
        Assert.Equal(written, TableWriters.Text(new IdentifierCell(identifier)));
        // The same text in a free-text column is neutralised whenever it starts like a formula.
        Assert.Equal(identifier[0] is '+' or '-' or '=' or '@' ? "'" + identifier : identifier, TableWriters.Text(identifier));
    }
}

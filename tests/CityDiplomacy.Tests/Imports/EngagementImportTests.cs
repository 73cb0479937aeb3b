using System.Text;
using System.Text.Json;
using CityDiplomacy.Cli;
using CityDiplomacy.Engagements;
using CityDiplomacy.Imports;
using CityDiplomacy.Tests.Infrastructure;
using CityDiplomacy.Tests.Places;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Tests.Imports;

/// <summary>
/// « import engagements » on the synthetic town hall export of tests/data (each of its defects) and on small files written here, on every
/// configured database; the resolver is built once for the class.
/// </summary>
public sealed class EngagementImportTests(ResolverFixture fixture) : IClassFixture<ResolverFixture>, IDisposable
{
    private const string SaintJeanDeBraye = "45284";

    private readonly string _folder = Directory.CreateTempSubdirectory("citydiplomacy-import-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string SamplePath() => Repository.TestFile("samples", "jumelages_export_mairie_cp1252.csv");

    private string Write(string text)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private async Task<ImportReport> ImportAsync(TestDatabase database, string path, ImportOptions? options = null)
    {
        await using var db = database.Open();
        return await new EngagementImport(db, fixture.Resolver).RunAsync(SaintJeanDeBraye, TownHallCsv.Read(path), options ?? new ImportOptions());
    }

    private static async Task<List<Twinning>> TwinningsAsync(TestDatabase database)
    {
        await using var db = database.Open();
        return await db.Engagements.OfType<Twinning>().AsNoTracking().Where(e => e.CommuneCode == SaintJeanDeBraye).ToListAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_sample_export_imports_its_valid_rows_and_reports_every_other_one(string provider)
    {
        var sample = SamplePath();
        await using var database = await TestDatabase.SharedAsync(provider);

        var report = await ImportAsync(database, sample);

        Assert.Equal(12, report.Rows); // the two blank trailing rows are not rows
        Assert.Equal(8, report.Imported);
        Assert.Equal(1, report.Unchanged); // line 9 repeats line 2
        Assert.True(report.Written);
        Assert.Equal([6, 8], report.Rejected.Select(r => r.Line));
        var unresolved = Assert.Single(report.Unresolved);
        Assert.Equal(10, unresolved.Line);
        Assert.Equal("Atlantis", unresolved.Query);
        Assert.Equal("Atlantide", unresolved.Country);
        var twinnings = await TwinningsAsync(database);
        Assert.Equal(8, twinnings.Count);
        Assert.Single(twinnings, t => t.Partners[0].Name == "Kraków");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_impossible_date_31_02_1990_is_rejected_naming_its_line_and_field(string provider)
    {
        var sample = SamplePath();
        await using var database = await TestDatabase.SharedAsync(provider);

        var report = await ImportAsync(database, sample);

        var gand = Assert.Single(report.Rejected, r => r.Line == 8);
        Assert.Equal("signedOn", gand.Field);
        Assert.Contains("31/02/1990", gand.Reason);
        Assert.DoesNotContain(await TwinningsAsync(database), t => t.Partners[0].CountryCode == "BE");
    }

    [Fact]
    public async Task A_suspended_row_without_reason_nor_date_is_rejected_by_the_same_rule_as_the_api()
    {
        var sample = SamplePath();
        await using var database = await TestDatabase.SharedAsync("sqlite");

        var report = await ImportAsync(database, sample);

        var tuchow = Assert.Single(report.Rejected, r => r.Line == 6);
        Assert.Equal("statusReason", tuchow.Field);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Vienne_in_austria_and_cologne_in_germany_resolve_to_vienna_and_koln(string provider)
    {
        var sample = SamplePath();
        await using var database = await TestDatabase.SharedAsync(provider);

        await ImportAsync(database, sample);

        var twinnings = await TwinningsAsync(database);
        var vienna = Assert.Single(twinnings, t => t.StartedOn == new DateOnly(1999, 10, 18));
        Assert.Equal((2761369, "AT"), (vienna.Partners[0].GeonameId!.Value, vienna.Partners[0].CountryCode));
        var cologne = Assert.Single(twinnings, t => t.StartedOn == new DateOnly(2007, 7, 7));
        Assert.Equal((2886242, "DE"), (cologne.Partners[0].GeonameId!.Value, cologne.Partners[0].CountryCode));
        Assert.Equal(EngagementStatus.Active, cologne.Status); // « ACTIF »
    }

    [Fact]
    public async Task The_sample_cells_arrive_whole_trimmed_and_as_text()
    {
        var sample = SamplePath();
        await using var database = await TestDatabase.SharedAsync("sqlite");

        await ImportAsync(database, sample);

        var twinnings = await TwinningsAsync(database);
        var aachen = Assert.Single(twinnings, t => t.Partners[0].GeonameId == 3247449); // « Aix-la-Chapelle » with a trailing space
        Assert.Equal("Amitiés franco-allemandes; section Aix", aachen.CommitteeName);
        var segovia = Assert.Single(twinnings, t => t.Partners[0].CountryCode == "ES"); // « Ségovie », decoded from Windows-1252
        Assert.Null(segovia.StartedOn);
        Assert.Equal(EngagementStatus.Dormant, segovia.Status);
        var sfax = Assert.Single(twinnings, t => t.Partners[0].CountryCode == "TN");
        Assert.StartsWith("=HYPERLINK(\"http://example.invalid\";\"clic\")", sfax.Notes);
        var krakow = Assert.Single(twinnings, t => t.Partners[0].GeonameId == 3094802);
        Assert.StartsWith("Échanges scolaires annuels", krakow.Notes);
        Assert.Contains("DCM-1965-014", krakow.Notes);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_second_import_changes_nothing_and_counts_every_row_unchanged(string provider)
    {
        var sample = SamplePath();
        await using var database = await TestDatabase.SharedAsync(provider);
        await ImportAsync(database, sample);
        var before = await AuditCountAsync(database);

        var again = await ImportAsync(database, sample);

        Assert.Equal(0, again.Imported);
        Assert.Equal(9, again.Unchanged);
        Assert.False(again.Written);
        Assert.Equal(8, (await TwinningsAsync(database)).Count);
        Assert.Equal(before, await AuditCountAsync(database));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_dry_run_reports_what_it_would_import_and_writes_nothing(string provider)
    {
        var sample = SamplePath();
        await using var database = await TestDatabase.SharedAsync(provider);
        var before = await AuditCountAsync(database);

        var report = await ImportAsync(database, sample, new ImportOptions(DryRun: true));

        Assert.Equal(8, report.Imported);
        Assert.False(report.Written);
        Assert.Empty(await TwinningsAsync(database));
        Assert.Equal(before, await AuditCountAsync(database));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_strict_import_writes_nothing_when_a_row_is_rejected(string provider)
    {
        await using var database = await TestDatabase.SharedAsync(provider);
        var path = Write("Ville partenaire;Pays;Date de signature;Statut\r\nCracovie;Pologne;12/03/1965;actif\r\nGand;Belgique;31/02/1990;actif\r\n");

        var strict = await ImportAsync(database, path, new ImportOptions(Strict: true));

        Assert.False(strict.Written);
        Assert.Single(strict.Rejected);
        Assert.Empty(await TwinningsAsync(database));

        var lenient = await ImportAsync(database, path);

        Assert.True(lenient.Written);
        Assert.Equal(1, lenient.Imported);
        Assert.Single(await TwinningsAsync(database));
    }

    [Fact]
    public async Task A_strict_import_writes_nothing_when_a_partner_is_unresolved()
    {
        await using var database = await TestDatabase.SharedAsync("sqlite");
        var path = Write("Ville partenaire;Pays\r\nCracovie;Pologne\r\nAtlantis;Atlantide\r\n");

        var report = await ImportAsync(database, path, new ImportOptions(Strict: true));

        Assert.False(report.Written);
        Assert.Single(report.Unresolved);
        Assert.Empty(await TwinningsAsync(database));
    }

    [Fact]
    public async Task An_unknown_country_leaves_the_partner_unresolved_with_its_candidates()
    {
        await using var database = await TestDatabase.SharedAsync("sqlite");
        var path = Write("Ville partenaire;Pays\r\nAtlantis;Atlantide\r\n");

        var report = await ImportAsync(database, path);

        var unresolved = Assert.Single(report.Unresolved);
        Assert.Equal(2, unresolved.Line);
        Assert.NotEmpty(unresolved.Candidates);
        Assert.Equal(0, report.Imported);
        Assert.Empty(await TwinningsAsync(database));
    }

    [Fact]
    public async Task An_exact_duplicate_row_is_unchanged_not_an_error()
    {
        await using var database = await TestDatabase.SharedAsync("sqlite");
        var path = Write("Ville partenaire;Pays;Date de signature\r\nCracovie;Pologne;12/03/1965\r\nCracovie;Pologne;12/03/1965\r\n");

        var report = await ImportAsync(database, path);

        Assert.Equal((2, 1, 1), (report.Rows, report.Imported, report.Unchanged));
        Assert.Empty(report.Rejected);
    }

    [Fact]
    public async Task The_country_given_sends_vienne_and_cologne_to_france_where_a_twinning_is_refused()
    {
        await using var database = await TestDatabase.SharedAsync("sqlite");
        var path = Write("Ville partenaire;Pays;Date de signature\r\nVienne;France;1 mars 1990\r\nCologne;France;1990-03-02\r\nVienne;Autriche;03/03/1990\r\n");

        var report = await ImportAsync(database, path);

        // Resolved in France as the file says, then refused: a twinning links the commune to a foreign authority.
        Assert.Equal(["Vienne (FR)", "Cologne (FR)", "Vienna (AT)"], report.Results.Select(r => r.Place));
        Assert.Equal([2, 3], report.Rejected.Select(r => r.Line));
        Assert.All(report.Rejected, r => Assert.Equal("partner", r.Field));
        Assert.Equal(1, report.Imported);
        var partners = (await TwinningsAsync(database)).Select(t => t.Partners[0].CountryCode);
        Assert.Equal(["AT"], partners);
    }

    [Fact]
    public async Task A_suspension_with_its_date_and_reason_and_a_dated_deliberation_is_imported()
    {
        await using var database = await TestDatabase.SharedAsync("sqlite");
        var path = Write("Commune partenaire;Pays;Date de signature;Statut;Date de suspension;Motif;Délibération;Date de délibération;Type\r\n" +
                         "Tuchów;Pologne;30/09/2001;Suspendu;14 février 2020;Zone « sans idéologie LGBT »;DCM-2001-055;2001-09-01;Jumelage\r\n");

        var report = await ImportAsync(database, path);

        Assert.Empty(report.Rejected);
        var tuchow = Assert.Single(await TwinningsAsync(database));
        Assert.Equal(EngagementStatus.Suspended, tuchow.Status);
        Assert.Equal(new DateOnly(2020, 2, 14), tuchow.StatusChangedOn);
        Assert.Equal("DCM-2001-055", Assert.Single(tuchow.Deliberations).Reference);
    }

    [Fact]
    public async Task An_unknown_status_word_or_kind_is_rejected_naming_the_field()
    {
        await using var database = await TestDatabase.SharedAsync("sqlite");
        var path = Write("Ville partenaire;Pays;Statut;Type\r\nCracovie;Pologne;peut-être;jumelage\r\nGand;Belgique;actif;sommet\r\n");

        var report = await ImportAsync(database, path);

        Assert.Equal([(2, "status"), (3, "kind")], report.Rejected.Select(r => (r.Line, r.Field)));
    }

    [Fact]
    public async Task The_verb_prints_the_mapping_and_writes_the_json_report()
    {
        var sample = SamplePath();
        await using var database = await TestDatabase.SharedAsync("sqlite");
        var reportPath = Path.Combine(_folder, "report.json");

        var (code, stdout, stderr) = await RunAsync("import", "engagements", "--commune", SaintJeanDeBraye, "--file", sample,
            "--report", reportPath, "--database", "sqlite", "--connection-string", database.ConnectionString);

        Assert.True(code == 0, stderr);
        Assert.Contains("Windows-1252", stdout);
        Assert.Contains("« N° délibération » → délibération", stdout);
        Assert.Contains("« Observations » → notes", stdout);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(reportPath));
        var root = json.RootElement;
        Assert.Equal(12, root.GetProperty("rows").GetInt32());
        Assert.Equal(8, root.GetProperty("imported").GetInt32());
        Assert.Equal(1, root.GetProperty("unchanged").GetInt32());
        Assert.Equal(8, root.GetProperty("rejected")[1].GetProperty("line").GetInt32());
        Assert.Equal("signedOn", root.GetProperty("rejected")[1].GetProperty("field").GetString());
        Assert.Equal(10, root.GetProperty("unresolved")[0].GetProperty("line").GetInt32());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("unresolved")[0].GetProperty("candidates").ValueKind);
    }

    [Fact]
    public async Task The_verb_in_strict_mode_exits_1_and_writes_nothing()
    {
        var sample = SamplePath();
        await using var database = await TestDatabase.SharedAsync("sqlite");

        var (code, _, stderr) = await RunAsync("import", "engagements", "--commune", SaintJeanDeBraye, "--file", sample, "--strict",
            "--database", "sqlite", "--connection-string", database.ConnectionString);

        Assert.Equal(1, code);
        Assert.Contains("--strict", stderr);
        Assert.Empty(await TwinningsAsync(database));
    }

    [Fact]
    public async Task An_unknown_commune_exits_1_with_one_line_naming_the_file()
    {
        await using var database = await TestDatabase.SharedAsync("sqlite");
        var path = Write("Ville partenaire;Pays\r\nCracovie;Pologne\r\n");

        var (code, _, stderr) = await RunAsync("import", "engagements", "--commune", "99999", "--file", path,
            "--database", "sqlite", "--connection-string", database.ConnectionString);

        Assert.Equal(1, code);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains(path, stderr);
        Assert.Contains("99999", stderr);
    }

    [Fact]
    public async Task A_missing_file_exits_1_with_one_line_naming_it()
    {
        var path = Path.Combine(_folder, "absent.csv");

        var (code, stdout, stderr) = await RunAsync("import", "engagements", "--commune", SaintJeanDeBraye, "--file", path);

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains(path, stderr);
    }

    private static async Task<int> AuditCountAsync(TestDatabase database)
    {
        await using var db = database.Open();
        return await db.AuditEntries.CountAsync();
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Verbs.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}

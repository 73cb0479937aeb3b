using System.Text;
using CityDiplomacy.Auditing;
using CityDiplomacy.Cli;
using CityDiplomacy.Evidence;
using CityDiplomacy.Tests.Infrastructure;
using CityDiplomacy.Tests.Places;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Tests.Evidence;

/// <summary>
/// Evidence imports on the committed slices of the V-Dem and local-alert files, on the synthetic file in the Freedom
/// House format (invented values, tests/data/README.md) and on small files written
/// here, on every configured database: values and their meaning, deliberate skips, idempotence, updates in place,
/// errors naming line and field with nothing written.
/// </summary>
public sealed class EvidenceImportTests(ResolverFixture fixture) : IClassFixture<ResolverFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("citydiplomacy-evidence-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A file of the committed test data (tests/data).</summary>
    internal static string Shared(string folder, string file) => Repository.TestFile(folder, file);

    /// <summary>The header and the lines of a test-data file that match, written to a file of this test.</summary>
    private string Slice(string source, Func<string, bool> keep, string name)
    {
        var lines = File.ReadAllLines(source, Encoding.UTF8);
        var path = Path.Combine(_folder, name);
        File.WriteAllLines(path, lines.Take(1).Concat(lines.Skip(1).Where(keep)), new UTF8Encoding(false));
        return path;
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private async Task<EvidenceReport> ImportAsync(TestDatabase database, EvidenceKind kind, string path, string? sourceName = null)
    {
        await using var db = database.Open();
        using (AuditActor.Use("cli"))
            return await new EvidenceImporter(db, TestClock.Create()).ImportAsync(kind, await File.ReadAllBytesAsync(path), path,
                new EvidenceImportOptions("cli", sourceName), () => fixture.Resolver);
    }

    private static async Task<List<CountryIndicator>> IndicatorsAsync(TestDatabase database, string country)
    {
        await using var db = database.Open();
        return await db.CountryIndicators.AsNoTracking().Where(i => i.CountryCode == country).ToListAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task VDem_indices_are_stored_with_the_inverted_corruption_index_named_as_such(string provider)
    {
        var source = Shared("human_rights", "vdem_v14_six_indices_1968_2023.csv");
        var slice = Slice(source, l => l.Contains(",POL,") && l.Split(',')[1] is "2022" or "2023" || l.Contains(",DDR,") && l.Split(',')[1] == "1970", "vdem.csv");
        await using var database = await TestDatabase.SharedAsync(provider);

        var report = await ImportAsync(database, EvidenceKind.VDem, slice);

        Assert.Empty(report.Rejected);
        Assert.Equal(3, report.Lines);
        Assert.Equal(12, report.Inserted);
        var skipped = Assert.Single(report.Skipped);
        Assert.Equal("country_text_id", skipped.Field);
        Assert.Contains("DDR", skipped.Reason);
        var poland = await IndicatorsAsync(database, "PL");
        Assert.Equal(12, poland.Count);
        Assert.DoesNotContain(poland, i => i.Indicator == "vdem.v2x_pubcorr");
        Assert.Equal(0.843m, poland.Single(i => i.Indicator == "vdem.v2x_pubcorr_inverted" && i.Year == 2023).Value);
        Assert.Equal(0.723m, poland.Single(i => i.Indicator == "vdem.v2xcs_ccsi" && i.Year == 2023).Value);
        Assert.All(poland, i => Assert.Equal("https://v-dem.net", i.SourceUrl));
        await using var db = database.Open();
        var import = await db.EvidenceImports.AsNoTracking().SingleAsync();
        Assert.Equal(report.Sha256, import.Sha256);
        Assert.Contains("CC BY-SA 4.0", import.Licence);
        Assert.All(poland, i => Assert.Equal(import.Id, i.ImportId));
        // The rows went in by SQL: the import records its own audit entry.
        Assert.Contains(await db.AuditEntries.AsNoTracking().ToListAsync(),
            a => a.EntityType == nameof(CountryIndicator) && a.Action == "imported" && a.Actor == "cli" && a.EntityId == import.Id.ToString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_same_file_twice_changes_nothing_and_a_newer_file_updates_in_place(string provider)
    {
        var source = Shared("human_rights", "vdem_v14_six_indices_1968_2023.csv");
        var slice = Slice(source, l => l.Contains(",POL,") && l.Split(',')[1] == "2023", "vdem.csv");
        await using var database = await TestDatabase.SharedAsync(provider);
        await ImportAsync(database, EvidenceKind.VDem, slice);

        var again = await ImportAsync(database, EvidenceKind.VDem, slice);

        Assert.False(again.Written);
        Assert.Equal((0, 0, 6), (again.Inserted, again.Updated, again.Unchanged));
        await using (var db = database.Open())
            Assert.Equal(1, await db.EvidenceImports.CountAsync());

        var newer = Write("vdem-newer.csv", File.ReadAllText(slice).Replace(",0.843", ",0.850"));
        var update = await ImportAsync(database, EvidenceKind.VDem, newer);

        Assert.True(update.Written);
        Assert.Equal((0, 1, 5), (update.Inserted, update.Updated, update.Unchanged));
        var poland = await IndicatorsAsync(database, "PL");
        Assert.Equal(6, poland.Count);
        var corruption = poland.Single(i => i.Indicator == "vdem.v2x_pubcorr_inverted");
        Assert.Equal(0.850m, corruption.Value);
        Assert.Equal(update.ImportId, corruption.ImportId);
        Assert.NotEqual(update.ImportId, poland.Single(i => i.Indicator == "vdem.v2xcs_ccsi").ImportId);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Freedom_House_statuses_and_scores_map_territories_deliberately(string provider)
    {
        var source = Shared("human_rights", "fh_format_SYNTHETIC.csv");
        var slice = Slice(source, l => l.Split(',')[3] == "2024"
            && (l.StartsWith("Poland,") || l.StartsWith("Abkhazia,") || l.StartsWith("West Bank,") || l.StartsWith("Gaza Strip,")
                || l.StartsWith("Congo (Kinshasa),") || l.StartsWith("Syria,")), "fiw.csv");
        await using var database = await TestDatabase.SharedAsync(provider);

        var report = await ImportAsync(database, EvidenceKind.FreedomHouse, slice);

        Assert.Empty(report.Rejected);
        Assert.Equal(6, report.Lines);
        Assert.Equal(2, report.Skipped.Count);
        Assert.Contains(report.Skipped, s => s.Reason.StartsWith("Abkhazia", StringComparison.Ordinal));
        Assert.Contains(report.Skipped, s => s.Reason.StartsWith("Gaza Strip", StringComparison.Ordinal));
        var poland = await IndicatorsAsync(database, "PL");
        Assert.Equal("F", poland.Single(i => i.Indicator == "fh.status").Text);
        Assert.Null(poland.Single(i => i.Indicator == "fh.status").Value);
        // The synthetic file's invented Poland 2024 row: PR 34, CL 48, Total 82, PR rating 2.
        Assert.Equal(82m, poland.Single(i => i.Indicator == "fh.total").Value);
        Assert.Equal(34m, poland.Single(i => i.Indicator == "fh.pr").Value);
        Assert.Equal(48m, poland.Single(i => i.Indicator == "fh.cl").Value);
        Assert.Equal(2m, poland.Single(i => i.Indicator == "fh.pr_rating").Value);
        Assert.All(poland, i => Assert.Equal(2024, i.Year));
        Assert.Equal("NF", (await IndicatorsAsync(database, "PS")).Single(i => i.Indicator == "fh.status").Text);
        Assert.Equal(23m, (await IndicatorsAsync(database, "PS")).Single(i => i.Indicator == "fh.total").Value); // West Bank, not Gaza (21)
        Assert.Equal("NF", (await IndicatorsAsync(database, "CD")).Single(i => i.Indicator == "fh.status").Text);
        Assert.Single(await IndicatorsAsync(database, "SY"), i => i.Indicator == "fh.status");
        Assert.Empty(await IndicatorsAsync(database, "GE"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Generic_indicators_take_numbers_or_text_and_their_own_source(string provider)
    {
        var file = Write("indicators.csv", """
            country,indicator,year,value,source_url
            PL,death-penalty,2024,abolitionist,https://www.amnesty.org/en/what-we-do/death-penalty/
            Iran,death-penalty,2024,retentionist,
            Ouganda,same-sex-criminalised,2023,1,https://ilga.org/
            """);
        await using var database = await TestDatabase.SharedAsync(provider);

        var report = await ImportAsync(database, EvidenceKind.Indicators, file, "Amnesty International");

        Assert.Empty(report.Rejected);
        Assert.Equal(3, report.Inserted);
        var poland = Assert.Single(await IndicatorsAsync(database, "PL"));
        Assert.Equal(("abolitionist", (decimal?)null), (poland.Text, poland.Value));
        Assert.Equal("https://www.amnesty.org/en/what-we-do/death-penalty/", poland.SourceUrl);
        Assert.Equal("Amnesty International", poland.SourceName);
        Assert.Equal("retentionist", Assert.Single(await IndicatorsAsync(database, "IR")).Text);
        Assert.Equal(1m, Assert.Single(await IndicatorsAsync(database, "UG")).Value);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_bad_row_names_its_line_and_field_and_nothing_is_written(string provider)
    {
        var file = Write("indicators.csv", """
            country,indicator,year,value,source_url
            PL,death-penalty,2024,abolitionist,
            Atlantide,death-penalty,2024,abolitionist,
            FR,Death Penalty,2024,abolitionist,
            DE,death-penalty,20x4,abolitionist,
            ES,death-penalty,2024,abolitionist,ftp://example.org
            """);
        await using var database = await TestDatabase.SharedAsync(provider);

        var report = await ImportAsync(database, EvidenceKind.Indicators, file);

        Assert.False(report.Written);
        Assert.Equal([(3, "country"), (4, "indicator"), (5, "year"), (6, "source_url")], report.Rejected.Select(r => (r.Line, r.Field)));
        Assert.Contains("Atlantide", report.Rejected[0].Reason);
        await using var db = database.Open();
        Assert.Equal(0, await db.CountryIndicators.CountAsync());
        Assert.Equal(0, await db.EvidenceImports.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_six_local_alerts_resolve_their_places_and_regions(string provider)
    {
        var source = Shared("facts", "local_alerts_dev.csv");
        await using var database = await TestDatabase.SharedAsync(provider);

        var report = await ImportAsync(database, EvidenceKind.Alerts, source);

        Assert.Empty(report.Rejected);
        Assert.Equal(6, report.Inserted);
        await using var db = database.Open();
        var alerts = await db.LocalAlerts.AsNoTracking().ToListAsync();
        Assert.Equal(6, alerts.Count);
        // Kraśnik the town (Lublin voivodeship, PL.75), not another place of Kraśnik County nor another Krasnik.
        var krasnik = alerts.Single(a => a.PlaceText == "Kraśnik");
        Assert.Equal((AlertLevel.Place, 767623, "75"), (krasnik.Level, krasnik.GeonameId, krasnik.Admin1Code));
        Assert.Equal(("2019-05", "2021-04-29"), (krasnik.AdoptedOn, krasnik.RepealedOn));
        var region = alerts.Single(a => a.PlaceText == "Świętokrzyskie");
        Assert.Equal((AlertLevel.Admin1, (int?)null, "84", "PL"), (region.Level, region.GeonameId, region.Admin1Code, region.CountryCode));
        Assert.Equal("77", alerts.Single(a => a.PlaceText == "Małopolskie").Admin1Code);
        Assert.Equal("80", alerts.Single(a => a.PlaceText == "Podkarpackie").Admin1Code);
        Assert.Equal(756634, alerts.Single(a => a.PlaceText == "Tuchów").GeonameId);
        Assert.Equal("2023-02", alerts.Single(a => a.PlaceText == "Nowy Sącz").RepealedOn);
        Assert.All(alerts, a => Assert.Equal((1, report.ImportId), (a.Version, a.ImportId)));
        Assert.Equal(6, await db.AuditEntries.CountAsync(a => a.EntityType == nameof(LocalAlert) && a.Action == "created" && a.Actor == "cli"));

        var again = await ImportAsync(database, EvidenceKind.Alerts, source);
        Assert.Equal((0, 0, 6, false), (again.Inserted, again.Updated, again.Unchanged, again.Written));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_alert_with_a_bad_date_or_no_source_is_refused_with_its_line_and_nothing_is_written(string provider)
    {
        var file = Write("alerts.csv", """
            level,country,place,type,title,adopted_on,repealed_on,source_name,source_url,note
            place,PL,Tuchów,anti-lgbti-resolution,Résolution,2019-05-29,,Euronews,https://fr.euronews.com/,
            place,PL,Kraśnik,anti-lgbti-resolution,Résolution,2019-13,,Notes from Poland,https://notesfrompoland.com/,
            admin1,Pologne,Podkarpackie,anti-lgbti-resolution,Résolution,,2021-09-27,,https://jurist.org/,
            place,PL,Kraśnik,anti-lgbti-resolution,Résolution,2021-05,2019-04,Notes from Poland,https://notesfrompoland.com/,
            """);
        await using var database = await TestDatabase.SharedAsync(provider);

        var report = await ImportAsync(database, EvidenceKind.Alerts, file);

        Assert.Equal([(3, "adopted_on"), (4, "source_name"), (5, "repealed_on")], report.Rejected.Select(r => (r.Line, r.Field)));
        await using var db = database.Open();
        Assert.Equal(0, await db.LocalAlerts.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_cli_verb_imports_a_file_given_as_argument_and_reports(string provider)
    {
        var source = Shared("human_rights", "vdem_v14_six_indices_1968_2023.csv");
        var slice = Slice(source, l => l.Contains(",UKR,") && l.Split(',')[1] == "2023", "vdem.csv");
        var bad = Write("bad.csv", "country,indicator,year,value\nPL,x,1999,1\nPL,x,1999,2\n");
        await using var database = await TestDatabase.SharedAsync(provider);

        var (code, output, error) = await RunAsync(database, "evidence", "import", "--kind", "vdem", slice, "--source-name", "V-Dem v14");
        var (badCode, _, badError) = await RunAsync(database, "evidence", "import", "--kind", "indicators", bad);

        Assert.True(code == 0, error);
        Assert.Contains("6 ajoutées", output);
        Assert.Contains("Import enregistré.", output);
        Assert.Equal(1, badCode);
        Assert.Contains("rien n'a été enregistré", badError);
        await using var db = database.Open();
        Assert.All(await db.CountryIndicators.AsNoTracking().ToListAsync(), i => Assert.Equal(("UA", "V-Dem v14"), (i.CountryCode, i.SourceName)));
    }

    internal static async Task<(int Code, string Output, string Error)> RunAsync(TestDatabase database, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var code = await Verbs.RunAsync([.. args, "--database", database.ProviderName, "--connection-string", database.ConnectionString], output, error);
        return (code, output.ToString(), error.ToString());
    }
}

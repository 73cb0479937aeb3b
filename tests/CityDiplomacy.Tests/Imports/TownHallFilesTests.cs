using System.IO.Compression;
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
/// Town-hall files as they come, all generated here: other French headers (« Commune jumelle », « Etat », « Date du
/// jumelage », « Délibération », « Situation »), a Windows-1252 file whose « Pays » holds statuses, UTF-16, .xlsx and .ods
/// with a title line, a blank row and merged cells; the mapping from the cells, « --map », « --strict », the dry run, and
/// every file refused (empty, header only, too large, too wide, too long, zip bomb, password).
/// </summary>
public sealed class TownHallFilesTests(ResolverFixture fixture) : IClassFixture<ResolverFixture>, IDisposable
{
    private const string SaintJeanDeBraye = "45284";
    private const int Vienna = 2761369;
    private const int Cologne = 2886242;
    private const int Krakow = 3094802;

    private readonly string _folder = Directory.CreateTempSubdirectory("citydiplomacy-files-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The shared sample's rows under other headers, as another town hall's spreadsheet names them.</summary>
    private const string OtherHeaders =
        "Commune jumelle;Etat;Date du jumelage;Délibération;Situation\r\n" +
        "Cracovie;Pologne;12/03/1965;DCM-1965-014;actif\r\n" +
        "Aix-la-Chapelle;Allemagne;05/06/1972;DCM-1972-031;actif\r\n" +
        "Ségovie;Espagne;;DCM-1988-102;en sommeil\r\n" +
        "Bobo-Dioulasso;Burkina Faso;17/11/1994;DCM-1994-077;actif\r\n" +
        "Vienne;Autriche;18/10/1999;DCM-1999-090;actif\r\n" +
        "Cologne;Allemagne;07/07/2007;DCM-2007-050;ACTIF\r\n" +
        "Sfax;Tunisie;03/05/2015;DCM-2015-042;actif\r\n" +
        "Gand;Belgique;31/02/1990;DCM-1990-008;actif\r\n";

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Write(string name, string text, Encoding? encoding = null) =>
        Write(name, (encoding ?? new UTF8Encoding(false)).GetPreamble().Concat((encoding ?? new UTF8Encoding(false)).GetBytes(text)).ToArray());

    private TownHallFile Read(string path, TownHallReadOptions? options = null) =>
        TownHallCsv.Read(path, (options ?? new TownHallReadOptions()) with { Vocabulary = new ResolverVocabulary(fixture.Resolver) });

    private async Task<ImportReport> ImportAsync(TestDatabase database, TownHallFile file, ImportOptions? options = null)
    {
        await using var db = database.Open();
        return await new EngagementImport(db, fixture.Resolver).RunAsync(SaintJeanDeBraye, file, options ?? new ImportOptions());
    }

    private static async Task<List<Engagement>> EngagementsAsync(TestDatabase database)
    {
        await using var db = database.Open();
        return await db.Engagements.AsNoTracking().Where(e => e.CommuneCode == SaintJeanDeBraye).ToListAsync();
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Verbs.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static string[] Cli(TestDatabase database, string path, params string[] more) =>
        ["import", "engagements", "--commune", SaintJeanDeBraye, "--file", path, .. more,
         "--database", database.ProviderName, "--connection-string", database.ConnectionString];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Other_french_headers_are_recognised_from_their_cells_and_the_rows_import(string provider)
    {
        await using var database = await TestDatabase.SharedAsync(provider);
        var file = Read(Write("mairie.csv", OtherHeaders));

        Assert.Equal([ImportField.Partner, ImportField.Country, ImportField.SignedOn, ImportField.Deliberation, ImportField.Status],
            file.Columns.Select(c => c.Field));
        Assert.All(file.Columns, c => Assert.True(c.Confidence >= 0.9, $"{c.Header} : {c.Confidence}"));
        var report = await ImportAsync(database, file);

        Assert.Equal(7, report.Imported);
        var gand = Assert.Single(report.Rejected);
        Assert.Equal((9, "signedOn"), (gand.Line, gand.Field));
        var engagements = await EngagementsAsync(database);
        Assert.Contains(engagements, e => e.Partners[0].GeonameId == Vienna);
        Assert.Equal(EngagementStatus.Dormant, Assert.Single(engagements, e => e.Partners[0].CountryCode == "ES").Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_windows_1252_pays_column_holding_statuses_is_read_as_the_status(string provider)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        await using var database = await TestDatabase.SharedAsync(provider);
        var path = Write("pays.csv", "Ville partenaire;Pays;Date de signature\r\nCracovie;actif;12/03/1965\r\nSégovie;en sommeil;\r\nBobo-Dioulasso;actif;17/11/1994\r\n",
            Encoding.GetEncoding(1252));

        var file = Read(path);

        Assert.Equal("Windows-1252", file.EncodingName);
        var pays = file.Columns[1];
        Assert.Equal(ImportField.Status, pays.Field); // the cells contradict the header: they win
        Assert.Equal(0.6, pays.Confidence);
        var report = await ImportAsync(database, file);
        Assert.Empty(report.Rejected);
        var engagements = await EngagementsAsync(database);
        Assert.Equal(EngagementStatus.Dormant, Assert.Single(engagements, e => e.Partners[0].CountryCode == "ES").Status);
    }

    [Fact]
    public void Two_columns_of_place_names_make_the_partner_ambiguous_and_the_mapping_names_it()
    {
        var file = Read(Write("deux.csv", "Nom;Lieu;Date\r\nCracovie;Vienne;12/03/1965\r\nSégovie;Gand;01/02/1990\r\n"));

        var ambiguous = Assert.Single(file.AmbiguousRequired);
        Assert.Equal("Nom", ambiguous.Header);
        Assert.Contains("Lieu", ambiguous.Ambiguity);
    }

    [Fact]
    public async Task Strict_refuses_an_ambiguous_partner_column_and_map_settles_it()
    {
        await using var database = await TestDatabase.SharedAsync("sqlite");
        var path = Write("deux.csv", "Nom;Lieu;Date\r\nCracovie;Vienne;12/03/1965\r\nTuchów;Gand;30/09/2001\r\n");

        var (code, output, error) = await RunAsync(Cli(database, path, "--strict"));
        Assert.Equal(1, code);
        Assert.Contains("ambiguë", output);
        Assert.Contains("« Nom »", error);
        Assert.Empty(await EngagementsAsync(database));

        (code, output, error) = await RunAsync(Cli(database, path, "--strict", "--map", "Nom=partner"));
        Assert.True(code == 0, error + output);
        Assert.Contains("« Nom » → partenaire (1.00)", output);
        Assert.Equal(2, (await EngagementsAsync(database)).Count);
    }

    [Fact]
    public async Task Map_overrides_the_columns_named_and_an_unknown_header_or_field_exits_2_in_one_line()
    {
        await using var database = await TestDatabase.SharedAsync("sqlite");
        var path = Write("mairie.csv", OtherHeaders);

        var (code, output, _) = await RunAsync(Cli(database, path, "--dry-run", "--map", "Etat=notes,Situation=ignore"));
        Assert.Equal(0, code);
        Assert.Contains("« Etat » → notes (1.00)", output);
        Assert.Contains("« Situation » → ignorée", output);

        var (unknownHeader, _, headerError) = await RunAsync(Cli(database, path, "--map", "Nation=country"));
        Assert.Equal(2, unknownHeader);
        Assert.Contains("« Nation »", Assert.Single(headerError.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        var (unknownField, _, fieldError) = await RunAsync(Cli(database, path, "--map", "Etat=nation"));
        Assert.Equal(2, unknownField);
        Assert.Contains("« nation »", Assert.Single(fieldError.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Empty(await EngagementsAsync(database));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_dry_run_counts_what_it_would_import_in_its_report_and_writes_nothing(string provider)
    {
        await using var database = await TestDatabase.SharedAsync(provider);
        var path = Write("mairie.csv", OtherHeaders);
        var reportPath = Path.Combine(_folder, "report.json");

        var (code, output, error) = await RunAsync(Cli(database, path, "--dry-run", "--report", reportPath));

        Assert.True(code == 0, error);
        Assert.Contains("7 à importer", output);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(reportPath));
        Assert.Equal(8, json.RootElement.GetProperty("rows").GetInt32());
        Assert.Equal(7, json.RootElement.GetProperty("imported").GetInt32());
        Assert.False(json.RootElement.GetProperty("written").GetBoolean());
        Assert.Equal(9, json.RootElement.GetProperty("rejected")[0].GetProperty("line").GetInt32());
        Assert.Empty(await EngagementsAsync(database));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Commune jumelle;Etat;Situation\r\n")]
    [InlineData("Registre des jumelages\r\n\r\nCommune jumelle;Etat;Situation\r\n;;\r\n")]
    public async Task An_empty_or_header_only_file_exits_1_with_a_message_and_writes_nothing(string text)
    {
        await using var database = await TestDatabase.SharedAsync("sqlite");
        var path = Write("vide.csv", text);

        var (code, _, error) = await RunAsync(Cli(database, path));

        Assert.Equal(1, code);
        Assert.Contains("rien n'a été importé", error);
        Assert.DoesNotContain("   at ", error);
        Assert.Empty(await EngagementsAsync(database));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_utf_16_csv_is_read_from_its_bom(bool bigEndian)
    {
        var path = Write("utf16.csv", OtherHeaders, new UnicodeEncoding(bigEndian, byteOrderMark: true));

        var file = Read(path);

        Assert.StartsWith("UTF-16", file.EncodingName);
        Assert.Equal("Ségovie", file.Rows[2][ImportField.Partner]);
    }

    [Fact]
    public void Title_lines_above_a_csv_header_are_skipped_and_lines_keep_their_numbers()
    {
        var file = Read(Write("titre.csv", "Registre des jumelages;;;;\r\n\r\n" + OtherHeaders));

        Assert.Equal(3, file.HeaderLine);
        Assert.Equal(4, file.Rows[0].Line);
    }

    [Fact]
    public void Files_too_wide_too_long_or_too_heavy_are_refused_with_the_limit()
    {
        var wide = Write("large.csv", string.Join(";", Enumerable.Range(0, 100_000).Select(i => "c" + i)) + "\r\nCracovie\r\n");
        Assert.Contains("200 au plus", Assert.Throws<InvalidDataException>(() => Read(wide)).Message);

        var text = new StringBuilder("Ville partenaire;Pays\r\n");
        for (var i = 0; i < TownHallCsv.MaxRows + 1; i++) text.Append("Cracovie;Pologne\r\n");
        var longFile = Write("long.csv", text.ToString());
        Assert.Contains("50000 au plus", Assert.Throws<InvalidDataException>(() => Read(longFile)).Message);

        var heavy = Write("lourd.csv", new byte[TownHallCsv.MaxBytes + 1]);
        Assert.Contains("10 Mo au plus", Assert.Throws<InvalidDataException>(() => Read(heavy)).Message);
    }

    [Theory]
    [MemberData(nameof(WorkbookCases))]
    public async Task A_workbook_with_a_title_merged_cells_date_cells_and_a_formula_imports_with_sheet_row_numbers(string provider, string format)
    {
        await using var database = await TestDatabase.SharedAsync(provider);
        var path = Write("registre." + format, format == "xlsx" ? Workbook.Xlsx() : Workbook.Ods());

        var file = Read(path);

        Assert.Equal(format, file.Format);
        Assert.Equal("Jumelages", file.Sheet);
        Assert.Equal(3, file.HeaderLine);
        Assert.Equal([4, 5, 6, 8], file.Rows.Select(r => r.Line));
        Assert.Equal("Pologne", file.Rows[1][ImportField.Country]); // the merged cell, on both its rows
        Assert.Equal([ImportField.Partner, ImportField.Country, ImportField.SignedOn, ImportField.Deliberation, ImportField.Status],
            file.Columns.Select(c => c.Field));
        var report = await ImportAsync(database, file);

        Assert.Equal(3, report.Imported);
        var tuchow = Assert.Single(report.Rejected);
        Assert.Equal((5, "signedOn"), (tuchow.Line, tuchow.Field));
        Assert.Contains("30/02/2001", tuchow.Reason);
        var engagements = await EngagementsAsync(database);
        Assert.Equal(new DateOnly(1965, 3, 12), Assert.Single(engagements, e => e.Partners[0].GeonameId == Krakow).StartedOn);
        Assert.Equal(EngagementStatus.Active, Assert.Single(engagements, e => e.Partners[0].GeonameId == Vienna).Status); // « ACTIF », a formula's value
        Assert.Contains(engagements, e => e.Partners[0].GeonameId == Cologne);
    }

    public static TheoryData<string, string> WorkbookCases => new()
    {
        { "sqlite", "xlsx" }, { "sqlite", "ods" }, { "postgres", "xlsx" }, { "postgres", "ods" },
    };

    [Fact]
    public void Another_sheet_is_read_when_named_and_an_unknown_one_is_named_in_the_error()
    {
        var path = Write("registre.ods", Workbook.Ods());

        var error = Assert.Throws<UnknownColumnException>(() => Read(path, new TownHallReadOptions(Sheet: "Finances")));

        Assert.Contains("« Finances »", error.Message);
        Assert.Contains("Jumelages", error.Message);
        Assert.Equal("Jumelages", Read(path, new TownHallReadOptions(Sheet: "jumelages")).Sheet);
    }

    [Theory]
    [InlineData("xlsx")]
    [InlineData("ods")]
    public void A_zip_bomb_is_refused_without_being_expanded(string format)
    {
        var path = Write("bombe." + format, Workbook.Bomb(format));

        var error = Assert.Throws<InvalidDataException>(() => Read(path));

        Assert.Contains("bombe zip", error.Message);
    }

    [Theory]
    [InlineData("xlsx")]
    [InlineData("ods")]
    public void A_workbook_over_100_MB_uncompressed_is_refused_from_its_directory_even_with_modest_ratios(string format)
    {
        var bytes = Workbook.OverHundredMegabytes(format);
        using (var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read))
        {
            // The directory's sizes: over 100 MB in all, each entry under the ratio, and the file under the 10 MB limit.
            Assert.True(zip.Entries.Sum(e => e.Length) > Workbooks.MaxUncompressedBytes);
            Assert.All(zip.Entries, e => Assert.True(e.Length <= Workbooks.MaxRatio * e.CompressedLength, $"{e.FullName} : {e.Length} / {e.CompressedLength}"));
            Assert.True(bytes.Length < TownHallCsv.MaxBytes, $"{bytes.Length} octets");
        }
        var path = Write("volumineux." + format, bytes);

        var error = Assert.Throws<InvalidDataException>(() => Read(path));

        // The compressed data is broken (Workbook.OverHundredMegabytes): expanding any entry would fail otherwise.
        Assert.Contains("décompressé dépasse 100 Mo", error.Message);
        Assert.Contains("sans être décompressée", error.Message);
    }

    [Fact]
    public void A_workbook_protected_by_a_password_is_refused_with_the_reason()
    {
        var xlsx = Write("protege.xlsx", Workbook.EncryptedXlsx());
        Assert.Contains("mot de passe", Assert.Throws<InvalidDataException>(() => Read(xlsx)).Message);

        var ods = Write("protege.ods", Workbook.EncryptedOds());
        Assert.Contains("mot de passe", Assert.Throws<InvalidDataException>(() => Read(ods)).Message);
    }

    [Fact]
    public async Task The_committed_copy_of_the_shared_sample_still_gives_its_figures()
    {
        await using var database = await TestDatabase.SharedAsync("sqlite");
        var file = Read(Path.Combine(Repository.Root, "tests", "data", "samples", "jumelages_export_mairie_cp1252.csv"));

        var report = await ImportAsync(database, file);

        Assert.Equal((12, 8, 1), (report.Rows, report.Imported, report.Unchanged));
        Assert.Equal([6, 8], report.Rejected.Select(r => r.Line));
        Assert.Equal(10, Assert.Single(report.Unresolved).Line);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_partner_with_no_place_of_its_name_in_the_asked_country_says_so_and_keeps_others_apart(string provider)
    {
        await using var database = await TestDatabase.SharedAsync(provider);
        var file = Read(Write("canada.csv", "Ville partenaire;Pays\r\nSaint-Lambert;Canada\r\n"));

        var report = await ImportAsync(database, file);

        var row = Assert.Single(report.Unresolved);
        Assert.Empty(row.Candidates);
        Assert.Equal("aucun lieu de ce nom au Canada dans la base", row.Note);
        Assert.NotNull(row.Elsewhere);
        Assert.All(row.Elsewhere, c => Assert.NotEqual("CA", c.CountryCode));
        Assert.Empty(await EngagementsAsync(database));
    }

    /// <summary>Workbooks written part by part, as Excel and LibreOffice save them.</summary>
    internal static class Workbook
    {
        private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

        private static byte[] Zip(params (string Name, string Content)[] entries)
        {
            using var buffer = new MemoryStream();
            using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
                foreach (var (name, content) in entries)
                {
                    var entry = zip.CreateEntry(name, name == "mimetype" ? CompressionLevel.NoCompression : CompressionLevel.Optimal);
                    using var stream = entry.Open();
                    stream.Write(Encoding.UTF8.GetBytes(content));
                }
            return buffer.ToArray();
        }

        private static string Text(string reference, string text) =>
            $"<c r=\"{reference}\" t=\"inlineStr\"><is><t>{System.Security.SecurityElement.Escape(text)}</t></is></c>";

        private static string Date(string reference, int year, int month, int day) =>
            $"<c r=\"{reference}\" s=\"1\"><v>{new DateTime(year, month, day).ToOADate():0}</v></c>";

        /// <summary>
        /// Row 1 a title merged over A1:E1, row 2 blank, row 3 the header, rows 4–6 and 8 the data (row 7 blank); « Pologne »
        /// merged over B4:B5; real date cells but « 30/02/2001 » as text; a formula whose saved value is « ACTIF ».
        /// </summary>
        public static byte[] Xlsx(string? sheet = null) => Zip(
            ("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"""),
            ("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""),
            ("xl/workbook.xml", $"""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{Main}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Jumelages" sheetId="1" r:id="rId1"/></sheets></workbook>"""),
            ("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"""),
            ("xl/styles.xml", $"""<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{Main}"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" xfId="0"/><xf numFmtId="14" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>"""),
            ("xl/worksheets/sheet1.xml", sheet ?? SheetXml));

        private static readonly string SheetXml =
            $"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{Main}"><sheetData>""" +
            $"<row r=\"1\">{Text("A1", "Registre des jumelages de Saint-Jean-de-Braye")}</row>" +
            $"<row r=\"3\">{Text("A3", "Commune jumelle")}{Text("B3", "Etat")}{Text("C3", "Date du jumelage")}{Text("D3", "Délibération")}{Text("E3", "Situation")}</row>" +
            $"<row r=\"4\">{Text("A4", "Cracovie")}{Text("B4", "Pologne")}{Date("C4", 1965, 3, 12)}{Text("D4", "DCM-1965-014")}{Text("E4", "actif")}</row>" +
            $"<row r=\"5\">{Text("A5", "Tuchów")}<c r=\"B5\"/>{Text("C5", "30/02/2001")}{Text("D5", "DCM-2001-055")}{Text("E5", "actif")}</row>" +
            $"<row r=\"6\">{Text("A6", "Vienne")}{Text("B6", "Autriche")}{Date("C6", 1999, 10, 18)}{Text("D6", "DCM-1999-090")}<c r=\"E6\" t=\"str\"><f>UPPER(\"actif\")</f><v>ACTIF</v></c></row>" +
            $"<row r=\"8\">{Text("A8", "Cologne")}{Text("B8", "Allemagne")}{Date("C8", 2007, 7, 7)}{Text("D8", "DCM-2007-050")}{Text("E8", "actif")}</row>" +
            "</sheetData><mergeCells count=\"2\"><mergeCell ref=\"A1:E1\"/><mergeCell ref=\"B4:B5\"/></mergeCells></worksheet>";

        private const string OdsNamespaces =
            "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" " +
            "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"";

        private static string OdsText(string text, string attributes = "") =>
            $"<table:table-cell office:value-type=\"string\"{attributes}><text:p>{System.Security.SecurityElement.Escape(text)}</text:p></table:table-cell>";

        private static string OdsDate(string iso, string shown) =>
            $"<table:table-cell office:value-type=\"date\" office:date-value=\"{iso}\"><text:p>{shown}</text:p></table:table-cell>";

        private const string OdsEmpty = "<table:table-cell table:number-columns-repeated=\"1019\"/>";

        /// <summary>The same sheet as <see cref="Xlsx"/>, as LibreOffice writes it: repeated empty rows and cells, covered cells.</summary>
        public static byte[] Ods() => Zip(
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
            ("META-INF/manifest.xml", """<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"""),
            ("content.xml",
                $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content {OdsNamespaces} office:version=\"1.3\"><office:body><office:spreadsheet>" +
                "<table:table table:name=\"Jumelages\"><table:table-column table:number-columns-repeated=\"1024\"/>" +
                $"<table:table-row>{OdsText("Registre des jumelages de Saint-Jean-de-Braye", " table:number-columns-spanned=\"5\" table:number-rows-spanned=\"1\"")}<table:covered-table-cell table:number-columns-repeated=\"4\"/>{OdsEmpty}</table:table-row>" +
                "<table:table-row><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>" +
                $"<table:table-row>{OdsText("Commune jumelle")}{OdsText("Etat")}{OdsText("Date du jumelage")}{OdsText("Délibération")}{OdsText("Situation")}{OdsEmpty}</table:table-row>" +
                $"<table:table-row>{OdsText("Cracovie")}{OdsText("Pologne", " table:number-columns-spanned=\"1\" table:number-rows-spanned=\"2\"")}{OdsDate("1965-03-12", "12/03/65")}{OdsText("DCM-1965-014")}{OdsText("actif")}{OdsEmpty}</table:table-row>" +
                $"<table:table-row>{OdsText("Tuchów")}<table:covered-table-cell/>{OdsText("30/02/2001")}{OdsText("DCM-2001-055")}{OdsText("actif")}{OdsEmpty}</table:table-row>" +
                $"<table:table-row>{OdsText("Vienne")}{OdsText("Autriche")}{OdsDate("1999-10-18T00:00:00", "18/10/99")}{OdsText("DCM-1999-090")}<table:table-cell table:formula=\"of:=UPPER(&quot;actif&quot;)\" office:value-type=\"string\" office:string-value=\"ACTIF\"><text:p>ACTIF</text:p></table:table-cell>{OdsEmpty}</table:table-row>" +
                "<table:table-row><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>" +
                $"<table:table-row>{OdsText("Cologne")}{OdsText("Allemagne")}{OdsDate("2007-07-07", "07/07/07")}{OdsText("DCM-2007-050")}{OdsText("actif")}{OdsEmpty}</table:table-row>" +
                "<table:table-row table:number-rows-repeated=\"1048568\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>" +
                "</table:table><table:table table:name=\"Budget\"><table:table-row>" + OdsText("Poste") + "</table:table-row></table:table>" +
                "</office:spreadsheet></office:body></office:document-content>"));

        /// <summary>A workbook whose sheet expands from a few kilobytes to 20 MB of blanks.</summary>
        public static byte[] Bomb(string format)
        {
            var blanks = new string(' ', 20 * 1024 * 1024);
            return format == "xlsx"
                ? Xlsx($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{Main}\">{blanks}<sheetData/></worksheet>")
                : Zip(("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", "<?xml version=\"1.0\"?>" + blanks));
        }

        /// <summary>
        /// A workbook whose pictures expand to 112 MB while each compresses about 50 times (a 4 KB block of zeros after
        /// 48 random bytes): about 2 MB on disk. Then the deflated data of every entry is overwritten with an invalid
        /// block type, the directory left as is: a reader that expanded any entry would fail on it instead of refusing
        /// the archive from its directory.
        /// </summary>
        public static byte[] OverHundredMegabytes(string format)
        {
            const int Entries = 4, EntryBytes = 28 * 1024 * 1024, Block = 4096, Noise = 48;
            var random = new Random(14);
            var block = new byte[Block];
            using var buffer = new MemoryStream();
            using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            {
                void Small(string name, string content, CompressionLevel level = CompressionLevel.Optimal)
                {
                    using var stream = zip.CreateEntry(name, level).Open();
                    stream.Write(Encoding.UTF8.GetBytes(content));
                }
                if (format == "xlsx")
                {
                    Small("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>""");
                    Small("xl/workbook.xml", $"""<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{Main}"><sheets><sheet name="Jumelages" sheetId="1"/></sheets></workbook>""");
                    Small("xl/worksheets/sheet1.xml", $"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{Main}"><sheetData/></worksheet>""");
                }
                else
                {
                    Small("mimetype", "application/vnd.oasis.opendocument.spreadsheet", CompressionLevel.NoCompression);
                    Small("content.xml", $"<?xml version=\"1.0\"?><office:document-content {OdsNamespaces}/>");
                }
                for (var i = 1; i <= Entries; i++)
                {
                    using var stream = zip.CreateEntry(format == "xlsx" ? $"xl/media/image{i}.png" : $"Pictures/image{i}.png", CompressionLevel.Fastest).Open();
                    for (var written = 0; written < EntryBytes; written += Block)
                    {
                        random.NextBytes(block.AsSpan(0, Noise));
                        stream.Write(block);
                    }
                }
            }
            var bytes = buffer.ToArray();
            // Local headers: signature, …, method at 8, compressed size at 18, name and extra lengths at 26 and 28.
            var broken = 0;
            for (var at = 0; BitConverter.ToUInt32(bytes, at) == 0x04034B50;)
            {
                var method = BitConverter.ToUInt16(bytes, at + 8);
                var size = (int)BitConverter.ToUInt32(bytes, at + 18);
                var data = at + 30 + BitConverter.ToUInt16(bytes, at + 26) + BitConverter.ToUInt16(bytes, at + 28);
                if (method == 8)
                {
                    bytes.AsSpan(data, size).Fill(0xFF); // BFINAL 1, BTYPE 11: a reserved block type
                    broken++;
                }
                at = data + size;
            }
            Assert.True(broken >= Entries, $"{broken} entrées compressées trouvées");
            return bytes;
        }

        /// <summary>What Excel saves with a password: an OLE compound file holding « EncryptionInfo » and the encrypted package.</summary>
        public static byte[] EncryptedXlsx() =>
            [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504], .. Encoding.Unicode.GetBytes("EncryptionInfo"), .. new byte[512]];

        /// <summary>What LibreOffice saves with a password: the manifest describes the encryption of content.xml.</summary>
        public static byte[] EncryptedOds() => Zip(
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
            ("META-INF/manifest.xml", """<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"><manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="x"/></manifest:encryption-data></manifest:file-entry></manifest:manifest>"""),
            ("content.xml", "\u0001\u0002 chiffré"));
    }
}

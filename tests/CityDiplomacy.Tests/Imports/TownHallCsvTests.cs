using System.Text;
using CityDiplomacy.Engagements;
using CityDiplomacy.Imports;

namespace CityDiplomacy.Tests.Imports;

/// <summary>Reading a town hall's export: encoding, delimiter, French headers, quoting, dates, status words.</summary>
public sealed class TownHallCsvTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("citydiplomacy-townhall-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text, Encoding encoding)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, [.. encoding.GetPreamble(), .. encoding.GetBytes(text)]);
        return path;
    }

    private static Encoding Windows1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }

    [Fact]
    public void A_windows_1252_file_is_decoded_with_its_accents()
    {
        var path = Write("cp1252.csv", "Ville partenaire;Pays;Comité de jumelage\r\nSégovie;Espagne;Comité Ségovie\r\n", Windows1252());

        var file = TownHallCsv.Read(path);

        Assert.Equal("Windows-1252", file.EncodingName);
        Assert.Equal("Ségovie", file.Rows[0][ImportField.Partner]);
        Assert.Equal("Comité Ségovie", file.Rows[0][ImportField.Committee]);
    }

    [Theory]
    [InlineData(true, "UTF-8 (avec BOM)")]
    [InlineData(false, "UTF-8")]
    public void A_utf8_file_is_read_with_or_without_bom(bool bom, string encodingName)
    {
        var path = Write("utf8.csv", "Ville partenaire,Pays\nTuchów,Pologne\n", new UTF8Encoding(bom));

        var file = TownHallCsv.Read(path);

        Assert.Equal(encodingName, file.EncodingName);
        Assert.Equal(",", file.Delimiter);
        Assert.Equal("Tuchów", file.Rows[0][ImportField.Partner]);
        Assert.Equal("Ville partenaire", file.Columns[0].Header);
    }

    [Theory]
    [InlineData("Ville partenaire;Pays\n", ";")]
    [InlineData("Ville partenaire,Pays\n", ",")]
    [InlineData("Ville partenaire\tPays\n", "\t")]
    [InlineData("\"Ville; partenaire\",Pays,Statut\n", ",")]
    public void The_delimiter_is_the_one_the_header_line_uses(string header, string delimiter) =>
        Assert.Equal(delimiter, TownHallCsv.DetectDelimiter(header));

    [Fact]
    public void A_tab_separated_file_is_read()
    {
        var path = Write("tab.tsv", "Commune partenaire\tPays\tStatut\nGand\tBelgique\tactif\n", new UTF8Encoding(false));

        var file = TownHallCsv.Read(path);

        Assert.Equal("\t", file.Delimiter);
        Assert.Equal("Gand", file.Rows[0][ImportField.Partner]);
        Assert.Equal("actif", file.Rows[0][ImportField.Status]);
    }

    [Fact]
    public void A_quoted_delimiter_stays_inside_its_cell()
    {
        var path = Write("quoted.csv", "Ville partenaire;Comité de jumelage;Observations\r\nAix-la-Chapelle;\"Amitiés franco-allemandes; section Aix\";vu\r\n",
            new UTF8Encoding(false));

        var row = Assert.Single(TownHallCsv.Read(path).Rows);

        Assert.Equal("Amitiés franco-allemandes; section Aix", row[ImportField.Committee]);
        Assert.Equal("vu", row[ImportField.Notes]);
    }

    [Fact]
    public void A_trailing_space_is_trimmed()
    {
        var path = Write("space.csv", "Ville partenaire;Pays\r\nAix-la-Chapelle ;Allemagne \r\n", new UTF8Encoding(false));

        var row = Assert.Single(TownHallCsv.Read(path).Rows);

        Assert.Equal("Aix-la-Chapelle", row[ImportField.Partner]);
        Assert.Equal("Allemagne", row[ImportField.Country]);
    }

    [Fact]
    public void Blank_lines_and_lines_of_empty_cells_are_not_rows_and_lines_are_counted_physically()
    {
        var path = Write("blank.csv", "Ville partenaire;Pays\r\n\r\nCracovie;Pologne\r\n\"Naplouse\r\nNablus\";Palestine\r\nGand;Belgique\r\n;\r\n\r\n",
            new UTF8Encoding(false));

        var file = TownHallCsv.Read(path);

        Assert.Equal([3, 4, 6], file.Rows.Select(r => r.Line));
        Assert.Equal("Gand", file.Rows[2][ImportField.Partner]);
    }

    [Fact]
    public void A_formula_cell_is_kept_as_written_even_unquoted_with_the_delimiter_inside()
    {
        var path = Write("formula.csv", "Ville partenaire;Pays;Observations\r\nSfax;Tunisie;=HYPERLINK(\"http://example.invalid\";\"clic\")\r\n+33 1 23;Tunisie;@SUM(A1)\r\n",
            new UTF8Encoding(false));

        var file = TownHallCsv.Read(path);

        Assert.Equal("=HYPERLINK(\"http://example.invalid\";\"clic\")", file.Rows[0][ImportField.Notes]);
        Assert.Equal("+33 1 23", file.Rows[1][ImportField.Partner]);
        Assert.Equal("@SUM(A1)", file.Rows[1][ImportField.Notes]);
    }

    [Fact]
    public void French_column_names_are_mapped_and_unknown_ones_ignored()
    {
        var columns = TownHallCsv.Map(["Ville partenaire", "Pays", "Date de signature", "N° délibération", "Statut",
            "Comité de jumelage", "Observations", "Date de suspension", "Motif", "Type", "Budget"]);

        Assert.Equal(
            [ImportField.Partner, ImportField.Country, ImportField.SignedOn, ImportField.Deliberation, ImportField.Status,
             ImportField.Committee, ImportField.Notes, ImportField.StatusOn, ImportField.StatusReason, ImportField.Kind, null],
            columns.Select(c => c.Field));
    }

    [Fact]
    public void A_header_without_a_partner_column_is_refused_naming_the_file()
    {
        var path = Write("nopartner.csv", "Pays;Statut\r\nPologne;actif\r\n", new UTF8Encoding(false));

        var error = Assert.Throws<InvalidDataException>(() => TownHallCsv.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("Ville partenaire", error.Message);
    }

    [Theory]
    [InlineData("12/03/1965", "1965-03-12")]
    [InlineData("5/6/1972", "1972-06-05")]
    [InlineData("12 mars 1965", "1965-03-12")]
    [InlineData("1er août 2001", "2001-08-01")]
    [InlineData("17 Fevrier 1994", "1994-02-17")]
    [InlineData("1965-03-12", "1965-03-12")]
    [InlineData("", null)]
    public void Dates_are_read_as_town_halls_write_them(string cell, string? iso)
    {
        Assert.True(TownHallCsv.TryParseDate(cell, out var date));
        Assert.Equal(iso, IsoDate.Write(date));
    }

    [Theory]
    [InlineData("31/02/1990")]
    [InlineData("30 février 1990")]
    [InlineData("1990-02-31")]
    [InlineData("mars 1965")]
    [InlineData("12/13/1965")]
    public void Impossible_or_unknown_dates_are_refused(string cell) =>
        Assert.False(TownHallCsv.TryParseDate(cell, out _));

    [Theory]
    [InlineData("actif", EngagementStatus.Active)]
    [InlineData("ACTIF", EngagementStatus.Active)]
    [InlineData("En sommeil", EngagementStatus.Dormant)]
    [InlineData("suspendu", EngagementStatus.Suspended)]
    [InlineData("Terminé", EngagementStatus.Ended)]
    [InlineData("termine", EngagementStatus.Ended)]
    [InlineData("en projet", EngagementStatus.Proposed)]
    [InlineData("peut-être", null)]
    public void French_status_words_are_understood_whatever_their_case_and_accents(string cell, EngagementStatus? status) =>
        Assert.Equal(status, TownHallCsv.ParseStatus(cell));
}

using System.Text;
using CityDiplomacy.Cli;
using CityDiplomacy.Tests.Infrastructure;

namespace CityDiplomacy.Tests.Places;

/// <summary>« resolve --input IN.csv --output OUT.csv » on a copy of the template database.</summary>
public sealed class ResolveVerbTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("citydiplomacy-resolve-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string File(string name) => Path.Combine(_folder, name);

    [Fact]
    public async Task Every_row_is_kept_in_order_with_the_resolution_appended()
    {
        await using var database = await TestDatabase.SharedAsync("sqlite");
        var input = File("partenaires.csv");
        // Semicolons, a BOM, an extra column, a quoted delimiter, an unresolvable row and a formula cell.
        await System.IO.File.WriteAllTextAsync(input,
            "commune;query;country\r\n" +
            "Saint-Jean-de-Braye;Gmina Tuchów;Pologne\r\n" +
            "\"Lyon; Rhône\";Atlantide;\r\n" +
            "=2+3;Cracovie (Pologne);\r\n" +
            "Nogent-sur-Oise;Kraśnik County;PL\r\n" +
            "Paris;Paris;Atlantide\r\n",
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        var output = File("resolus.csv");

        var (code, stdout, stderr) = await RunAsync("resolve", "--input", input, "--output", output,
            "--database", "sqlite", "--connection-string", database.ConnectionString);

        Assert.True(code == 0, stderr);
        Assert.Contains("5 lignes : 3 résolues, 2 non résolues", stdout);
        var bytes = await System.IO.File.ReadAllBytesAsync(output);
        Assert.True(bytes is [0xEF, 0xBB, 0xBF, ..], "the input's BOM is kept");
        var lines = (await System.IO.File.ReadAllTextAsync(output)).Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.Equal("commune;query;country;geonameId;name;countryCode;latitude;longitude;score", lines[0]);
        Assert.StartsWith("Saint-Jean-de-Braye;Gmina Tuchów;Pologne;756634;Tuchów;PL;49.89", lines[1]);
        Assert.Equal("\"Lyon; Rhône\";Atlantide;;;;;;;", lines[2]);
        Assert.StartsWith("'=2+3;Cracovie (Pologne);;3094802;Kraków;PL;", lines[3]);
        Assert.StartsWith("Nogent-sur-Oise;Kraśnik County;PL;767623;Kraśnik;PL;", lines[4]);
        Assert.Equal("Paris;Paris;Atlantide;;;;;;", lines[5]);
    }

    [Fact]
    public async Task A_comma_or_tab_file_without_bom_is_read_and_written_alike()
    {
        await using var database = await TestDatabase.SharedAsync("sqlite");
        var input = File("tab.tsv");
        await System.IO.File.WriteAllTextAsync(input, "query\tcountry\nVienne\tAT\nVienne\tFR\n", new UTF8Encoding(false));
        var output = File("tab-out.tsv");

        var (code, _, stderr) = await RunAsync("resolve", "--input", input, "--output", output,
            "--database", "sqlite", "--connection-string", database.ConnectionString);

        Assert.True(code == 0, stderr);
        var bytes = await System.IO.File.ReadAllBytesAsync(output);
        Assert.False(bytes is [0xEF, 0xBB, 0xBF, ..]);
        var lines = (await System.IO.File.ReadAllTextAsync(output)).Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Vienne\tAT\t2761369\tVienna\tAT\t", lines[1]);
        Assert.StartsWith("Vienne\tFR\t2969284\tVienne\tFR\t", lines[2]);
    }

    [Fact]
    public async Task A_header_without_query_exits_1_naming_the_file()
    {
        var input = File("sans-query.csv");
        await System.IO.File.WriteAllTextAsync(input, "ville;pays\nCracovie;Pologne\n");

        var (code, stdout, stderr) = await RunAsync("resolve", "--input", input, "--output", File("out.csv"));

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains(input, stderr);
        Assert.Contains("query", stderr);
        Assert.False(System.IO.File.Exists(File("out.csv")));
    }

    [Fact]
    public async Task A_missing_input_file_exits_1_naming_the_file()
    {
        var input = File("absent.csv");

        var (code, _, stderr) = await RunAsync("resolve", "--input", input, "--output", File("out.csv"));

        Assert.Equal(1, code);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains(input, stderr);
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+33 1 23", "'+33 1 23")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("Kraków", "Kraków")]
    [InlineData("", "")]
    public void Cells_that_a_spreadsheet_would_run_are_neutralised(string cell, string written) =>
        Assert.Equal(written, ResolveVerb.Neutralise(cell));

    [Theory]
    [InlineData("query;country\n", ";")]
    [InlineData("query,country\n", ",")]
    [InlineData("query\tcountry\n", "\t")]
    [InlineData("\"a;b\",query,country\n", ",")]
    [InlineData("query\n", ",")]
    public void The_delimiter_is_the_one_the_header_uses(string header, string delimiter) =>
        Assert.Equal(delimiter, CityDiplomacy.Imports.TownHallCsv.DetectDelimiter(header, fallback: ","));

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Verbs.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}

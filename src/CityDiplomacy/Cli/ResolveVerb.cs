using System.Globalization;
using System.Text;
using CityDiplomacy.Data;
using CityDiplomacy.Places;
using CityDiplomacy.Reference;
using CsvHelper;
using CsvHelper.Configuration;
using Spectre.Console;

namespace CityDiplomacy.Cli;

/// <summary>
/// « resolve --input IN.csv --output OUT.csv »: every row of IN (a header with « query » and optionally « country »),
/// in the same order with the same columns, plus geonameId, name, countryCode, latitude, longitude and score (empty when
/// unresolved). The delimiter (« ; », « , » or tab) and a UTF-8 BOM are kept from the input.
/// </summary>
internal static class ResolveVerb
{
    public static readonly string[] AddedColumns = ["geonameId", "name", "countryCode", "latitude", "longitude", "score"];

    private const int PlainProgressEvery = 1000;

    public static async Task<int> RunAsync(CliInvocation invocation)
    {
        var inputPath = invocation.Value("--input") ?? throw new CliUsageException("resolve : --input IN.csv est obligatoire");
        var outputPath = invocation.Value("--output") ?? throw new CliUsageException("resolve : --output OUT.csv est obligatoire");
        var input = ReadInput(inputPath);

        var factory = new AppDbFactory(Verbs.DatabaseOptions(invocation));
        PlaceResolver resolver;
        await using (var db = factory.Create())
        {
            await DataSetup.MigrateAsync(db);
            if (!await ReferenceLoader.IsCurrentAsync(db, ReferenceSource.Embedded))
            {
                invocation.Output.WriteLine("Chargement des données de référence…");
                await new ReferenceLoader(db, TimeProvider.System).LoadAsync(ReferenceSource.Embedded);
            }
            resolver = await PlaceResolver.LoadAsync(db);
        }

        var results = new PlaceResolution[input.Rows.Count];
        void ResolveRow(int i)
        {
            var row = input.Rows[i];
            var query = input.QueryColumn < row.Length ? row[input.QueryColumn] : "";
            var country = input.CountryColumn is { } c && c < row.Length ? row[c] : null;
            results[i] = resolver.Resolve(query, country);
        }

        if (Interactive(invocation))
        {
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(context =>
                {
                    var task = context.AddTask("résolution", maxValue: Math.Max(1, input.Rows.Count));
                    for (var i = 0; i < input.Rows.Count; i++)
                    {
                        ResolveRow(i);
                        task.Increment(1);
                    }
                    return Task.CompletedTask;
                });
        }
        else
        {
            for (var i = 0; i < input.Rows.Count; i++)
            {
                ResolveRow(i);
                if ((i + 1) % PlainProgressEvery == 0) invocation.Output.WriteLine($"résolution : {i + 1}/{input.Rows.Count} lignes");
            }
        }

        WriteOutput(outputPath, input, results);
        var resolved = results.Count(r => r.Resolved);
        invocation.Output.WriteLine(
            $"{input.Rows.Count} lignes : {resolved} résolues, {input.Rows.Count - resolved} non résolues → {outputPath}");
        return 0;
    }

    internal sealed record InputFile(
        string Path, string Delimiter, bool HasBom, string[] Header, int QueryColumn, int? CountryColumn, List<string[]> Rows);

    internal static InputFile ReadInput(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"fichier d'entrée « {path} » introuvable.", path);
        var bytes = File.ReadAllBytes(path);
        var hasBom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
        var text = new UTF8Encoding(false).GetString(bytes, hasBom ? 3 : 0, bytes.Length - (hasBom ? 3 : 0));
        var delimiter = Imports.TownHallCsv.DetectDelimiter(text, fallback: ",");

        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter,
            HasHeaderRecord = true,
            BadDataFound = null,
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
        };
        using var csv = new CsvReader(new StringReader(text), configuration);
        if (!csv.Read() || csv.Parser.Record is not { Length: > 0 } header)
            throw new InvalidDataException($"{path} : fichier vide, un en-tête avec une colonne « query » est attendu.");
        var queryColumn = Array.FindIndex(header, h => string.Equals(h.Trim(), "query", StringComparison.OrdinalIgnoreCase));
        if (queryColumn < 0)
            throw new InvalidDataException($"{path} : l'en-tête n'a pas de colonne « query » (colonnes : {string.Join(", ", header)}).");
        var countryColumn = Array.FindIndex(header, h => string.Equals(h.Trim(), "country", StringComparison.OrdinalIgnoreCase));
        var rows = new List<string[]>();
        while (csv.Read())
            if (csv.Parser.Record is { } record) rows.Add(record);
        return new InputFile(path, delimiter, hasBom, header, queryColumn, countryColumn < 0 ? null : countryColumn, rows);
    }

    private static void WriteOutput(string path, InputFile input, PlaceResolution[] results)
    {
        using var stream = File.Create(path);
        using var writer = new StreamWriter(stream, new UTF8Encoding(input.HasBom));
        using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = input.Delimiter });
        foreach (var cell in input.Header) csv.WriteField(Neutralise(cell));
        foreach (var column in AddedColumns) csv.WriteField(column);
        csv.NextRecord();
        for (var i = 0; i < input.Rows.Count; i++)
        {
            var row = input.Rows[i];
            for (var j = 0; j < Math.Max(row.Length, input.Header.Length); j++)
                csv.WriteField(j < row.Length ? Neutralise(row[j]) : "");
            var best = results[i].Best;
            // Numbers are written as numbers (a negative longitude stays a number); text cells are neutralised.
            csv.WriteField(best?.GeonameId?.ToString(CultureInfo.InvariantCulture) ?? "");
            csv.WriteField(best is null ? "" : Neutralise(best.Name));
            csv.WriteField(best?.CountryCode ?? "");
            csv.WriteField(best?.Latitude?.ToString("0.#####", CultureInfo.InvariantCulture) ?? "");
            csv.WriteField(best?.Longitude?.ToString("0.#####", CultureInfo.InvariantCulture) ?? "");
            csv.WriteField(best?.Score.ToString("0.000", CultureInfo.InvariantCulture) ?? "");
            csv.NextRecord();
        }
    }

    /// <summary>A cell a spreadsheet would run as a formula (= + - @, tab, carriage return) is prefixed with « ' ».</summary>
    internal static string Neutralise(string cell) => OpenData.SpreadsheetCells.Neutralise(cell);

    private static bool Interactive(CliInvocation invocation) =>
        ReferenceEquals(invocation.Output, Console.Out) && !Console.IsOutputRedirected
        && AnsiConsole.Profile.Capabilities.Interactive;
}

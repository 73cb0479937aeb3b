using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CityDiplomacy.Places;
using CsvHelper;
using CsvHelper.Configuration;

namespace CityDiplomacy.Imports;

/// <summary>The national twinning directories the importer reads.</summary>
public enum DirectoryFormat
{
    /// <summary>Wikidata P190 query results as TSV (origincityLabel, origincountry, originlat… sistercityLabel…).</summary>
    WikidataTsv,
    /// <summary>The same query's results in the SPARQL 1.1 JSON results format (what the Wikidata endpoint answers).</summary>
    WikidataJson,
    /// <summary>Wikipedia's lists of twin towns: city1,country1,lat1,lng1,city2,country2,lat2,lng2, France on either side.</summary>
    WikipediaCsv,
}

/// <summary>One side of a pair: the name, the country as the directory writes it, the coordinates, the Wikidata item and INSEE code when given.</summary>
public sealed record DirectoryCity(string Name, string? Country, GeoPoint? Point, string? Item = null, string? InseeCode = null);

/// <summary>
/// A pair of twinned towns as a directory lists it, at its physical line (TSV, CSV: the header is line 1) or its rank
/// among the results (JSON). <see cref="Ordered"/>: the first side is the French one (Wikidata's query); otherwise
/// France may be either side (Wikipedia).
/// </summary>
public sealed record DirectoryPair(int Line, DirectoryCity First, DirectoryCity Second, bool Ordered);

/// <summary>A directory as read: where it comes from (name with licence, SHA-256 of its bytes) and its pairs.</summary>
public sealed record DirectoryFile(string Path, DirectoryFormat Format, string SourceName, string SourceVersion, string Licence,
    IReadOnlyList<DirectoryPair> Pairs)
{
    /// <summary>Where a pair sits in the source: « ligne 12 », or « résultat 12 » in JSON results, with the Wikidata items.</summary>
    public string RecordOf(DirectoryPair pair)
    {
        var where = Format == DirectoryFormat.WikidataJson ? $"résultat {pair.Line}" : $"ligne {pair.Line}";
        return pair.First.Item is { } a && pair.Second.Item is { } b ? $"{where} ({a} ↔ {b})" : where;
    }
}

/// <summary>
/// Reads the twinning directories: Wikidata P190 results (TSV or SPARQL JSON) and Wikipedia's CSV of twin towns. A
/// file that is not what its format says (missing column, a coordinate that is not a number or out of range, a pair
/// without a name) is refused as a whole with an <see cref="InvalidDataException"/> naming the file, the line and the
/// field: nothing of it is imported.
/// </summary>
public static class TwinningDirectory
{
    public const string WikipediaLicence = "CC BY-SA 4.0";
    public const string WikidataLicence = "CC0 1.0";

    private static readonly string[] WikidataColumns = ["origincityLabel", "sistercityLabel"];
    private static readonly string[] WikipediaColumns = ["city1", "country1", "lat1", "lng1", "city2", "country2", "lat2", "lng2"];

    public static DirectoryFormat? ParseFormat(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "wikidata-tsv" => DirectoryFormat.WikidataTsv,
        "wikidata-json" => DirectoryFormat.WikidataJson,
        "wikipedia-csv" => DirectoryFormat.WikipediaCsv,
        _ => null,
    };

    /// <summary>The provenance name of a directory: what it is, its licence, and the file (or endpoint) it was read from.</summary>
    public static string SourceNameFor(DirectoryFormat format, string origin)
    {
        var what = format == DirectoryFormat.WikipediaCsv
            ? $"Wikipédia, villes jumelles ({WikipediaLicence})"
            : $"Wikidata P190 ({WikidataLicence})";
        var name = System.IO.Path.GetFileName(origin);
        if (name.Length == 0) name = origin;
        if (name.Length > 120) name = name[..120];
        return $"{what} : {name}";
    }

    public static DirectoryFile Read(string path, DirectoryFormat format)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} : fichier introuvable.", path);
        var bytes = File.ReadAllBytes(path);
        return Parse(path, format, bytes, SourceNameFor(format, path));
    }

    /// <summary>Reads a directory from its bytes (a file, or the answer of the Wikidata endpoint).</summary>
    public static DirectoryFile Parse(string path, DirectoryFormat format, byte[] bytes, string sourceName)
    {
        var version = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var hasBom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, hasBom ? 3 : 0, bytes.Length - (hasBom ? 3 : 0));
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidDataException($"{path} : le fichier n'est pas en UTF-8 (les annuaires Wikipédia et Wikidata le sont).");
        }
        var pairs = format switch
        {
            DirectoryFormat.WikidataTsv => ReadDelimited(path, text, "\t", WikidataColumns, WikidataRow),
            DirectoryFormat.WikipediaCsv => ReadDelimited(path, text, ",", WikipediaColumns, WikipediaRow),
            _ => ReadJson(path, text),
        };
        var licence = format == DirectoryFormat.WikipediaCsv ? WikipediaLicence : WikidataLicence;
        return new DirectoryFile(path, format, sourceName, version, licence, pairs);
    }

    private delegate DirectoryPair RowReader(string path, int line, Func<string, string?> cell);

    private static List<DirectoryPair> ReadDelimited(string path, string text, string delimiter, string[] required, RowReader read)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter,
            HasHeaderRecord = true,
            BadDataFound = null,
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
            Mode = delimiter == "\t" ? CsvMode.NoEscape : CsvMode.RFC4180,
        };
        using var csv = new CsvReader(new StringReader(text), configuration);
        if (!csv.Read() || csv.Parser.Record is not { Length: > 0 } header)
            throw new InvalidDataException($"{path} : fichier vide, un en-tête est attendu ({string.Join(", ", required)}).");
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++) columns.TryAdd(header[i].Trim(), i);
        var missing = required.Where(c => !columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException(
                $"{path}, ligne 1 : l'en-tête n'a pas de colonne {string.Join(", ", missing.Select(m => $"« {m} »"))} (colonnes : {string.Join(", ", header)}).");

        var pairs = new List<DirectoryPair>();
        while (csv.Read())
        {
            var record = csv.Parser.Record;
            if (record is null || record.All(string.IsNullOrWhiteSpace)) continue;
            var line = csv.Parser.RawRow;
            string? Cell(string name) =>
                columns.TryGetValue(name, out var index) && index < record.Length && !string.IsNullOrWhiteSpace(record[index])
                    ? record[index].Trim()
                    : null;
            pairs.Add(read(path, line, Cell));
        }
        return pairs;
    }

    private static DirectoryPair WikidataRow(string path, int line, Func<string, string?> cell) => new(line,
        new DirectoryCity(Required(path, line, "origincityLabel", cell("origincityLabel")),
            cell("origincountry") ?? cell("origincountryLabel"),
            Point(path, line, "originlat", cell("originlat"), "originlong", cell("originlong")),
            Item(cell("origincity")), cell("origininsee")),
        new DirectoryCity(Required(path, line, "sistercityLabel", cell("sistercityLabel")),
            cell("destination_countryLabel") ?? cell("destinationcountryLabel"),
            Point(path, line, "destinationlat", cell("destinationlat"), "destinationlong", cell("destinationlong")),
            Item(cell("sistercity"))),
        Ordered: true);

    private static DirectoryPair WikipediaRow(string path, int line, Func<string, string?> cell) => new(line,
        new DirectoryCity(Required(path, line, "city1", cell("city1")), cell("country1"),
            Point(path, line, "lat1", cell("lat1"), "lng1", cell("lng1"))),
        new DirectoryCity(Required(path, line, "city2", cell("city2")), cell("country2"),
            Point(path, line, "lat2", cell("lat2"), "lng2", cell("lng2"))),
        Ordered: false);

    /// <summary>The SPARQL 1.1 JSON results format: head.vars, results.bindings[] of { var: { type, value } }.</summary>
    private static List<DirectoryPair> ReadJson(string path, string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException(
                $"{path}, ligne {(e.LineNumber ?? 0) + 1} : JSON invalide ({e.Message.Split(" Path:")[0]}) ; attendu le format de résultats SPARQL 1.1 JSON.");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Object
                || !results.TryGetProperty("bindings", out var bindings) || bindings.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"{path} : pas de « results.bindings » ; attendu le format de résultats SPARQL 1.1 JSON ({{\"head\":…,\"results\":{{\"bindings\":[…]}}}}).");
            if (root.TryGetProperty("head", out var head) && head.TryGetProperty("vars", out var vars) && vars.ValueKind == JsonValueKind.Array)
            {
                var names = vars.EnumerateArray().Select(v => v.GetString()).ToHashSet(StringComparer.OrdinalIgnoreCase);
                var missing = WikidataColumns.Where(c => !names.Contains(c)).ToList();
                if (missing.Count > 0)
                    throw new InvalidDataException(
                        $"{path} : head.vars ne contient pas {string.Join(", ", missing.Select(m => $"« {m} »"))} (variables : {string.Join(", ", names)}).");
            }

            var pairs = new List<DirectoryPair>();
            var rank = 0;
            foreach (var binding in bindings.EnumerateArray())
            {
                rank++;
                if (binding.ValueKind != JsonValueKind.Object)
                    throw new InvalidDataException($"{path}, résultat {rank} : une liaison doit être un objet JSON.");
                string? Cell(string name)
                {
                    if (!binding.TryGetProperty(name, out var term)) return null;
                    if (term.ValueKind != JsonValueKind.Object || !term.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.String)
                        throw new InvalidDataException($"{path}, résultat {rank}, champ « {name} » : attendu {{ \"type\": …, \"value\": \"…\" }}.");
                    return string.IsNullOrWhiteSpace(value.GetString()) ? null : value.GetString()!.Trim();
                }
                try
                {
                    pairs.Add(WikidataRow(path, rank, Cell));
                }
                catch (InvalidDataException e)
                {
                    // The row reader names « ligne N »: in JSON results, N is the rank of the result.
                    throw new InvalidDataException(e.Message.Replace($"{path}, ligne {rank}", $"{path}, résultat {rank}", StringComparison.Ordinal));
                }
            }
            return pairs;
        }
    }

    private static string Required(string path, int line, string field, string? value) =>
        value ?? throw new InvalidDataException($"{path}, ligne {line}, champ « {field} » : le nom de la ville est vide.");

    /// <summary>A Wikidata item id (Q…) from its URI or its id; null otherwise.</summary>
    private static string? Item(string? value)
    {
        if (value is null) return null;
        var id = value[(value.LastIndexOf('/') + 1)..];
        return id.Length > 1 && id[0] == 'Q' && id[1..].All(char.IsAsciiDigit) ? id : null;
    }

    private static GeoPoint? Point(string path, int line, string latitudeField, string? latitude, string longitudeField, string? longitude)
    {
        if (latitude is null && longitude is null) return null;
        var lat = Coordinate(path, line, latitudeField, latitude, 90);
        var lon = Coordinate(path, line, longitudeField, longitude, 180);
        return new GeoPoint(lat, lon);
    }

    private static double Coordinate(string path, int line, string field, string? value, double limit)
    {
        if (value is null)
            throw new InvalidDataException($"{path}, ligne {line}, champ « {field} » : coordonnée manquante alors que l'autre est donnée.");
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || double.IsNaN(number))
            throw new InvalidDataException($"{path}, ligne {line}, champ « {field} » : « {value} » n'est pas un nombre (degrés décimaux, point décimal).");
        if (Math.Abs(number) > limit)
            throw new InvalidDataException($"{path}, ligne {line}, champ « {field} » : {value} est hors de [-{limit} ; {limit}] degrés.");
        return number;
    }
}

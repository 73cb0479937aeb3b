using System.Globalization;

namespace CityDiplomacy.Benchmarks;

/// <summary>One gold query: right when the place chosen lies within <see cref="ToleranceKm"/> of the expected point.</summary>
internal sealed record GoldQuery(string Set, string Query, string Country, double Latitude, double Longitude, double ToleranceKm, string Expected);

/// <summary>
/// The resolver gold sets of ../shared/data (beside the repository, not part of it): French exonyms (right within 10 km)
/// and the partner side of the Wikidata P190 sample (right within 25 km of the Wikidata coordinates).
/// </summary>
internal static class GoldSets
{
    public const string Exonyms = "exonymes";
    public const string Wikidata = "wikidata";

    /// <summary>../shared/data from the repository root, or null when it is absent.</summary>
    public static string? DataDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "CityDiplomacy.slnx"))) continue;
            var data = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
            return Directory.Exists(data) ? data : null;
        }
        return null;
    }

    public static List<GoldQuery> Read(string dataDirectory) =>
    [
        .. ReadTsv(Path.Combine(dataDirectory, "gold", "french_exonyms_dev.tsv"), row =>
            new GoldQuery(Exonyms, row["query"], row["country"], Number(row["lat"]), Number(row["lng"]), 10, row["name"])),
        .. ReadTsv(Path.Combine(dataDirectory, "twinning", "wikidata_p190_france_2017_sample.tsv"), row =>
            row["sistercityLabel"].Length == 0 || row["destinationlat"].Length == 0 || row["destinationlong"].Length == 0
                ? null
                : new GoldQuery(Wikidata, row["sistercityLabel"], row["destination_countryLabel"],
                    Number(row["destinationlat"]), Number(row["destinationlong"]), 25, row["sistercityLabel"])),
    ];

    private static IEnumerable<GoldQuery> ReadTsv(string path, Func<Dictionary<string, string>, GoldQuery?> map)
    {
        using var reader = new StreamReader(path);
        var header = (reader.ReadLine() ?? "").Split('\t');
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            var cells = line.Split('\t');
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++) row[header[i]] = i < cells.Length ? cells[i].Trim() : "";
            if (map(row) is { } query) yield return query;
        }
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}

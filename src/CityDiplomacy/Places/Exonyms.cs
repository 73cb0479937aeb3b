using System.Text;
using CityDiplomacy.Reference;

namespace CityDiplomacy.Places;

/// <summary>A French name of a foreign place (data/reference/exonyms-fr.tsv).</summary>
public sealed record PlaceExonym(string Exonym, string CountryCode, int GeonameId, string Name, string Source);

/// <summary>A French or native name of a first-level region (data/reference/admin1-names.tsv).</summary>
public sealed record RegionName(string CountryCode, string Admin1Code, string Name, string Source);

/// <summary>
/// The two maintained name tables shipped with the executable. Unlike the generated reference data, they are edited
/// by hand; every row names its source (see docs/data-sources.md).
/// </summary>
public sealed record Exonyms(IReadOnlyList<PlaceExonym> Places, IReadOnlyList<RegionName> Regions)
{
    public const string PlacesFile = "exonyms-fr.tsv";
    public const string RegionsFile = "admin1-names.tsv";

    public static Exonyms Empty { get; } = new([], []);

    /// <summary>Reads both tables from the data embedded in the executable.</summary>
    public static Exonyms Load() => Load(ReferenceSource.Embedded);

    public static Exonyms Load(ReferenceSource source)
    {
        var places = Read(source, PlacesFile, ["exonym", "countryCode", "geonameId", "name", "source"], (cells, line) =>
            new PlaceExonym(cells[0], cells[1], int.TryParse(cells[2], out var id) && id > 0
                ? id
                : throw new InvalidDataException($"{PlacesFile}, ligne {line} : identifiant GeoNames « {cells[2]} » invalide."),
                cells[3], cells[4]));
        var regions = Read(source, RegionsFile, ["countryCode", "admin1Code", "name", "source"], (cells, _) =>
            new RegionName(cells[0], cells[1], cells[2], cells[3]));
        return new Exonyms(places, regions);
    }

    private static List<T> Read<T>(ReferenceSource source, string file, string[] header, Func<string[], int, T> row)
    {
        using var reader = new StreamReader(source.Open(file), Encoding.UTF8);
        var first = reader.ReadLine();
        if (first is null || !first.Split('\t').SequenceEqual(header))
            throw new InvalidDataException($"{file} : en-tête attendu « {string.Join(' ', header)} ».");
        var rows = new List<T>();
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0) continue;
            var cells = text.Split('\t');
            if (cells.Length != header.Length || cells.Any(string.IsNullOrWhiteSpace))
                throw new InvalidDataException($"{file}, ligne {line} : {header.Length} colonnes non vides attendues.");
            rows.Add(row(cells, line));
        }
        return rows;
    }
}

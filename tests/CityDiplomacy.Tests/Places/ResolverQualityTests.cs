using System.Globalization;
using CityDiplomacy.Places;
using CityDiplomacy.Tests.Infrastructure;

namespace CityDiplomacy.Tests.Places;

/// <summary>
/// A quality gate on the gold sets committed under tests/data (the whole exonym set, the first 300 rows of the Wikidata
/// sample): accuracy floors a little under what the resolver scores on them, so that a regression fails. Counted, not
/// timed. The full report on the complete sets is bench « quality ».
/// </summary>
public sealed class ResolverQualityTests(ResolverFixture fixture) : IClassFixture<ResolverFixture>
{
    private const double ExonymFloor = 0.98;
    private const double WikidataFloor = 0.90;

    [Fact]
    public void French_exonyms_resolve_within_10_km()
    {
        var rows = Rows(Repository.TestFile("gold", "french_exonyms_dev.tsv"),
            r => (r["query"], r["country"], r["lat"], r["lng"]));

        var accuracy = Accuracy(rows, 10);

        Assert.True(accuracy >= ExonymFloor, $"exonymes : {accuracy:P1} < {ExonymFloor:P0}");
    }

    [Fact]
    public void Wikidata_partners_resolve_within_25_km()
    {
        var rows = Rows(Repository.TestFile("twinning", "wikidata_p190_france_2017_sample.tsv"),
            r => (r["sistercityLabel"], r["destination_countryLabel"], r["destinationlat"], r["destinationlong"]));

        var accuracy = Accuracy(rows, 25);

        Assert.True(accuracy >= WikidataFloor, $"Wikidata : {accuracy:P1} < {WikidataFloor:P0}");
    }

    private double Accuracy(List<(string Query, string Country, string Latitude, string Longitude)> rows, double toleranceKm)
    {
        var usable = rows.Where(r => r.Query.Length > 0 && r.Latitude.Length > 0 && r.Longitude.Length > 0).ToList();
        Assert.NotEmpty(usable);
        var right = usable.Count(row =>
        {
            var best = fixture.Resolver.Resolve(row.Query, row.Country).Best;
            var expected = new GeoPoint(double.Parse(row.Latitude, CultureInfo.InvariantCulture), double.Parse(row.Longitude, CultureInfo.InvariantCulture));
            return best?.Latitude is { } latitude && best.Longitude is { } longitude && expected.DistanceKm(latitude, longitude) <= toleranceKm;
        });
        return right / (double)usable.Count;
    }

    private static List<T> Rows<T>(string path, Func<Dictionary<string, string>, T> map)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split('\t');
        return [.. lines.Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            var cells = line.Split('\t');
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++) row[header[i]] = i < cells.Length ? cells[i].Trim() : "";
            return map(row);
        })];
    }
}

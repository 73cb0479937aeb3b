using BenchmarkDotNet.Attributes;
using CityDiplomacy.Portal.Maps;
using CityDiplomacy.Reference;

namespace CityDiplomacy.Benchmarks;

/// <summary>
/// The commune page's world map: drawn on the base map cached per process and per width (what the page does),
/// against drawing the base map again (projection and path data of every country) and against decoding the
/// TopoJSON too. Ten partners across the world, as a well-twinned commune has. Each drawing is written, UTF-8
/// encoded, to a null stream as the page writes it to the response; « as one string » is the first version of the
/// page, which copied the cached base map into a new string per request.
/// </summary>
[MemoryDiagnoser]
public class PortalMapBenchmarks
{
    private static readonly LonLat Orleans = new(1.9, 47.9);
    private static readonly MapPoint[] Partners =
    [
        new(new(20.3, 50.5), "Tuchów"), new(new(22.2, 50.9), "Kraśnik"), new(new(-8.0, 12.6), "Bamako"),
        new(new(139.7, 35.7), "Tōkyō"), new(new(-70.6, -33.4), "Santiago"), new(new(-74.0, 40.7), "New York"),
        new(new(151.2, -33.9), "Sydney"), new(new(178.4, -18.1), "Suva"), new(new(37.6, 55.8), "Moskva"),
        new(new(-43.2, -22.9), "Rio de Janeiro"),
    ];

    private readonly StreamWriter _response = new(Stream.Null, new System.Text.UTF8Encoding(false), 16 * 1024);
    private IReadOnlyList<TopoFeature> _features = [];
    private Dictionary<string, int> _counts = [];

    [GlobalSetup]
    public void Setup()
    {
        using var stream = ReferenceSource.Embedded.Open("countries-110m.topo.json");
        _features = TopoJson.ReadFeatures(stream, "countries");
        _ = WorldMap.Shared.At(MapSvg.Width);
        _counts = _features.Where((_, i) => i % 3 == 0).Select((f, i) => (f.Id, Count: i * 7)).DistinctBy(x => x.Id).ToDictionary(x => x.Id, x => x.Count);
    }

    [Benchmark(Baseline = true, Description = "commune map, cached base map")]
    public int CachedBase() => Write(MapSvg.Links("carte", "Carte", "Dix partenaires", Orleans, Partners));

    [Benchmark(Description = "commune map, cached base map, as one string")]
    public int CachedBaseOneString()
    {
        var text = MapSvg.Links("carte", "Carte", "Dix partenaires", Orleans, Partners).ToString();
        _response.Write(text);
        return text.Length;
    }

    [Benchmark(Description = "commune map, base map projected again")]
    public int ProjectedAgain() => Write(MapSvg.Links("carte", "Carte", "Dix partenaires", Orleans, Partners, new WorldMap(_features)));

    [Benchmark(Description = "commune map, TopoJSON decoded and projected again")]
    public int DecodedAgain()
    {
        using var stream = ReferenceSource.Embedded.Open("countries-110m.topo.json");
        return Write(MapSvg.Links("carte", "Carte", "Dix partenaires", Orleans, Partners, new WorldMap(TopoJson.ReadFeatures(stream, "countries"))));
    }

    [Benchmark(Description = "national choropleth, cached base map")]
    public int Choropleth() => Write(MapSvg.Choropleth("choro", "Carte", "Jumelages", _counts));

    private int Write(SvgDrawing drawing)
    {
        drawing.WriteTo(_response, System.Text.Encodings.Web.HtmlEncoder.Default);
        return drawing.Parts.Count;
    }
}

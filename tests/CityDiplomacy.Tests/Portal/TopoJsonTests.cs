using System.Text;
using CityDiplomacy.Portal.Maps;
using CityDiplomacy.Reference;

namespace CityDiplomacy.Tests.Portal;

/// <summary>The TopoJSON decoder and the Equal Earth projection, on a hand-made topology and on the shipped atlas.</summary>
public sealed class TopoJsonTests
{
    private static readonly Lazy<IReadOnlyList<TopoFeature>> Atlas = new(() =>
    {
        using var stream = ReferenceSource.Embedded.Open("countries-110m.topo.json");
        return TopoJson.ReadFeatures(stream, "countries");
    });

    private static TopoFeature Country(string numeric) => Atlas.Value.Single(f => f.Id == numeric);

    [Fact]
    public void Quantized_arcs_are_delta_decoded_through_the_transform_and_reversed_arcs_run_backwards()
    {
        // Two arcs: a → b → c, then c → d → a; the second polygon walks the first arc backwards (~0).
        const string json = """
            {"type":"Topology","transform":{"scale":[0.5,0.25],"translate":[10,40]},
             "arcs":[[[0,0],[4,0],[0,4]],[[4,4],[-4,0],[0,-4]]],
             "objects":{"shapes":{"type":"GeometryCollection","geometries":[
               {"type":"Polygon","id":"001","properties":{"name":"Carré"},"arcs":[[0,1]]},
               {"type":"MultiPolygon","id":"002","arcs":[[[~0]],[[1]]]},
               {"type":"LineString","id":"003","arcs":[0]}]}}}
            """;
        var features = TopoJson.ReadFeatures(new MemoryStream(Encoding.UTF8.GetBytes(json.Replace("~0", "-1"))), "shapes");

        Assert.Equal(["001", "002"], features.Select(f => f.Id));
        var square = Assert.Single(Assert.Single(features[0].Polygons));
        Assert.Equal([new(10, 40), new(12, 40), new(12, 41), new(10, 41), new(10, 40)], square);
        Assert.Equal("Carré", features[0].Name);
        var backwards = Assert.Single(features[1].Polygons[0]);
        Assert.Equal([new(12, 41), new(12, 40), new(10, 40)], backwards);
        Assert.Equal(2, features[1].Polygons.Count);
    }

    [Fact]
    public void A_file_that_is_not_a_topology_is_refused_with_a_clear_message()
    {
        var error = Assert.Throws<InvalidDataException>(() =>
            TopoJson.ReadFeatures(new MemoryStream("""{"type":"FeatureCollection"}"""u8.ToArray()), "countries"));
        Assert.Contains("Topology", error.Message);
    }

    [Fact]
    public void The_shipped_atlas_holds_the_countries_with_their_ISO_numeric_ids()
    {
        Assert.InRange(Atlas.Value.Count, 170, 180);
        Assert.Equal("Poland", Country("616").Name);
        // France is a multipolygon: the mainland, Corsica and French Guiana.
        var france = Country("250");
        Assert.True(france.Polygons.Count >= 3, $"{france.Polygons.Count} polygones");
        var mainland = france.Polygons.MaxBy(p => p[0].Count)!;
        Assert.All(mainland[0], p => Assert.True(p.Lon is > -5.5 and < 8.5 && p.Lat is > 42 and < 51.5, $"{p} hors de la métropole"));
        Assert.Contains(france.Polygons, p => p[0].All(q => q.Lon is > -55 and < -51 && q.Lat is > 2 and < 6)); // Guyane
        Assert.All(Atlas.Value.SelectMany(f => f.Polygons).SelectMany(p => p).SelectMany(r => r),
            p => Assert.True(p.Lon is >= -180 and <= 180 && p.Lat is >= -90 and <= 90, p.ToString()));
    }

    [Theory]
    [InlineData("242")] // Fiji
    [InlineData("643")] // Russia (Chukotka)
    public void Countries_across_the_antimeridian_never_draw_an_edge_across_the_map(string numeric)
    {
        var feature = Country(numeric);
        var rendering = new WorldMap([feature]).At(960);
        var both = feature.Polygons.SelectMany(p => p[0]).ToList();
        Assert.Contains(both, p => p.Lon > 170);
        Assert.Contains(both, p => p.Lon < -170);

        foreach (var ring in feature.Polygons.SelectMany(p => p))
        {
            var projected = rendering.ProjectRing(ring);
            for (var i = 0; i < projected.Count; i++)
            {
                var (a, b) = (projected[i], projected[(i + 1) % projected.Count]);
                Assert.True(Math.Abs(a.X - b.X) < 100, $"arête de {a} à {b}");
            }
        }
    }

    [Fact]
    public void Equal_Earth_maps_the_centre_the_edges_and_the_poles()
    {
        Assert.Equal((0.0, 0.0), EqualEarth.Project(0, 0));
        Assert.Equal(2.7066, EqualEarth.HalfWidth, 3);
        Assert.Equal(1.3173, EqualEarth.HalfHeight, 3);
        var (x, y) = EqualEarth.Project(-180, -90);
        Assert.Equal(-EqualEarth.Project(180, 90).X, x, 9);
        Assert.Equal(-EqualEarth.HalfHeight, y, 9);
        // Equal-area: a 10° cell near the equator and one near the pole differ in shape, not in projected area ratio
        // to their spherical areas (checked on two bands of equal spherical area).
        Assert.Equal(Band(0, Math.Asin(0.5) * 180 / Math.PI), Band(Math.Asin(0.5) * 180 / Math.PI, 90), 2);
    }

    /// <summary>Projected area of a band between two latitudes, by the trapezoid rule on its edges.</summary>
    private static double Band(double south, double north)
    {
        var area = 0.0;
        const int steps = 400;
        for (var i = 0; i < steps; i++)
        {
            var lat0 = south + (north - south) * i / steps;
            var lat1 = south + (north - south) * (i + 1) / steps;
            var w0 = EqualEarth.Project(180, lat0).X * 2;
            var w1 = EqualEarth.Project(180, lat1).X * 2;
            var h = EqualEarth.Project(0, lat1).Y - EqualEarth.Project(0, lat0).Y;
            area += (w0 + w1) / 2 * h;
        }
        return area;
    }
}

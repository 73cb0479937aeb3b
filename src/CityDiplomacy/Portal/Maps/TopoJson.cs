using System.Text.Json;

namespace CityDiplomacy.Portal.Maps;

/// <summary>A position in degrees.</summary>
public readonly record struct LonLat(double Lon, double Lat);

/// <summary>One feature of a TopoJSON object: its id, name and polygons (each a list of rings, outer ring first).</summary>
public sealed record TopoFeature(string Id, string Name, IReadOnlyList<IReadOnlyList<IReadOnlyList<LonLat>>> Polygons);

/// <summary>
/// Decodes the polygons of a TopoJSON topology (<see href="https://github.com/topojson/topojson-specification">specification</see>):
/// quantized arcs are delta-decoded and mapped through the transform; a polygon's rings are stitched from its arcs
/// (a negative index <c>~i</c> is arc <c>i</c> reversed; the shared point between consecutive arcs is kept once).
/// Only Polygon and MultiPolygon geometries are read: the world atlas holds nothing else.
/// </summary>
public static class TopoJson
{
    public static IReadOnlyList<TopoFeature> ReadFeatures(Stream json, string objectName)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (!root.TryGetProperty("type", out var type) || type.GetString() != "Topology")
            throw new InvalidDataException("TopoJSON : « type » doit valoir « Topology ».");
        var arcs = DecodeArcs(root);
        if (!root.GetProperty("objects").TryGetProperty(objectName, out var collection))
            throw new InvalidDataException($"TopoJSON : objet « {objectName} » absent.");
        var features = new List<TopoFeature>();
        foreach (var geometry in collection.GetProperty("geometries").EnumerateArray())
        {
            var id = geometry.TryGetProperty("id", out var idElement) ? idElement.ToString() : "";
            var name = geometry.TryGetProperty("properties", out var properties) && properties.TryGetProperty("name", out var n)
                ? n.GetString() ?? "" : "";
            var kind = geometry.TryGetProperty("type", out var t) ? t.GetString() : null;
            var polygons = kind switch
            {
                "Polygon" => [Polygon(geometry.GetProperty("arcs"), arcs)],
                "MultiPolygon" => geometry.GetProperty("arcs").EnumerateArray().Select(p => Polygon(p, arcs)).ToList(),
                _ => new List<IReadOnlyList<IReadOnlyList<LonLat>>>(),
            };
            if (polygons.Count > 0) features.Add(new TopoFeature(id, name, polygons));
        }
        return features;
    }

    /// <summary>Every arc in degrees: positions accumulated (when quantized) then scaled and translated.</summary>
    internal static LonLat[][] DecodeArcs(JsonElement topology)
    {
        var quantized = topology.TryGetProperty("transform", out var transform);
        double sx = 1, sy = 1, tx = 0, ty = 0;
        if (quantized)
        {
            var scale = transform.GetProperty("scale");
            var translate = transform.GetProperty("translate");
            (sx, sy) = (scale[0].GetDouble(), scale[1].GetDouble());
            (tx, ty) = (translate[0].GetDouble(), translate[1].GetDouble());
        }
        var arcs = new List<LonLat[]>();
        foreach (var arc in topology.GetProperty("arcs").EnumerateArray())
        {
            var points = new LonLat[arc.GetArrayLength()];
            double x = 0, y = 0;
            var i = 0;
            foreach (var position in arc.EnumerateArray())
            {
                if (quantized)
                {
                    x += position[0].GetDouble();
                    y += position[1].GetDouble();
                    points[i++] = new LonLat(x * sx + tx, y * sy + ty);
                }
                else
                {
                    points[i++] = new LonLat(position[0].GetDouble(), position[1].GetDouble());
                }
            }
            arcs.Add(points);
        }
        return arcs.ToArray();
    }

    private static IReadOnlyList<IReadOnlyList<LonLat>> Polygon(JsonElement rings, LonLat[][] arcs) =>
        rings.EnumerateArray().Select(ring => Ring(ring.EnumerateArray().Select(a => a.GetInt32()), arcs)).ToList();

    internal static IReadOnlyList<LonLat> Ring(IEnumerable<int> arcIndexes, LonLat[][] arcs)
    {
        var ring = new List<LonLat>();
        foreach (var index in arcIndexes)
        {
            var reversed = index < 0;
            var arc = arcs[reversed ? ~index : index];
            var start = ring.Count == 0 ? 0 : 1; // the first point repeats the previous arc's last one
            for (var k = start; k < arc.Length; k++)
                ring.Add(arc[reversed ? arc.Length - 1 - k : k]);
        }
        return ring;
    }
}

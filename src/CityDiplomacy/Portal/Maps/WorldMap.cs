using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using CityDiplomacy.Reference;

namespace CityDiplomacy.Portal.Maps;

/// <summary>
/// The world's countries from the shipped world-atlas TopoJSON (Natural Earth 1:110m, ids = ISO 3166-1 numeric),
/// projected with <see cref="EqualEarth"/> into SVG path data. The outlines are decoded once per process and the
/// path data computed once per width: a page only adds its lines, points or colours on top.
/// </summary>
public sealed class WorldMap
{
    private static readonly Lazy<WorldMap> SharedMap = new(() =>
    {
        using var stream = ReferenceSource.Embedded.Open("countries-110m.topo.json");
        return new WorldMap(TopoJson.ReadFeatures(stream, "countries"));
    });

    /// <summary>The map of the shipped 1:110m atlas, read on first use.</summary>
    public static WorldMap Shared => SharedMap.Value;

    private readonly ConcurrentDictionary<int, Rendering> _renderings = new();

    public WorldMap(IReadOnlyList<TopoFeature> features) => Features = features;

    public IReadOnlyList<TopoFeature> Features { get; }

    /// <summary>The outlines' path data at that width, computed on first use and kept.</summary>
    public Rendering At(int width) => _renderings.GetOrAdd(width, w => new Rendering(this, w));

    /// <summary>Path data and coordinates of the map drawn <see cref="Width"/> pixels wide.</summary>
    public sealed class Rendering
    {
        private readonly double _scale;

        internal Rendering(WorldMap map, int width)
        {
            Width = width;
            _scale = width / (2 * EqualEarth.HalfWidth);
            Height = (int)Math.Ceiling(2 * EqualEarth.HalfHeight * _scale);
            var paths = new Dictionary<string, string>(StringComparer.Ordinal);
            var boxes = new Dictionary<string, Box>(StringComparer.Ordinal);
            var all = new StringBuilder();
            foreach (var feature in map.Features)
            {
                var d = new StringBuilder();
                Box? main = null;
                var mainPoints = 0;
                foreach (var polygon in feature.Polygons)
                {
                    var points = 0;
                    var box = Box.Empty;
                    foreach (var ring in polygon)
                    {
                        var projected = ProjectRing(ring);
                        if (projected.Count < 3) continue;
                        AppendRing(d, projected);
                        points += projected.Count;
                        foreach (var p in projected) box = box.With(p.X, p.Y);
                    }
                    if (points > mainPoints) (main, mainPoints) = (box, points);
                }
                if (d.Length == 0) continue;
                var text = d.ToString();
                // Several features may share an id (the atlas gives -99 to a few disputed areas): keep them all.
                paths[feature.Id] = paths.TryGetValue(feature.Id, out var earlier) ? earlier + text : text;
                if (main is { } m && !boxes.ContainsKey(feature.Id)) boxes[feature.Id] = m;
                all.Append(text);
            }
            CountryPaths = paths;
            MainBoxes = boxes;
            AllCountries = all.ToString();
            AllCountriesElement = $"<path class=\"land\" d=\"{AllCountries}\"/>";
            BaseMapDocument = $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\"><path id=\"{BaseMapFragment}\" d=\"{AllCountries}\"/></svg>";
            BaseMapUrl = $"/cartes/monde-{Width}.svg?v={Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(BaseMapDocument)))[..12]}";
            CountryElements = paths.ToDictionary(p => p.Key,
                p => ElementClasses.Select(c => $"<path class=\"{c}\" d=\"{p.Value}\"/>").ToArray(), StringComparer.Ordinal);
        }

        /// <summary>The classes of <see cref="CountryElements"/>: the six choropleth classes, then land and focus.</summary>
        public static readonly string[] ElementClasses = ["c0", "c1", "c2", "c3", "c4", "c5", "land", "focus"];
        public const int Land = 6, Focus = 7;

        /// <summary>The id of the countries' path in <see cref="BaseMapDocument"/>.</summary>
        public const string BaseMapFragment = "terres";

        /// <summary>
        /// The countries alone as a standalone SVG document, served once at <see cref="BaseMapUrl"/> and cached by the
        /// browser: commune pages reference it with &lt;use&gt; instead of repeating its ≈ 100 kB in every page.
        /// </summary>
        public string BaseMapDocument { get; }

        /// <summary>Where <see cref="BaseMapDocument"/> is served; the query holds its hash, so it can be cached for ever.</summary>
        public string BaseMapUrl { get; }

        /// <summary>All the countries as one &lt;path class="land"&gt; element, ready to write.</summary>
        public string AllCountriesElement { get; }

        /// <summary>Each country's &lt;path&gt; element in each class of <see cref="ElementClasses"/>, ready to write.</summary>
        public IReadOnlyDictionary<string, string[]> CountryElements { get; }

        public int Width { get; }
        public int Height { get; }

        /// <summary>Path data of every country, by ISO numeric id.</summary>
        public IReadOnlyDictionary<string, string> CountryPaths { get; }

        /// <summary>Path data of all the countries in one string (the base map of the commune page).</summary>
        public string AllCountries { get; }

        /// <summary>Bounding box of each country's largest polygon (its mainland), for zooming on it.</summary>
        public IReadOnlyDictionary<string, Box> MainBoxes { get; }

        public (double X, double Y) ToSvg(double lon, double lat)
        {
            var (x, y) = EqualEarth.Project(lon, lat);
            return ((x + EqualEarth.HalfWidth) * _scale, (EqualEarth.HalfHeight - y) * _scale);
        }

        /// <summary>
        /// A ring's points in SVG coordinates, rounded to a tenth of a pixel, without repeated points. A ring that
        /// crosses the antimeridian (Fiji, Chukotka) is unwrapped then clamped to ±180°, so no edge spans the map.
        /// </summary>
        internal List<(double X, double Y)> ProjectRing(IReadOnlyList<LonLat> ring)
        {
            var result = new List<(double X, double Y)>(ring.Count);
            var previousLon = double.NaN;
            var shift = 0.0;
            foreach (var point in ring)
            {
                var lon = point.Lon + shift;
                if (!double.IsNaN(previousLon))
                {
                    if (lon - previousLon > 180) { shift -= 360; lon -= 360; }
                    else if (previousLon - lon > 180) { shift += 360; lon += 360; }
                }
                previousLon = lon;
                var (x, y) = ToSvg(Math.Clamp(lon, -180, 180), point.Lat);
                (x, y) = (Math.Round(x, 1), Math.Round(y, 1));
                if (result.Count > 0 && result[^1] == (x, y)) continue;
                result.Add((x, y));
            }
            if (result.Count > 1 && result[0] == result[^1]) result.RemoveAt(result.Count - 1);
            return result;
        }

        /// <summary>
        /// The great-circle route between two places as path data, cut where it crosses the antimeridian so the
        /// line never runs across the whole map.
        /// </summary>
        public string GreatCircle(LonLat from, LonLat to)
        {
            var d = new StringBuilder();
            double? previousLon = null;
            var first = true;
            foreach (var point in GreatCirclePoints(from, to))
            {
                var (x, y) = ToSvg(point.Lon, point.Lat);
                var jump = previousLon is { } p && Math.Abs(point.Lon - p) > 180;
                d.Append(first || jump ? 'M' : 'L').Append(Number(x)).Append(',').Append(Number(y));
                previousLon = point.Lon;
                first = false;
            }
            return d.ToString();
        }

        /// <summary>The great-circle route between two places, one point every 3 degrees of arc or less, ends included.</summary>
        public static IEnumerable<LonLat> GreatCirclePoints(LonLat from, LonLat to)
        {
            var a = Vector(from);
            var b = Vector(to);
            var angle = Math.Acos(Math.Clamp(a.X * b.X + a.Y * b.Y + a.Z * b.Z, -1, 1));
            var steps = Math.Max(2, (int)Math.Ceiling(angle * 180 / Math.PI / 3));
            for (var i = 0; i <= steps; i++)
                yield return angle < 1e-9 ? from : Interpolate(a, b, angle, (double)i / steps);
        }

        private static (double X, double Y, double Z) Vector(LonLat p)
        {
            var lon = p.Lon * Math.PI / 180;
            var lat = p.Lat * Math.PI / 180;
            return (Math.Cos(lat) * Math.Cos(lon), Math.Cos(lat) * Math.Sin(lon), Math.Sin(lat));
        }

        private static LonLat Interpolate((double X, double Y, double Z) a, (double X, double Y, double Z) b, double angle, double t)
        {
            var sin = Math.Sin(angle);
            var ka = Math.Sin((1 - t) * angle) / sin;
            var kb = Math.Sin(t * angle) / sin;
            var (x, y, z) = (ka * a.X + kb * b.X, ka * a.Y + kb * b.Y, ka * a.Z + kb * b.Z);
            return new LonLat(Math.Atan2(y, x) * 180 / Math.PI, Math.Atan2(z, Math.Sqrt(x * x + y * y)) * 180 / Math.PI);
        }

        private static void AppendRing(StringBuilder d, List<(double X, double Y)> ring)
        {
            d.Append('M').Append(Number(ring[0].X)).Append(',').Append(Number(ring[0].Y)).Append('L');
            for (var i = 1; i < ring.Count; i++)
            {
                if (i > 1) d.Append(' ');
                d.Append(Number(ring[i].X)).Append(',').Append(Number(ring[i].Y));
            }
            d.Append('Z');
        }
    }

    /// <summary>A number as SVG writes it: invariant, at most one decimal.</summary>
    public static string Number(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);
}

/// <summary>An axis-aligned box in SVG coordinates.</summary>
public readonly record struct Box(double MinX, double MinY, double MaxX, double MaxY)
{
    public static readonly Box Empty = new(double.MaxValue, double.MaxValue, double.MinValue, double.MinValue);
    public bool IsEmpty => MinX > MaxX;
    public double Width => MaxX - MinX;
    public double Height => MaxY - MinY;
    public Box With(double x, double y) => new(Math.Min(MinX, x), Math.Min(MinY, y), Math.Max(MaxX, x), Math.Max(MaxY, y));
}

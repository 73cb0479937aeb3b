using System.Security;
using System.Text;

namespace CityDiplomacy.Portal.Maps;

/// <summary>A partner drawn on a map: where it is and what the line stands for.</summary>
public sealed record MapPoint(LonLat Position, string Label);

/// <summary>
/// Server-drawn SVG maps on the cached <see cref="WorldMap"/>. Every map is an image (role="img", with a title and a
/// description) whose content the page also gives as a table: the SVG is never the only way to read it. The base
/// map's elements are cached strings: a drawing only adds its own small parts around them.
/// </summary>
public static class MapSvg
{
    public const int Width = 960;

    /// <summary>The choropleth classes' lower bounds (class 1 starts at 1, class 5 at 200).</summary>
    public static readonly int[] ClassBounds = [1, 5, 20, 50, 200];

    /// <summary>Class 0 (none) to 5 for a count.</summary>
    public static int ClassOf(int count)
    {
        var c = 0;
        for (var i = 0; i < ClassBounds.Length; i++)
            if (count >= ClassBounds[i]) c = i + 1;
        return c;
    }

    /// <summary>
    /// Beyond this span of longitude (the smallest arc that holds the commune and its partners), the links map shows the
    /// whole world: a zoom would distort more than it shows.
    /// </summary>
    public const double MaxZoomedLongitudeSpan = 150;

    /// <summary>
    /// The commune and a great-circle line to each partner, zoomed on the extent of them all with a margin (see
    /// <see cref="LinksExtent"/>); the world map when they span it.
    /// </summary>
    public static SvgDrawing Links(string id, string title, string description, LonLat? origin, IReadOnlyList<MapPoint> partners, WorldMap? map = null)
    {
        var r = (map ?? WorldMap.Shared).At(Width);
        var extent = LinksExtent(r, origin, partners) ?? new Box(0, 0, r.Width, r.Height);
        // Marks keep their size on screen: the zoomed view enlarges everything by Width / extent width.
        var zoom = extent.Width / r.Width;
        var overlay = new StringBuilder();
        if (origin is { } o)
        {
            overlay.Append("<g class=\"links\">");
            foreach (var partner in partners)
                overlay.Append("<path class=\"link\" d=\"").Append(r.GreatCircle(o, partner.Position)).Append("\"/>");
            overlay.Append("</g>");
        }
        overlay.Append("<g class=\"partners\">");
        foreach (var partner in partners) Circle(overlay, r, partner.Position, "partner", 3 * zoom);
        overlay.Append("</g>");
        if (origin is { } home) Circle(overlay, r, home, "origin", 4 * zoom);
        overlay.Append("</svg>");
        var viewBox = $"{WorldMap.Number(extent.MinX)} {WorldMap.Number(extent.MinY)} {WorldMap.Number(extent.Width)} {WorldMap.Number(extent.Height)}";
        // The base map is referenced, not inlined: the page stays small and the browser caches the map once.
        var land = $"<use class=\"land\" href=\"{r.BaseMapUrl}#{WorldMap.Rendering.BaseMapFragment}\"/>";
        return new SvgDrawing([Open(id, title, description, viewBox, r.Width, r.Height), land, overlay.ToString()]);
    }

    /// <summary>Whether the links map of these places is the whole world (see <see cref="LinksExtent"/>).</summary>
    public static bool LinksShowTheWorld(LonLat? origin, IReadOnlyList<MapPoint> partners, WorldMap? map = null) =>
        LinksExtent((map ?? WorldMap.Shared).At(Width), origin, partners) is null;

    /// <summary>
    /// The part of the map (SVG coordinates, the world map's proportions) that holds the commune, its partners and the
    /// lines between them, with a margin and at least a region's size; null for the whole world: no place, places
    /// spread over more than <see cref="MaxZoomedLongitudeSpan"/>° of longitude or over most of the map, or whose
    /// smallest arc of longitude crosses the antimeridian (the map is cut there, so no zoom can show both sides).
    /// </summary>
    internal static Box? LinksExtent(WorldMap.Rendering r, LonLat? origin, IReadOnlyList<MapPoint> partners)
    {
        var places = partners.Select(p => p.Position).ToList();
        if (origin is { } o) places.Add(o);
        if (places.Count == 0) return null;

        // The smallest arc of longitude holding every place: the circle minus its largest empty gap.
        var longitudes = places.Select(p => p.Lon).Order().ToList();
        var (gap, crossesAntimeridian) = (longitudes[0] + 360 - longitudes[^1], false);
        for (var i = 1; i < longitudes.Count; i++)
            if (longitudes[i] - longitudes[i - 1] > gap) (gap, crossesAntimeridian) = (longitudes[i] - longitudes[i - 1], true);
        if (crossesAntimeridian || 360 - gap > MaxZoomedLongitudeSpan) return null;

        var box = Box.Empty;
        foreach (var place in places)
        {
            var (x, y) = r.ToSvg(place.Lon, place.Lat);
            box = box.With(x, y);
        }
        // Great circles bend towards the pole: the lines must fit too.
        if (origin is { } from)
            foreach (var partner in partners)
                foreach (var point in WorldMap.Rendering.GreatCirclePoints(from, partner.Position))
                {
                    var (x, y) = r.ToSvg(point.Lon, point.Lat);
                    box = box.With(x, y);
                }

        // A margin of a fifth, at least a region's size (about 20° of longitude), then the map's own proportions.
        var ratio = (double)r.Width / r.Height;
        var w = Math.Max(box.Width * 1.4, r.Width / 16.0);
        var h = Math.Max(box.Height * 1.4, r.Width / 16.0 / ratio);
        if (w / h > ratio) h = w / ratio; else w = h * ratio;
        if (w > r.Width * 0.7) return null;
        // Centred on the places, kept inside the map where it can be.
        var minX = Math.Clamp((box.MinX + box.MaxX - w) / 2, 0, r.Width - w);
        var minY = Math.Clamp((box.MinY + box.MaxY - h) / 2, 0, Math.Max(0, r.Height - h));
        return new Box(minX, minY, minX + w, minY + h);
    }

    /// <summary>Countries coloured by class (see <see cref="ClassOf"/>), keyed by ISO numeric id.</summary>
    public static SvgDrawing Choropleth(string id, string title, string description, IReadOnlyDictionary<string, int> countsByNumeric, WorldMap? map = null)
    {
        var r = (map ?? WorldMap.Shared).At(Width);
        var parts = new List<string>(r.CountryElements.Count + 2) { Open(id, title, description, $"0 0 {r.Width} {r.Height}", r.Width, r.Height) };
        foreach (var (numeric, elements) in r.CountryElements)
            parts.Add(elements[countsByNumeric.TryGetValue(numeric, out var count) ? ClassOf(count) : 0]);
        parts.Add("</svg>");
        return new SvgDrawing(parts);
    }

    /// <summary>One country highlighted, zoomed on its mainland and on the given places, with a point per place.</summary>
    public static SvgDrawing Country(string id, string title, string description, string numeric, IReadOnlyList<MapPoint> places, WorldMap? map = null)
    {
        var r = (map ?? WorldMap.Shared).At(Width);
        var box = r.MainBoxes.TryGetValue(numeric, out var main) ? main : Box.Empty;
        foreach (var place in places)
        {
            var (x, y) = r.ToSvg(place.Position.Lon, place.Position.Lat);
            box = box.With(x, y);
        }
        if (box.IsEmpty) box = new Box(0, 0, r.Width, r.Height);
        // Some margin, at least a region's size, and the map's own proportions.
        var w = Math.Max(box.Width * 1.3, 160);
        var h = Math.Max(box.Height * 1.3, 80);
        if (w / h > 2) h = w / 2; else w = h * 2;
        var cx = (box.MinX + box.MaxX) / 2;
        var cy = (box.MinY + box.MaxY) / 2;
        var viewBox = $"{WorldMap.Number(cx - w / 2)} {WorldMap.Number(cy - h / 2)} {WorldMap.Number(w)} {WorldMap.Number(h)}";
        var parts = new List<string>(r.CountryElements.Count + 3) { Open(id, title, description, viewBox, r.Width, r.Width / 2) };
        foreach (var (code, elements) in r.CountryElements)
            if (code != numeric) parts.Add(elements[WorldMap.Rendering.Land]);
        if (r.CountryElements.TryGetValue(numeric, out var own)) parts.Add(own[WorldMap.Rendering.Focus]);
        var overlay = new StringBuilder("<g class=\"partners\">");
        foreach (var place in places) Circle(overlay, r, place.Position, "partner", Math.Max(0.5, w / 320));
        parts.Add(overlay.Append("</g></svg>").ToString());
        return new SvgDrawing(parts);
    }

    private static string Open(string id, string title, string description, string viewBox, int width, int height) =>
        new StringBuilder(256)
            .Append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" role=\"img\" viewBox=\"").Append(viewBox)
            .Append("\" width=\"").Append(width).Append("\" height=\"").Append(height)
            .Append("\" aria-labelledby=\"").Append(id).Append("-titre ").Append(id).Append("-desc\">")
            .Append("<title id=\"").Append(id).Append("-titre\">").Append(SecurityElement.Escape(title)).Append("</title>")
            .Append("<desc id=\"").Append(id).Append("-desc\">").Append(SecurityElement.Escape(description)).Append("</desc>")
            .ToString();

    private static void Circle(StringBuilder svg, WorldMap.Rendering r, LonLat position, string cssClass, double radius)
    {
        var (x, y) = r.ToSvg(position.Lon, position.Lat);
        svg.Append("<circle class=\"").Append(cssClass).Append("\" cx=\"").Append(WorldMap.Number(x)).Append("\" cy=\"")
            .Append(WorldMap.Number(y)).Append("\" r=\"").Append(WorldMap.Number(radius)).Append("\"/>");
    }
}

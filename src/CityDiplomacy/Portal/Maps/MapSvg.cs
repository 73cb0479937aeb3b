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

    /// <summary>The commune and a great-circle line to each partner, on the world map.</summary>
    public static SvgDrawing Links(string id, string title, string description, LonLat? origin, IReadOnlyList<MapPoint> partners, WorldMap? map = null)
    {
        var r = (map ?? WorldMap.Shared).At(Width);
        var overlay = new StringBuilder();
        if (origin is { } o)
        {
            overlay.Append("<g class=\"links\">");
            foreach (var partner in partners)
                overlay.Append("<path class=\"link\" d=\"").Append(r.GreatCircle(o, partner.Position)).Append("\"/>");
            overlay.Append("</g>");
        }
        overlay.Append("<g class=\"partners\">");
        foreach (var partner in partners) Circle(overlay, r, partner.Position, "partner", 3);
        overlay.Append("</g>");
        if (origin is { } home) Circle(overlay, r, home, "origin", 4);
        overlay.Append("</svg>");
        // The base map is referenced, not inlined: the page stays small and the browser caches the map once.
        var land = $"<use class=\"land\" href=\"{r.BaseMapUrl}#{WorldMap.Rendering.BaseMapFragment}\"/>";
        return new SvgDrawing([Open(id, title, description, $"0 0 {r.Width} {r.Height}", r.Width, r.Height), land, overlay.ToString()]);
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

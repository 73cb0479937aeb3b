using System.Security;
using System.Text;

namespace CityDiplomacy.Portal.Maps;

/// <summary>A vertical bar chart as SVG (one bar per label), for the budgets by year; the page gives its table too.</summary>
public static class BarChart
{
    public static string Render(string id, string title, string description, IReadOnlyList<(string Label, double Value, string ValueText)> bars)
    {
        const int width = 640, height = 240, top = 24, bottom = 28, left = 8;
        var max = bars.Count == 0 ? 0 : bars.Max(b => b.Value);
        var slot = bars.Count == 0 ? 0 : (width - 2 * left) / (double)bars.Count;
        var svg = new StringBuilder();
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 ").Append(width).Append(' ').Append(height)
            .Append("\" width=\"").Append(width).Append("\" height=\"").Append(height)
            .Append("\" aria-labelledby=\"").Append(id).Append("-titre ").Append(id).Append("-desc\">")
            .Append("<title id=\"").Append(id).Append("-titre\">").Append(SecurityElement.Escape(title)).Append("</title>")
            .Append("<desc id=\"").Append(id).Append("-desc\">").Append(SecurityElement.Escape(description)).Append("</desc>");
        svg.Append("<line class=\"axis\" x1=\"").Append(left).Append("\" y1=\"").Append(height - bottom).Append("\" x2=\"")
            .Append(width - left).Append("\" y2=\"").Append(height - bottom).Append("\"/>");
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value, valueText) = bars[i];
            var h = max <= 0 ? 0 : (height - top - bottom) * value / max;
            var x = left + i * slot + slot * 0.15;
            var w = slot * 0.7;
            var y = height - bottom - h;
            svg.Append("<rect class=\"bar\" x=\"").Append(WorldMap.Number(x)).Append("\" y=\"").Append(WorldMap.Number(y))
                .Append("\" width=\"").Append(WorldMap.Number(w)).Append("\" height=\"").Append(WorldMap.Number(h)).Append("\"/>");
            var cx = WorldMap.Number(x + w / 2);
            svg.Append("<text x=\"").Append(cx).Append("\" y=\"").Append(WorldMap.Number(y - 6)).Append("\" text-anchor=\"middle\">")
                .Append(SecurityElement.Escape(valueText)).Append("</text>");
            svg.Append("<text x=\"").Append(cx).Append("\" y=\"").Append(height - bottom + 18).Append("\" text-anchor=\"middle\">")
                .Append(SecurityElement.Escape(label)).Append("</text>");
        }
        return svg.Append("</svg>").ToString();
    }
}

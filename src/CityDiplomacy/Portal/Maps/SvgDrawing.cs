using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace CityDiplomacy.Portal.Maps;

/// <summary>
/// An SVG document as a list of parts written one after the other: the large cached parts (the base map's path
/// elements) are referenced, never copied into a new string per request.
/// </summary>
public sealed class SvgDrawing(IReadOnlyList<string> parts) : IHtmlContent
{
    public IReadOnlyList<string> Parts { get; } = parts;

    public int Length => Parts.Sum(p => p.Length);

    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        foreach (var part in Parts) writer.Write(part);
    }

    public override string ToString()
    {
        var text = new StringBuilder(Length);
        foreach (var part in Parts) text.Append(part);
        return text.ToString();
    }
}

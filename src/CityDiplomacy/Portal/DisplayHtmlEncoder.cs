using System.Text.Encodings.Web;
using CityDiplomacy.Engagements;

namespace CityDiplomacy.Portal;

/// <summary>
/// The pages' HTML encoder: the default one, except that bidirectional overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069) are written as nothing. Encoded as character references they would still reorder the text around
/// them (« exe.gnp » shown as « png.exe »); every page is protected in one place.
/// </summary>
public sealed class DisplayHtmlEncoder(HtmlEncoder inner) : HtmlEncoder
{
    public override int MaxOutputCharactersPerInputCharacter => inner.MaxOutputCharactersPerInputCharacter;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var first = inner.FindFirstCharacterToEncode(text, textLength);
        var span = new ReadOnlySpan<char>(text, first < 0 ? textLength : first);
        var bidi = span.IndexOfAnyInRange('\u202A', '\u202E');
        var isolate = span.IndexOfAnyInRange('\u2066', '\u2069');
        var found = bidi < 0 ? isolate : isolate < 0 ? bidi : Math.Min(bidi, isolate);
        return found >= 0 ? found : first;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        if (TextRule.IsBidiControl(unicodeScalar))
        {
            numberOfCharactersWritten = 0;
            return true;
        }
        return inner.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);
    }

    public override bool WillEncode(int unicodeScalar) => TextRule.IsBidiControl(unicodeScalar) || inner.WillEncode(unicodeScalar);
}

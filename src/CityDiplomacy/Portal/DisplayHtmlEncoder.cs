using System.Text.Encodings.Web;
using CityDiplomacy.Engagements;

namespace CityDiplomacy.Portal;

/// <summary>
/// The pages' HTML encoder: the default one, except that bidirectional overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069) are written as nothing. Encoded as character references they would still reorder the text around
/// them (« exe.gnp » shown as « png.exe »); every page is protected in one place. The string and writer overloads,
/// which Razor uses, remove the overrides and hand the rest to the inner encoder (its fast path): the base class's
/// scalar-by-scalar path refuses a text whose only characters left to encode are written as nothing.
/// </summary>
public sealed class DisplayHtmlEncoder(HtmlEncoder inner) : HtmlEncoder
{
    public override string Encode(string value) => inner.Encode(WithoutBidi(value));

    public override void Encode(TextWriter output, string value, int startIndex, int characterCount)
    {
        ArgumentNullException.ThrowIfNull(value);
        var span = value.AsSpan(startIndex, characterCount);
        if (HasBidi(span)) inner.Encode(output, WithoutBidi(span.ToString()));
        else inner.Encode(output, value, startIndex, characterCount);
    }

    public override void Encode(TextWriter output, char[] value, int startIndex, int characterCount)
    {
        ArgumentNullException.ThrowIfNull(value);
        var span = value.AsSpan(startIndex, characterCount);
        if (HasBidi(span)) inner.Encode(output, WithoutBidi(span.ToString()));
        else inner.Encode(output, value, startIndex, characterCount);
    }

    private static bool HasBidi(ReadOnlySpan<char> text) =>
        text.IndexOfAnyInRange('\u202A', '\u202E') >= 0 || text.IndexOfAnyInRange('\u2066', '\u2069') >= 0;

    private static string WithoutBidi(string text) =>
        HasBidi(text) ? string.Concat(text.Where(c => !TextRule.IsBidiControl(c))) : text;

    /// <summary>
    /// A subclass is encoded scalar by scalar through <see cref="TryEncodeUnicodeScalar"/> into a buffer of this size: it
    /// must hold the longest reference the inner encoder writes for any scalar, « &amp;#x10FFFF; » (10 characters), which
    /// is more than the default encoder declares for one UTF-16 unit (an emoji would otherwise fail the whole page).
    /// </summary>
    public override int MaxOutputCharactersPerInputCharacter => Math.Max(inner.MaxOutputCharactersPerInputCharacter, "&#x10FFFF;".Length);

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

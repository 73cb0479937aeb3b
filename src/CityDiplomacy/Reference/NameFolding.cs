using System.Globalization;
using System.Text;

namespace CityDiplomacy.Reference;

/// <summary>
/// Folds a place name for comparison: lower case, no diacritics, ligatures expanded, apostrophes, hyphens and
/// punctuation turned into single spaces, invisible characters dropped. « Saint-Jean-de-Braye » → « saint jean de braye ».
/// </summary>
public static class NameFolding
{
    public static string Fold(string? value)
    {
        if (string.IsNullOrEmpty(value)) return string.Empty;
        string decomposed;
        try
        {
            decomposed = value.Normalize(NormalizationForm.FormD);
        }
        catch (ArgumentException)
        {
            // A lone surrogate (text that was never valid UTF-16) cannot be normalised: fold what remains without it.
            decomposed = new string(value.Where((c, i) => !char.IsSurrogate(c)
                || (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                || (char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(value[i - 1]))).ToArray()).Normalize(NormalizationForm.FormD);
        }
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                or UnicodeCategory.EnclosingMark or UnicodeCategory.Format or UnicodeCategory.Control)
                continue;
            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && builder.Length > 0) builder.Append(' ');
                pendingSpace = false;
                AppendFolded(builder, c);
            }
            else
            {
                pendingSpace = true;
            }
        }
        return builder.ToString();
    }

    private static void AppendFolded(StringBuilder builder, char c)
    {
        switch (c)
        {
            case 'œ' or 'Œ': builder.Append("oe"); break;
            case 'æ' or 'Æ': builder.Append("ae"); break;
            case 'ß' or 'ẞ': builder.Append("ss"); break;
            case 'ł' or 'Ł': builder.Append('l'); break;
            case 'đ' or 'Đ' or 'ð' or 'Ð': builder.Append('d'); break;
            case 'ø' or 'Ø': builder.Append('o'); break;
            case 'ı': builder.Append('i'); break;
            case 'þ' or 'Þ': builder.Append("th"); break;
            default: builder.Append(char.ToLowerInvariant(c)); break;
        }
    }
}

using System.Globalization;

namespace CityDiplomacy.Evidence;

/// <summary>A date known to the year, the month or the day, written YYYY, YYYY-MM or YYYY-MM-DD (ISO 8601).</summary>
public static class PartialDate
{
    private static readonly string[] Formats = ["yyyy", "yyyy-MM", "yyyy-MM-dd"];

    /// <summary>The date normalised (trimmed), or null with the reason when it is not a partial ISO date.</summary>
    public static bool TryParse(string? text, out string? value, out string? error)
    {
        value = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        var trimmed = text.Trim();
        if (trimmed.Length is 4 or 7 or 10
            && DateTime.TryParseExact(trimmed, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && date.Year >= 1000)
        {
            value = trimmed;
            return true;
        }
        error = $"« {trimmed} » n'est pas une date AAAA, AAAA-MM ou AAAA-MM-JJ.";
        return false;
    }

    /// <summary>True when <paramref name="later"/> is certainly before <paramref name="earlier"/> (compared at their common precision).</summary>
    public static bool IsBefore(string later, string earlier)
    {
        var length = Math.Min(later.Length, earlier.Length);
        return string.CompareOrdinal(later[..length], earlier[..length]) < 0;
    }
}

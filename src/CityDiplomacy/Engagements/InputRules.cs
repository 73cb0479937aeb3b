using System.Globalization;
using System.Text;

namespace CityDiplomacy.Engagements;

/// <summary>
/// The one rule for text, typed (API, forms) or read from a file (imports, evidence): no control character other than
/// tab and line break (C0 U+0000–U+001F, DEL and C1 U+007F–U+009F, a carriage return outside CR LF), no lone UTF-16
/// surrogate, no U+FFFE/U+FFFF. Typed text that breaks it is refused naming the field (<see cref="Check"/>); a file's
/// text is stripped (<see cref="Strip"/>) and the import reports how many characters it removed. Bidirectional
/// overrides are allowed in storage (Arabic, Hebrew names) and neutralised on display (<see cref="ForDisplay"/>).
/// </summary>
public static class TextRule
{
    /// <summary>The first forbidden character of <paramref name="value"/>, as a French message; null when the text is clean.</summary>
    public static string? Problem(string? value)
    {
        if (value is null) return null;
        var index = FirstForbidden(value);
        if (index < 0) return null;
        var c = value[index];
        var position = (index + 1).ToString(CultureInfo.InvariantCulture);
        return char.IsSurrogate(c)
            ? $"Texte invalide : demi-caractère UTF-16 isolé (U+{(int)c:X4}) en position {position}."
            : $"Caractère de contrôle interdit (U+{(int)c:X4}) en position {position} : seuls la tabulation et le retour à la ligne sont admis.";
    }

    /// <summary>Refuses text that breaks the rule, naming <paramref name="field"/> (the API answers 422).</summary>
    public static void Check(string? value, string field)
    {
        if (Problem(value) is { } problem) throw new DomainRuleException(field, problem);
    }

    /// <summary>Checked, trimmed text; null when empty or blank.</summary>
    public static string? Clean(string? value, string field)
    {
        Check(value, field);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>Text read from a file: every forbidden character removed (a lone carriage return becomes a line break).</summary>
    public static string Strip(string value, out int removed) => Strip(value, keepCarriageReturns: false, out removed);

    private static string Strip(string value, bool keepCarriageReturns, out int removed)
    {
        removed = 0;
        if (FirstForbidden(value) < 0) return value;
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
                continue;
            }
            if (c == '\r' && !(i + 1 < value.Length && value[i + 1] == '\n'))
            {
                builder.Append(keepCarriageReturns ? '\r' : '\n');
                continue;
            }
            if (IsForbidden(c)) removed++;
            else builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>Text as every reader gets it (pages, CSV, XML, calendars): clean, and without bidirectional overrides.</summary>
    public static string ForDisplay(string value)
    {
        var clean = Strip(value, keepCarriageReturns: true, out _); // a lone CR is valid XML and CSV text
        if (clean.AsSpan().IndexOfAny(BidiControls) < 0) return clean;
        var builder = new StringBuilder(clean.Length);
        foreach (var c in clean)
            if (!IsBidiControl(c)) builder.Append(c);
        return builder.ToString();
    }

    public static bool IsBidiControl(int codePoint) => codePoint is >= 0x202A and <= 0x202E or >= 0x2066 and <= 0x2069;

    private static readonly System.Buffers.SearchValues<char> BidiControls =
        System.Buffers.SearchValues.Create("\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069");

    private static bool IsForbidden(char c) =>
        c is < ' ' and not ('\t' or '\n' or '\r') or >= '\u007F' and <= '\u009F' or '\uFFFE' or '\uFFFF' || char.IsSurrogate(c);

    private static int FirstForbidden(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            if (c == '\r' && i + 1 < value.Length && value[i + 1] == '\n') continue;
            if (IsForbidden(c) || c == '\r') return i;
        }
        return -1;
    }
}

/// <summary>
/// Ranges of dates, amounts and lists, shared by the entities' rules, the inputs' validation and the EF configuration.
/// </summary>
public static class Ranges
{
    public static readonly DateOnly FirstDate = new(1900, 1, 1);
    public static readonly DateOnly LastDate = new(2100, 12, 31);

    /// <summary>10^12 cents (ten billion euros): the largest amount of a budget line or fee; sums stay far from overflow.</summary>
    public const long MaxAmountCents = 1_000_000_000_000;

    public const int MaxActivities = 500;
    public const int MaxDocuments = 100;
    public const int MaxPartners = 50;
    public const int MaxDeliberations = 100;
    public const int MaxBudgetLines = 200;
    public const int MaxSituationEvents = 200;
    public const int MaxThemes = 20;

    public static bool Contains(DateOnly date) => date >= FirstDate && date <= LastDate;

    /// <summary>Refuses a date outside 1900–2100, naming <paramref name="field"/>.</summary>
    public static void CheckDate(DateOnly? date, string field)
    {
        if (date is { } d && !Contains(d))
            throw new DomainRuleException(field, $"Date hors limites ({d:yyyy-MM-dd}) : entre 1900-01-01 et 2100-12-31.");
    }

    /// <summary>
    /// A signature or a vote already happened, or is planned for next year at the latest: a later one is a typing error.
    /// </summary>
    public static void CheckNotFarFuture(DateOnly? date, string field, DateOnly today)
    {
        CheckDate(date, field);
        if (date is { } d && d.Year > today.Year + 1)
            throw new DomainRuleException(field, $"Date trop lointaine ({d:yyyy-MM-dd}) : une signature ou un vote ne peut dépasser l'an prochain ({today.Year + 1}).");
    }

    public static void CheckAmount(long? cents, string field)
    {
        if (cents is < 0 or > MaxAmountCents)
            throw new DomainRuleException(field, $"Montant hors limites ({cents} centimes) : entre 0 et {MaxAmountCents} centimes (10 milliards d'euros).");
    }

    public static void CheckCount(int count, int max, string field)
    {
        if (count > max) throw new DomainRuleException(field, $"Trop d'éléments ({count}) : {max} au plus.");
    }

    /// <summary>Today in the register's time zone, for the « not beyond next year » rules.</summary>
    public static DateOnly Today(TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Paris).DateTime);

    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
}

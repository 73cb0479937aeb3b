namespace CityDiplomacy.Places;

/// <summary>
/// Free text split the way town halls write partners: « Cracovie (Pologne) », « Naplouse, Territoires palestiniens »,
/// « Colonna, Lazio » give a name and qualifiers (a country or a region); « Watermael-Boitsfort / Watermaal-Bosvoorde »
/// gives one name in two languages.
/// </summary>
/// <param name="Whole">The text as written, tried first: GeoNames has names with commas and slashes too.</param>
/// <param name="Names">The name before any qualifier, then each of its bilingual forms.</param>
/// <param name="Qualifiers">What followed in parentheses or after a comma.</param>
public sealed record QueryText(string Whole, IReadOnlyList<string> Names, IReadOnlyList<string> Qualifiers)
{
    private static readonly string[] BilingualSeparators = ["/", " - ", " – ", " — "];

    public static QueryText Parse(string text)
    {
        var whole = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var qualifiers = new List<string>();
        var main = new System.Text.StringBuilder(whole.Length);
        var depth = 0;
        var inner = new System.Text.StringBuilder();
        foreach (var c in whole)
        {
            if (c is '(' or '[')
            {
                if (depth++ == 0) inner.Clear();
                else inner.Append(c);
            }
            else if (c is ')' or ']' && depth > 0)
            {
                if (--depth == 0) AddQualifier(qualifiers, inner.ToString());
                else inner.Append(c);
            }
            else if (depth > 0) inner.Append(c);
            else main.Append(c);
        }
        if (depth > 0) AddQualifier(qualifiers, inner.ToString());

        var parts = main.ToString().Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var names = new List<string>();
        if (parts.Length > 0)
        {
            names.Add(parts[0]);
            foreach (var qualifier in parts.Skip(1)) AddQualifier(qualifiers, qualifier);
            var forms = parts[0].Split(BilingualSeparators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (forms.Length > 1) names.AddRange(forms);
        }
        return new QueryText(whole, names, qualifiers);
    }

    private static void AddQualifier(List<string> qualifiers, string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > 0) qualifiers.Add(trimmed);
    }
}

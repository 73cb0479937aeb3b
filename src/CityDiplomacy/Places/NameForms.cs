using System.Collections.Frozen;
using System.Text;

namespace CityDiplomacy.Places;

/// <summary>
/// Forms derived from a folded name (<see cref="Reference.NameFolding.Fold"/>) so that what people write meets what
/// GeoNames holds. Every function takes and returns folded text (lower-case ASCII letters, digits, single spaces) and
/// applies to the index and to the query alike.
/// </summary>
public static class NameForms
{
    private static readonly FrozenSet<string> Articles = FrozenSet.Create(StringComparer.Ordinal,
        "le", "la", "les", "l", "the", "el", "al", "il", "lo", "los", "las", "der", "die", "das", "den", "het", "s", "t");

    /// <summary>« Saint » in the languages of Europe, written out or abbreviated; all become « st ».</summary>
    private static readonly FrozenSet<string> Saints = FrozenSet.Create(StringComparer.Ordinal,
        "saint", "sainte", "st", "ste", "sankt", "san", "santa", "santo", "sao", "sant", "sint", "szent",
        "sveti", "sveta", "sv", "svaty", "svata", "swiety", "swieta", "sw");

    /// <summary>Words that name the administrative level rather than the place, removed from the start of a name.</summary>
    private static readonly string[][] AdministrativePrefixes = Phrases(
        "gmina miejska", "gmina wiejska", "gmina", "miasto", "powiat", "wojewodztwo",
        "freie und hansestadt", "kreisfreie stadt", "landeshauptstadt", "hansestadt", "lutherstadt", "universitatsstadt",
        "samtgemeinde", "verbandsgemeinde", "marktgemeinde", "ortsgemeinde", "landkreis", "kreis", "stadt", "gemeinde",
        "london borough of", "royal borough of", "metropolitan borough of", "borough of", "county of", "city of",
        "town of", "village of", "municipality of", "district of", "township of", "province of", "region of",
        "metropolitan city of",
        "commune de", "commune d", "commune", "ville de", "ville d", "municipalite de", "municipalite d",
        "district de", "district d", "region de", "region d", "province de", "province d", "canton de", "canton d",
        "departement de", "departement d", "prefecture de", "prefecture d", "voivodie de", "voivodie d",
        "comune di", "comune", "citta metropolitana di", "citta di", "provincia di", "regione",
        "municipio de", "municipio", "ayuntamiento de", "concello de", "concelho de", "ciudad de", "distrito de",
        "departamento de", "provincia de", "freguesia de",
        "gemeente", "comuna", "municipiul", "orasul", "judetul", "statutarni mesto", "mesto", "obec", "okres",
        "opcina", "opstina", "grad", "dimos");

    /// <summary>Words that name the administrative level, removed from the end of a name (« Kraśnik County »).</summary>
    private static readonly string[][] AdministrativeSuffixes = Phrases(
        "county borough", "county", "municipality", "municipal district", "district", "borough", "city",
        "township", "parish", "region", "province", "prefecture", "oblast", "raion", "rayon", "voivodeship",
        "governorate", "department", "commune", "municipio", "kommune", "kommun", "gemeinde", "megye",
        "urban district", "rural district", "local government area", "municipal unit", "gmina", "powiat");

    /// <summary>
    /// Words that attach a river or a landscape to a name (« Frankfurt am Main », « Weissach im Tal »,
    /// « Boulogne-sur-Mer »): the name without them is its canonical form.
    /// </summary>
    private static readonly string[][] LocativeMarkers = Phrases(
        "am", "an der", "an den", "im", "in der", "ob der", "auf der", "bei", "vor der", "sur", "sur le", "sur la", "sous");

    private static string[][] Phrases(params string[] phrases) =>
        [.. phrases.Select(p => p.Split(' ')).OrderByDescending(p => p.Length)];

    /// <summary>Every word that may start a change: most names have none and are returned at once.</summary>
    private static readonly FrozenSet<string> TriggerWords = Articles
        .Concat(Saints)
        .Concat(AdministrativePrefixes.Select(p => p[0]))
        .Concat(AdministrativeSuffixes.Select(p => p[^1]))
        .Concat(LocativeMarkers.Select(p => p[0]))
        .ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> TriggerLookup =
        TriggerWords.GetAlternateLookup<ReadOnlySpan<char>>();

    private static bool HasTriggerWord(string folded)
    {
        var span = folded.AsSpan();
        while (span.Length > 0)
        {
            var space = span.IndexOf(' ');
            var word = space < 0 ? span : span[..space];
            if (TriggerLookup.Contains(word)) return true;
            if (space < 0) break;
            span = span[(space + 1)..];
        }
        return false;
    }

    /// <summary>
    /// The name without administrative words, without a locative tail, with « saint » in one spelling and without a
    /// leading article: « gmina tuchow » → « tuchow », « remseck am neckar » → « remseck », « sankt polten » →
    /// « st polten », « le caire » → « caire ».
    /// Returns the input when nothing applies or when nothing would be left.
    /// </summary>
    public static string Canonical(string folded)
    {
        if (folded.Length == 0 || !HasTriggerWord(folded)) return folded;
        var tokens = folded.Split(' ').ToList();
        var changed = StripPhrases(tokens);
        changed |= StripLocative(tokens);
        for (var i = 0; i < tokens.Count; i++)
        {
            if (Saints.Contains(tokens[i]) && tokens[i] != "st" && i + 1 < tokens.Count)
            {
                tokens[i] = "st";
                changed = true;
            }
        }
        if (tokens.Count > 1 && Articles.Contains(tokens[0]))
        {
            tokens.RemoveAt(0);
            changed = true;
        }
        return changed && tokens.Count > 0 ? string.Join(' ', tokens) : folded;
    }

    private static bool StripPhrases(List<string> tokens)
    {
        var changed = false;
        bool again;
        do
        {
            again = false;
            foreach (var phrase in AdministrativePrefixes)
            {
                if (tokens.Count > phrase.Length && StartsWith(tokens, phrase))
                {
                    tokens.RemoveRange(0, phrase.Length);
                    again = changed = true;
                    break;
                }
            }
            foreach (var phrase in AdministrativeSuffixes)
            {
                if (tokens.Count > phrase.Length && EndsWith(tokens, phrase))
                {
                    tokens.RemoveRange(tokens.Count - phrase.Length, phrase.Length);
                    again = changed = true;
                    break;
                }
            }
        } while (again);
        return changed;
    }

    /// <summary>Drops a locative tail of one or two words after a marker that is not the first word.</summary>
    private static bool StripLocative(List<string> tokens)
    {
        for (var start = 1; start < tokens.Count - 1; start++)
        {
            foreach (var marker in LocativeMarkers)
            {
                var tail = tokens.Count - start - marker.Length;
                if (tail is < 1 or > 2 || !Matches(tokens, start, marker)) continue;
                tokens.RemoveRange(start, tokens.Count - start);
                return true;
            }
        }
        return false;
    }

    private static bool Matches(List<string> tokens, int start, string[] phrase)
    {
        for (var i = 0; i < phrase.Length; i++)
            if (tokens[start + i] != phrase[i]) return false;
        return true;
    }

    private static bool StartsWith(List<string> tokens, string[] phrase)
    {
        for (var i = 0; i < phrase.Length; i++)
            if (tokens[i] != phrase[i]) return false;
        return true;
    }

    private static bool EndsWith(List<string> tokens, string[] phrase)
    {
        var offset = tokens.Count - phrase.Length;
        for (var i = 0; i < phrase.Length; i++)
            if (tokens[offset + i] != phrase[i]) return false;
        return true;
    }

    /// <summary>
    /// Undoes the commonest French adaptation of German and Dutch names, the dropped final « n » of « -en »
    /// (Wiesbade → Wiesbaden, Göttingue → Göttinguen, whose skeleton is Göttingen's); null when no word ends in « e ».
    /// </summary>
    public static string? FrenchAdaptationReversed(string folded)
    {
        if (folded.Length < 4) return null;
        var builder = new StringBuilder(folded.Length + 4);
        var changed = false;
        foreach (var word in folded.Split(' '))
        {
            if (builder.Length > 0) builder.Append(' ');
            builder.Append(word);
            if (word.Length >= 4 && word[^1] == 'e')
            {
                builder.Append('n');
                changed = true;
            }
        }
        return changed ? builder.ToString() : null;
    }

    /// <summary>
    /// A transliteration skeleton: the spellings that transliteration systems and languages use for one sound are
    /// merged (ou/u, y/j/i, w/v, cz/tsch/tch/ch, sz/sch/sh, zh/z, dj/j, ph/f, ts/tz, c before e/i as s, gu before e/i as g),
    /// h and doubled letters dropped: Tchernivtsi and Chernivtsi → « cernivsi », Djeddah and Jeddah →
    /// « ieda », Wroclaww and Wrocław → « vroklav ». Vowels keep their identity, so that different names stay apart.
    /// Null for names that are not in Latin script or whose skeleton is shorter than four letters.
    /// </summary>
    public static string? Skeleton(string folded)
    {
        Span<char> buffer = stackalloc char[Math.Min(folded.Length * 2 + 2, 512)];
        var length = 0;
        for (var i = 0; i < folded.Length; i++)
        {
            var c = folded[i];
            if (c == ' ') continue;
            if (c > 'z' || (c < 'a' && !char.IsAsciiDigit(c))) return null;
            var next = NextLetter(folded, i);
            char mapped;
            switch (c)
            {
                case 'o' when next == 'u': mapped = 'u'; i = SkipNext(folded, i); break;
                case 'y' or 'j' or 'i': mapped = 'i'; break;
                case 'w' or 'v': mapped = 'v'; break;
                case 'c' when next is 'h' or 'z': mapped = 'c'; i = SkipNext(folded, i); break;
                case 'c': mapped = next is 'e' or 'i' or 'y' ? 's' : 'k'; break;
                case 'q': mapped = 'k'; break;
                case 's' when next == 'c' && NextLetter(folded, SkipNext(folded, i)) == 'h':
                    mapped = 's'; i = SkipNext(folded, SkipNext(folded, i)); break;
                case 's' when next is 'z' or 'h': mapped = 's'; i = SkipNext(folded, i); break;
                case 'z' when next == 'h': mapped = 'z'; i = SkipNext(folded, i); break;
                case 'p' when next == 'h': mapped = 'f'; i = SkipNext(folded, i); break;
                case 'g' when next == 'u' && NextLetter(folded, SkipNext(folded, i)) is 'e' or 'i': mapped = 'g'; i = SkipNext(folded, i); break;
                case 't' when next is 's' or 'z' or 'c': continue;
                case 'd' when next is 'j' or 'z': continue;
                case 'h': continue;
                case 'x':
                    if (length + 2 > buffer.Length) return null;
                    if (length == 0 || buffer[length - 1] != 'k') buffer[length++] = 'k';
                    mapped = 's';
                    break;
                default: mapped = c; break;
            }
            if (length > 0 && buffer[length - 1] == mapped) continue;
            if (length == buffer.Length) return null;
            buffer[length++] = mapped;
        }
        return length >= 4 ? new string(buffer[..length]) : null;
    }

    /// <summary>The index of the next letter after <paramref name="index"/>, past spaces.</summary>
    private static int SkipNext(string folded, int index)
    {
        for (var j = index + 1; j < folded.Length; j++)
            if (folded[j] != ' ') return j;
        return folded.Length;
    }

    private static char NextLetter(string folded, int index)
    {
        for (var j = index + 1; j < folded.Length; j++)
            if (folded[j] != ' ') return folded[j];
        return '\0';
    }

    /// <summary>True when the folded text is Latin script only (ASCII letters, digits and spaces).</summary>
    public static bool IsLatin(string folded)
    {
        foreach (var c in folded)
            if (c is not (>= 'a' and <= 'z' or >= '0' and <= '9' or ' ')) return false;
        return true;
    }

    /// <summary>
    /// True when two names one edit apart differ by a slip of the fingers: two neighbours swapped or a letter typed twice
    /// (« Wroclaww »). Another letter changed, added or missing often makes another real name (Wolfsberg, Wolfsburg).
    /// </summary>
    public static bool IsKeyboardSlip(string a, string b)
    {
        if (a.Length == b.Length)
        {
            var first = -1;
            for (var i = 0; i < a.Length; i++)
            {
                if (a[i] == b[i]) continue;
                if (first >= 0) return i == first + 1 && a[first] == b[i] && a[i] == b[first] && a.AsSpan(i + 1).SequenceEqual(b.AsSpan(i + 1));
                first = i;
            }
            return false;
        }
        var (longer, shorter) = a.Length > b.Length ? (a, b) : (b, a);
        if (longer.Length != shorter.Length + 1) return false;
        var k = 0;
        while (k < shorter.Length && longer[k] == shorter[k]) k++;
        if (!longer.AsSpan(k + 1).SequenceEqual(shorter.AsSpan(k))) return false;
        return (k > 0 && longer[k] == longer[k - 1]) || (k + 1 < longer.Length && longer[k] == longer[k + 1]);
    }

    private static readonly FrozenSet<string> RegionWords = FrozenSet.Create(StringComparer.Ordinal,
        "voivodeship", "voivodie", "wojewodztwo", "region", "regione", "oblast", "province", "provincia", "bundesland",
        "land", "state", "kraj", "megye", "judet", "judetul", "comunidad", "communaute", "canton", "governorate", "prefecture");

    /// <summary>True when the text calls itself a region (« Łódź Voivodeship », « Région wallonne », « Land Brandenburg »).</summary>
    public static bool NamesRegion(string folded)
    {
        foreach (var word in folded.Split(' '))
            if (RegionWords.Contains(word)) return true;
        return false;
    }

    /// <summary>The typos tolerated for a name of that length: none under 6 letters, 1 up to 9, 2 beyond.</summary>
    public static int TypoAllowance(string folded)
    {
        var letters = 0;
        foreach (var c in folded)
            if (c != ' ') letters++;
        return letters < 6 ? 0 : letters <= 9 ? 1 : 2;
    }

    /// <summary>
    /// Damerau-Levenshtein distance (optimal string alignment: insertions, deletions, substitutions and swaps of two
    /// neighbours), or <paramref name="max"/> + 1 as soon as it is known to exceed <paramref name="max"/>.
    /// </summary>
    public static int Distance(string a, string b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max) return max + 1;
        if (a.Length == 0 || b.Length == 0) return Math.Max(a.Length, b.Length);
        var width = b.Length + 1;
        Span<int> rows = width * 3 <= 768 ? stackalloc int[width * 3] : new int[width * 3];
        var previous2 = rows[..width];
        var previous = rows.Slice(width, width);
        var current = rows.Slice(width * 2, width);
        for (var j = 0; j < width; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = i;
            for (var j = 1; j < width; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    value = Math.Min(value, previous2[j - 2] + 1);
                current[j] = value;
                if (value < rowMin) rowMin = value;
            }
            if (rowMin > max) return max + 1;
            var recycled = previous2;
            previous2 = previous;
            previous = current;
            current = recycled;
        }
        return Math.Min(previous[b.Length], max + 1);
    }
}

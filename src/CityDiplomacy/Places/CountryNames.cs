using System.Collections.Frozen;
using CityDiplomacy.Reference;

namespace CityDiplomacy.Places;

/// <summary>
/// The countries a query may mean: one ISO alpha-2 code, or several when a name is shared (« Congo ») or when
/// France includes its overseas departments and collectivities.
/// </summary>
public sealed record CountryScope(string Code, FrozenSet<string> Codes)
{
    public bool Contains(string countryCode) => Codes.Contains(countryCode);
}

/// <summary>Finds a country from what people write: ISO alpha-2 or alpha-3, or a name in French or English.</summary>
public sealed class CountryNames
{
    /// <summary>French overseas departments and collectivities with their own ISO code: for a partner, they are France.</summary>
    public static readonly FrozenSet<string> FrenchOverseas =
        FrozenSet.Create(StringComparer.Ordinal, "GP", "MQ", "GF", "RE", "YT", "PF", "NC", "PM", "WF", "BL", "MF");

    /// <summary>Usual names that ISO 3166 and the shipped translations do not list (constituent countries, short forms).</summary>
    private static readonly (string Code, string Name)[] UsualNames =
    [
        ("GB", "Angleterre"), ("GB", "England"), ("GB", "Écosse"), ("GB", "Scotland"), ("GB", "Pays de Galles"),
        ("GB", "Wales"), ("GB", "Irlande du Nord"), ("GB", "Northern Ireland"), ("GB", "Grande-Bretagne"), ("GB", "Britain"),
        ("NL", "Hollande"), ("NL", "Holland"),
        ("PS", "Territoires palestiniens"), ("PS", "Territoires palestiniens occupés"), ("PS", "Autorité palestinienne"),
        ("PS", "Palestinian territories"), ("PS", "Palestinian territory"), ("PS", "Occupied Palestinian territory"),
        ("PS", "Palestinian Authority"), ("PS", "Palestinian National Authority"), ("PS", "Cisjordanie"), ("PS", "West Bank"),
        ("PS", "Bande de Gaza"), ("PS", "Gaza Strip"),
        ("CZ", "Tchéquie"), ("MK", "Macédoine"), ("MK", "Macedonia"), ("MK", "Republic of Macedonia"),
        ("SZ", "Swaziland"), ("MM", "Birmanie"), ("MM", "Burma"), ("CV", "Cap-Vert"), ("CV", "Cape Verde"),
        ("TL", "Timor oriental"), ("TL", "East Timor"), ("VA", "Vatican"), ("VA", "Vatican City"), ("VA", "Cité du Vatican"),
        ("KP", "Corée du Nord"), ("KP", "North Korea"), ("US", "États-Unis"), ("BY", "Biélorussie"), ("BY", "Belarus"),
        ("CD", "RDC"), ("CD", "Congo-Kinshasa"), ("CG", "Congo-Brazzaville"), ("RU", "Fédération de Russie"),
    ];

    /// <summary>Official long forms reduced to the usual name: « Republic of the Congo » also answers to « Congo ».</summary>
    private static readonly string[] LongFormPrefixes =
    [
        "the", "republic of the", "republic of", "kingdom of the", "kingdom of", "state of", "people s republic of",
        "islamic republic of", "federal republic of", "federative republic of", "plurinational state of",
        "bolivarian republic of", "united republic of", "democratic republic of the", "republique de", "republique d",
        "republique du", "republique de la", "republique des", "royaume de", "royaume du", "royaume des", "etat de",
        "etat d", "la", "le", "les", "l",
    ];

    private readonly FrozenDictionary<string, string[]> _byName;
    private readonly FrozenSet<string> _alpha2;
    private readonly FrozenDictionary<string, string> _alpha3;
    private readonly FrozenDictionary<string, (string French, string English)> _names;

    public CountryNames(IEnumerable<Country> countries)
    {
        var byName = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var alpha2 = new HashSet<string>(StringComparer.Ordinal);
        var alpha3 = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        void Add(string name, string code)
        {
            var folded = NameFolding.Fold(name);
            if (folded.Length == 0) return;
            if (!byName.TryGetValue(folded, out var codes)) byName[folded] = codes = [];
            codes.Add(code);
        }

        foreach (var country in countries)
        {
            alpha2.Add(country.Code);
            alpha3[country.Alpha3] = country.Code;
            names[country.Code] = (country.NameFr, country.NameEn);
            var known = new List<string> { country.NameFr, country.NameEn };
            known.AddRange(country.AliasesFr.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            known.AddRange(country.AliasesEn.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            foreach (var name in known)
            {
                Add(name, country.Code);
                // « Moldova, Republic of », « Holy See (Vatican City State) »: the part before the qualifier too.
                var cut = name.IndexOfAny([',', '(']);
                if (cut > 0) Add(name[..cut], country.Code);
            }
        }
        foreach (var (code, name) in UsualNames)
            if (alpha2.Contains(code)) Add(name, code);

        // Long forms reduced to their usual name, unless that name already means something.
        foreach (var (name, codes) in byName.ToList())
        {
            var shortName = StripLongForm(name);
            if (shortName != name && !byName.ContainsKey(shortName))
                byName[shortName] = [.. codes];
            else if (shortName != name && byName.TryGetValue(shortName, out var existing) && existing.Count > 0 && !existing.SetEquals(codes))
                existing.UnionWith(codes);
        }

        _byName = byName.ToFrozenDictionary(p => p.Key, p => p.Value.Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        _alpha2 = alpha2.ToFrozenSet(StringComparer.Ordinal);
        _alpha3 = alpha3.ToFrozenDictionary(StringComparer.Ordinal);
        _names = names.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The name of the country (or countries: « CD/CG ») of a <see cref="CountryScope.Code"/>, in French or in English.</summary>
    public string NameOf(string scopeCode, bool english = false) =>
        string.Join(english ? " or " : " ou ", scopeCode.Split('/').Select(code =>
            _names.TryGetValue(code, out var name) ? english ? name.English : name.French : code));

    /// <summary>« au Canada », « en France », « aux Pays-Bas »: the usual French preposition, guessed from the name.</summary>
    public static string InFrench(string country)
    {
        var folded = NameFolding.Fold(country);
        string[] masculineInE = ["mexique", "cambodge", "mozambique", "zimbabwe", "belize"];
        if (folded.EndsWith('s') && !folded.EndsWith("is", StringComparison.Ordinal)) return $"aux {country}";
        if (folded.Length == 0 || "aeiouy".Contains(folded[0]) || (folded.EndsWith('e') && !masculineInE.Contains(folded)))
            return $"en {country}";
        return $"au {country}";
    }

    private static string StripLongForm(string folded)
    {
        foreach (var prefix in LongFormPrefixes.OrderByDescending(p => p.Length))
            if (folded.Length > prefix.Length + 1 && folded.StartsWith(prefix + " ", StringComparison.Ordinal))
                return folded[(prefix.Length + 1)..];
        return folded;
    }

    /// <summary>The country named by <paramref name="text"/>, or null when nothing matches.</summary>
    public CountryScope? Find(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var trimmed = text.Trim();
        if (trimmed.Length == 2 && trimmed.All(char.IsAsciiLetter) && _alpha2.Contains(trimmed.ToUpperInvariant()))
            return Scope([trimmed.ToUpperInvariant()]);
        if (trimmed.Length == 3 && trimmed.All(char.IsAsciiLetter) && _alpha3.TryGetValue(trimmed.ToUpperInvariant(), out var fromAlpha3))
            return Scope([fromAlpha3]);
        var folded = NameFolding.Fold(trimmed);
        if (_byName.TryGetValue(folded, out var codes) || _byName.TryGetValue(StripLongForm(folded), out codes))
            return Scope(codes);
        return null;
    }

    private static CountryScope Scope(string[] codes)
    {
        var set = new HashSet<string>(codes, StringComparer.Ordinal);
        if (set.Contains("FR")) set.UnionWith(FrenchOverseas);
        var code = codes.Contains("FR") ? "FR" : string.Join('/', codes);
        return new CountryScope(code, set.ToFrozenSet(StringComparer.Ordinal));
    }
}

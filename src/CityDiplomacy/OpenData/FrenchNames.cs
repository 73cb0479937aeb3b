namespace CityDiplomacy.OpenData;

/// <summary>
/// « de » before a commune's name, as French writes it: the name stays as the COG gives it, the preposition changes.
/// d' before a vowel or a mute h (d'Annecy, d'Orléans, d'Évry, d'Hyères, d'Yvetot); du / des for the articles Le / Les
/// (du Mans, des Mureaux), which is the COG's own « charnière »; de otherwise (de Nantes, de La Rochelle, de L'Haÿ-les-Roses).
/// The COG's TNCC, which settles mute and aspirated h, is not in the shipped reference data: an h is taken as mute
/// unless the name starts with one of the aspirated-h words below.
/// </summary>
public static class FrenchNames
{
    /// <summary>
    /// First words of commune names written without elision by the communes themselves (Ville de Haguenau, de Houilles,
    /// de Haute-Goulaine); a short list, not a dictionary: usage varies (Ville d'Hazebrouck, d'Halluin).
    /// </summary>
    private static readonly string[] AspiratedH = ["haguenau", "ham", "haut", "haute", "hautes", "hauts", "hem", "honfleur", "houilles"];

    public static string Of(string name)
    {
        if (name.StartsWith("Le ", StringComparison.Ordinal)) return "du " + name[3..];
        if (name.StartsWith("Les ", StringComparison.Ordinal)) return "des " + name[4..];
        return (Elides(name) ? "d'" : "de ") + name;
    }

    private static bool Elides(string name)
    {
        if (name.Length == 0) return false;
        var first = char.ToLowerInvariant(name[0]);
        if ("aàâäeéèêëiîïoôöuùûüyÿæœ".Contains(first, StringComparison.Ordinal)) return true;
        if (first != 'h') return false;
        var word = name.Split(' ', '-', '\'', '’')[0].ToLowerInvariant();
        return Array.IndexOf(AspiratedH, word) < 0;
    }
}

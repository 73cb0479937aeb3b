namespace CityDiplomacy.Settings;

/// <summary>
/// SIREN (9 digits) and SIRET (14 digits: SIREN + NIC) as INSEE defines them: digits only, with a Luhn check digit.
/// La Poste's establishments (SIREN 356000000) but its head office follow another rule (sum of digits multiple of 5), as in the check
/// Validata runs for SCDL (« french-siret-value »).
/// </summary>
public static class Siret
{
    private const string LaPoste = "356000000";
    private const string LaPosteHeadOffice = "35600000000048";

    /// <summary>The digits of a SIRET typed with spaces or dots (« 217 400 100 00016 »); null when blank.</summary>
    public static string? Normalise(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : string.Concat(value.Where(c => !char.IsWhiteSpace(c) && c != '.' && c != '\u00A0' && c != '\u202F'));

    public static bool IsValidSiret(string? value)
    {
        if (value is not { Length: 14 } || !value.All(char.IsAsciiDigit)) return false;
        if (value.StartsWith(LaPoste, StringComparison.Ordinal) && value != LaPosteHeadOffice)
            return value.Sum(c => c - '0') % 5 == 0;
        return Luhn(value);
    }

    public static bool IsValidSiren(string? value) => value is { Length: 9 } && value.All(char.IsAsciiDigit) && Luhn(value);

    /// <summary>The Luhn checksum: from the right, every second digit doubled (minus 9 past 9); the sum is a multiple of 10.</summary>
    public static bool Luhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}

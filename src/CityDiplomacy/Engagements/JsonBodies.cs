using System.Text;
using System.Text.Json;

namespace CityDiplomacy.Engagements;

/// <summary>
/// JSON bodies whose text cannot be read: an escaped lone surrogate (« \ud800 » without its second half) or bytes that
/// are not UTF-8. System.Text.Json parses the document and fails only when it decodes the string; every API answers 400.
/// </summary>
public static class JsonBodies
{
    public const string InvalidTextMessage =
        "Texte invalide : demi-caractère UTF-16 isolé (\\uD800–\\uDFFF sans sa seconde moitié) ou octets qui ne sont pas de l'UTF-8.";

    /// <summary>True when <paramref name="exception"/> (or one of its causes) is a failure to decode text, not a type mismatch.</summary>
    public static bool IsInvalidText(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DecoderFallbackException or EncoderFallbackException) return true;
            if (e is InvalidOperationException or JsonException
                && (e.Message.Contains("UTF-16", StringComparison.Ordinal) || e.Message.Contains("UTF-8", StringComparison.Ordinal)
                    || e.Message.Contains("surrogate", StringComparison.OrdinalIgnoreCase)))
                return true;
        }
        return false;
    }
}

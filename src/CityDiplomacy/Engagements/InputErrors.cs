using System.Globalization;

namespace CityDiplomacy.Engagements;

/// <summary>
/// The field errors of one validation pass, keyed by the field's path in the JSON body (« signedOn »,
/// « deliberations[0].date », « partner.country »): the API returns them as a 400 ValidationProblem, a page as
/// model errors, an import as the messages of its row.
/// </summary>
public sealed class InputErrors : Dictionary<string, string[]>
{
    public void Report(string field, string message) =>
        this[field] = TryGetValue(field, out var messages) ? [.. messages, message] : [message];

    /// <summary>A date written yyyy-MM-dd (1990-02-31 is refused).</summary>
    public void Date(string? value, string field, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) Report(field, "La date est obligatoire (AAAA-MM-JJ).");
            return;
        }
        if (!IsoDate.TryParse(value, out _))
            Report(field, $"« {value.Trim()} » n'est pas une date valide : attendu AAAA-MM-JJ, par exemple 1965-03-12.");
    }

    /// <summary>Free text: required or not, at most <paramref name="maxLength"/> characters once trimmed.</summary>
    public void Text(string? value, string field, int maxLength, string? requiredMessage = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (requiredMessage is not null) Report(field, requiredMessage);
            return;
        }
        if (value.Trim().Length > maxLength)
            Report(field, $"{maxLength} caractères au plus ({value.Trim().Length} reçus).");
    }

    /// <summary>One of the slugs of <typeparamref name="T"/> (see <see cref="Slugs"/>).</summary>
    public void Slug<T>(string? value, string field, bool required = false) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) Report(field, $"Valeur obligatoire, parmi : {Slugs.List<T>()}.");
            return;
        }
        if (Slugs.Parse<T>(value) is null)
            Report(field, $"« {value.Trim()} » n'est pas une valeur admise ; valeurs possibles : {Slugs.List<T>()}.");
    }

    /// <summary>An absolute http or https address.</summary>
    public void Url(string? value, string field, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) Report(field, "L'adresse (URL) est obligatoire.");
            return;
        }
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            Report(field, $"« {value.Trim()} » n'est pas une adresse web (http:// ou https://).");
        else if (value.Trim().Length > 1000)
            Report(field, "1000 caractères au plus.");
    }

    /// <summary>An ISO 3166-1 alpha-2 code (any case).</summary>
    public void CountryCode(string? value, string field, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) Report(field, "Le code pays ISO 3166-1 alpha-2 est obligatoire (par ex. PL).");
            return;
        }
        if (!Reference.Country.IsWellFormedCode(value.Trim()))
            Report(field, $"« {value.Trim()} » n'est pas un code pays ISO 3166-1 alpha-2 (deux lettres, par ex. PL).");
    }

    public void NotNegative(long? value, string field)
    {
        if (value < 0) Report(field, "Un nombre positif ou nul est attendu.");
    }
}

/// <summary>An input applied without having passed its validation: a programming error, reported with its field errors.</summary>
public sealed class InvalidInputException(InputErrors errors)
    : Exception("Saisie invalide : " + string.Join(" ; ", errors.Select(e => $"{e.Key} : {string.Join(" ", e.Value)}")))
{
    public InputErrors Errors { get; } = errors;
}

/// <summary>Dates as the API, the forms and the imports write them: yyyy-MM-dd, nothing else.</summary>
public static class IsoDate
{
    public const string Format = "yyyy-MM-dd";

    public static bool TryParse(string? value, out DateOnly? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(value)) return true;
        if (!DateOnly.TryParseExact(value.Trim(), Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)) return false;
        date = parsed;
        return true;
    }

    /// <summary>The date of a validated field (null when empty).</summary>
    public static DateOnly? Parse(string? value) =>
        TryParse(value, out var date) ? date : throw new FormatException($"« {value} » n'est pas une date AAAA-MM-JJ.");

    public static string? Write(DateOnly? date) => date?.ToString(Format, CultureInfo.InvariantCulture);
}

using System.Net.Mail;
using CityDiplomacy.Engagements;

namespace CityDiplomacy.Settings;

/// <summary>Who answers for the commune's reports (the Atlas sheets, the development-aid declaration).</summary>
public sealed class ReportingContactInput
{
    public string? Name { get; set; }
    public string? Role { get; set; }
    public string? Email { get; set; }
}

/// <summary>
/// The body of <c>PUT /api/communes/{insee}/settings</c> and the settings form:
/// <c>{ "siret", "iatiOrganisationId"?, "reportingContact"?: { "name", "role", "email" } }</c>, validated once.
/// </summary>
public sealed class CommuneSettingsInput
{
    public const int MaxIdentifier = 200;
    public const int MaxText = 200;
    public const int MaxEmail = 254;

    public string? Siret { get; set; }
    public string? IatiOrganisationId { get; set; }
    public ReportingContactInput? ReportingContact { get; set; }
    /// <summary>The version the settings were read at (the API's If-Match may say it instead); absent, nothing is checked.</summary>
    public int? Version { get; set; }

    /// <summary>
    /// Every error at once, keyed by the field's JSON path. <paramref name="siren"/> is the commune's SIREN from the
    /// Code officiel géographique (null when the reference data has none: then any valid SIRET is accepted).
    /// </summary>
    public InputErrors Validate(string? siren)
    {
        var errors = new InputErrors();
        var siret = Settings.Siret.Normalise(Siret);
        if (siret is null)
            errors.Report("siret", "Le SIRET de la mairie est obligatoire (14 chiffres : le SIREN de la commune puis le NIC de l'établissement).");
        else if (siret.Length != 14 || !siret.All(char.IsAsciiDigit))
            errors.Report("siret", $"« {Siret!.Trim()} » n'est pas un SIRET : 14 chiffres attendus.");
        else if (siren is not null && !siret.StartsWith(siren, StringComparison.Ordinal))
            errors.Report("siret", $"Le SIRET {siret} ne commence pas par le SIREN de la commune ({siren}).");
        else if (siren is null && !Settings.Siret.IsValidSiren(siret[..9]))
            errors.Report("siret", $"Le SIREN {siret[..9]} de ce SIRET n'a pas une clé de contrôle valide (algorithme de Luhn).");
        else if (!Settings.Siret.IsValidSiret(siret))
            errors.Report("siret", $"Le SIRET {siret} n'a pas une clé de contrôle valide (algorithme de Luhn) : vérifiez les chiffres du NIC.");

        if (!string.IsNullOrWhiteSpace(IatiOrganisationId))
        {
            var id = IatiOrganisationId.Trim();
            if (id.Length > MaxIdentifier)
                errors.Report("iatiOrganisationId", $"{MaxIdentifier} caractères au plus ({id.Length} reçus).");
            else if (id.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '/' or '&' or '|' or '?'))
                errors.Report("iatiOrganisationId", $"« {id} » contient une espace ou un caractère interdit dans un identifiant IATI (/ & | ?).");
            else if (OrganisationIdentifiers.PrefixOf(id) is null)
                errors.Report("iatiOrganisationId",
                    $"« {id} » ne commence pas par un préfixe d'org-id.guide confirmé et non déprécié, suivi d'un tiret et de l'identifiant : " +
                    $"{string.Join(", ", OrganisationIdentifiers.Prefixes)}. Pour une commune : {OrganisationIdentifiers.Recommended}-<SIREN>" +
                    (siren is null ? "." : $" (ici {OrganisationIdentifiers.SuggestedFor(siren)})."));
        }

        if (ReportingContact is { } contact && !(string.IsNullOrWhiteSpace(contact.Name) && string.IsNullOrWhiteSpace(contact.Role) && string.IsNullOrWhiteSpace(contact.Email)))
        {
            errors.Text(contact.Name, "reportingContact.name", MaxText, "Le nom de la personne à contacter est obligatoire.");
            errors.Text(contact.Role, "reportingContact.role", MaxText);
            errors.Text(contact.Email, "reportingContact.email", MaxEmail, "L'adresse électronique de la personne à contacter est obligatoire.");
            if (!string.IsNullOrWhiteSpace(contact.Email) && contact.Email.Trim().Length <= MaxEmail && !IsEmail(contact.Email.Trim()))
                errors.Report("reportingContact.email", $"« {contact.Email.Trim()} » n'est pas une adresse électronique (nom@domaine.fr).");
            foreach (var (value, field) in new[] { (contact.Name, "reportingContact.name"), (contact.Role, "reportingContact.role"), (contact.Email, "reportingContact.email") })
                if (TextRule.Problem(value) is { } problem) errors.Report(field, problem);
        }
        return errors;
    }

    private static bool IsEmail(string value) =>
        MailAddress.TryCreate(value, out var address) && address.Address == value && value.IndexOf('@', StringComparison.Ordinal) is > 0
        && value[(value.IndexOf('@', StringComparison.Ordinal) + 1)..].Contains('.', StringComparison.Ordinal);

    /// <summary>The input that leaves <paramref name="settings"/> as it is (the form's starting values).</summary>
    public static CommuneSettingsInput For(CommuneSettings? settings) => new()
    {
        Siret = settings?.Siret,
        IatiOrganisationId = settings?.IatiOrganisationId,
        ReportingContact = settings?.ReportingContactName is null && settings?.ReportingContactEmail is null ? null : new ReportingContactInput
        {
            Name = settings.ReportingContactName, Role = settings.ReportingContactRole, Email = settings.ReportingContactEmail,
        },
    };
}

/// <summary>The settings as the API returns them.</summary>
public sealed record CommuneSettingsDetails(string Insee, string? Siret, string? IatiOrganisationId, ReportingContactDetails? ReportingContact,
    int Version, string? SuggestedIatiOrganisationId)
{
    public static CommuneSettingsDetails From(string insee, CommuneSettings? s, string? siren) => new(
        insee, s?.Siret, s?.IatiOrganisationId,
        s?.ReportingContactName is null && s?.ReportingContactEmail is null ? null
            : new ReportingContactDetails(s.ReportingContactName, s.ReportingContactRole, s.ReportingContactEmail),
        s?.Version ?? 0, OrganisationIdentifiers.SuggestedFor(siren));
}

public sealed record ReportingContactDetails(string? Name, string? Role, string? Email);

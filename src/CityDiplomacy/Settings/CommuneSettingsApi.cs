using CityDiplomacy.Engagements;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CityDiplomacy.Settings;

/// <summary>
/// <c>GET</c>/<c>PUT /api/communes/{insee}/settings</c>: the SIRET, IATI identifier and reporting contact of a commune.
/// For an officer of the commune or an administrator (401 anonymous, 403 otherwise); 422 naming the field for a bad
/// value; 409 when the version read (If-Match or « version ») is no longer the stored one.
/// </summary>
public static class CommuneSettingsApi
{
    public static IEndpointRouteBuilder MapCommuneSettings(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/communes/{insee}/settings").WithTags("Paramètres de la commune");
        group.MapGet("", GetSettings)
            .WithName("GetCommuneSettings")
            .WithSummary("Les paramètres de déclaration d'une commune (SIRET, identifiant IATI, contact)")
            .WithDescription("Version 0 et champs vides tant que rien n'est enregistré ; ETag : la version. suggestedIatiOrganisationId : " +
                             "FR-RCS suivi du SIREN de la commune (org-id.guide). Pour les agents de la commune et les administrateurs.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("", PutSettings)
            .WithName("PutCommuneSettings")
            .WithSummary("Enregistrer les paramètres de déclaration d'une commune")
            .WithDescription("{ \"siret\", \"iatiOrganisationId\"?, \"reportingContact\"?: { \"name\", \"role\", \"email\" } } ; un champ facultatif absent est effacé. " +
                             "Le SIRET : 14 chiffres, commençant par le SIREN de la commune, clé de Luhn valide. L'identifiant IATI commence par un préfixe " +
                             "confirmé et non déprécié d'org-id.guide (FR-RCS-<SIREN> pour une commune). If-Match: \"<version>\" (ou « version » dans le corps) " +
                             "facultatif, respecté : 409 si la version lue n'est plus la dernière. 422 nommant le champ pour une valeur refusée.")
            .Accepts<CommuneSettingsInput>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    internal static async Task<Results<Ok<CommuneSettingsDetails>, ProblemHttpResult>> GetSettings(
        string insee, HttpContext http, CommuneSettingsCommands commands, CancellationToken cancellationToken)
    {
        var result = await commands.ReadAsync(insee, cancellationToken);
        if (result.Status != CommandStatus.Done) return Refused(http, result, null);
        http.Response.Headers.ETag = CommuneSettingsCommands.ETag(result.CurrentVersion);
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.Ok(CommuneSettingsDetails.From(result.CommuneCode!, result.Settings, result.Siren));
    }

    internal static async Task<Results<Ok<CommuneSettingsDetails>, ProblemHttpResult>> PutSettings(
        string insee, HttpContext http, CommuneSettingsCommands commands, CancellationToken cancellationToken)
    {
        ProblemHttpResult? unreadable = null;
        var result = await commands.SaveAsync(insee, http.Request.Headers.IfMatch.ToString(), async () =>
        {
            (var body, unreadable) = await EngagementsApi.ReadAsync(http.Request, typeof(CommuneSettingsInput), cancellationToken);
            return (CommuneSettingsInput?)body;
        }, cancellationToken);
        if (result.Status != CommandStatus.Done) return Refused(http, result, unreadable);
        http.Response.Headers.ETag = CommuneSettingsCommands.ETag(result.CurrentVersion);
        return TypedResults.Ok(CommuneSettingsDetails.From(result.CommuneCode!, result.Settings, result.Siren));
    }

    private static ProblemHttpResult Refused(HttpContext http, SettingsCommandResult result, ProblemHttpResult? unreadable) => result.Status switch
    {
        CommandStatus.Unauthenticated => EngagementsApi.Unauthenticated(http),
        CommandStatus.UnknownCommune => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Commune inconnue",
            detail: $"Aucune commune actuelle n'a le code INSEE « {result.CommuneCode} » dans le Code officiel géographique chargé."),
        CommandStatus.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Accès refusé",
            detail: $"Les paramètres de la commune {result.CommuneCode} sont réservés à ses agents et aux administrateurs."),
        CommandStatus.Unreadable => unreadable!,
        CommandStatus.Invalid => TypedResults.Problem(new HttpValidationProblemDetails(result.Errors!)
        {
            Status = StatusCodes.Status422UnprocessableEntity, Title = "Paramètres refusés",
            Detail = string.Join(" ", result.Errors!.Select(e => $"{e.Key} : {string.Join(" ", e.Value)}")),
        }),
        CommandStatus.Stale or CommandStatus.Conflict => Conflict(http, result),
        _ => throw new InvalidOperationException($"Issue de commande inattendue : {result.Status}."),
    };

    private static ProblemHttpResult Conflict(HttpContext http, SettingsCommandResult result)
    {
        if (result.Status == CommandStatus.Stale) http.Response.Headers.ETag = CommuneSettingsCommands.ETag(result.CurrentVersion);
        return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Version périmée",
            detail: result.Status == CommandStatus.Stale
                ? $"Les paramètres ont changé depuis votre lecture (version actuelle : {result.CurrentVersion}) : rien n'a été enregistré. " +
                  "Relisez-les (GET) puis renvoyez vos changements avec leur nouvel ETag."
                : "Les paramètres ont été enregistrés par une autre requête au même instant : rien n'a été écrasé. Relisez-les puis recommencez.",
            extensions: new Dictionary<string, object?> { ["currentVersion"] = result.CurrentVersion });
    }
}

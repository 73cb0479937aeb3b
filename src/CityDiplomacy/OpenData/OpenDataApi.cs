using System.Text.Json.Nodes;
using CityDiplomacy.Data;
using CityDiplomacy.Portal;
using CityDiplomacy.Reference;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace CityDiplomacy.OpenData;

/// <summary>The routes of every declared export, for a commune, a country and the nation.</summary>
public static class OpenDataApi
{
    public static IEndpointRouteBuilder MapOpenData(this IEndpointRouteBuilder app)
    {
        var registry = app.ServiceProvider.GetRequiredService<OpenDataRegistry>();
        var group = app.MapGroup("/api").WithTags("Données ouvertes");
        group.MapGet("/national", async (AppDb db, CancellationToken ct) => TypedResults.Ok(await Portal.PortalQueries.NationalOverviewAsync(db, ct)))
            .WithName("NationalOverview")
            .WithSummary("Chiffres nationaux de la page d'accueil (mêmes définitions)")
            .WithDescription("Jumelages publics : confirmés par les communes (actif, en sommeil, suspendu, terminé) et signalés par des annuaires " +
                "nationaux sans statut ; engagements avec un point de vigilance public ouvert, et ces points par règle ; jumelages par pays partenaire.");
        foreach (var export in registry.Exports)
        {
            foreach (var scope in export.Scopes)
            {
                var route = scope switch
                {
                    ExportScope.Commune => "/communes/{insee}/" + export.FileName,
                    ExportScope.Country => "/countries/{iso2}/" + export.FileName,
                    _ => "/" + export.FileName,
                };
                var summary = scope switch
                {
                    ExportScope.Commune => $"{export.Title} d'une commune ({export.Format})",
                    ExportScope.Country => $"{export.Title} liés à un pays ({export.Format})",
                    _ => $"{export.Title} de toutes les communes ({export.Format})",
                };
                var endpoint = scope switch
                {
                    ExportScope.Commune => group.MapGet(route, (string insee, string? sep, AppDb db, TimeProvider clock, CancellationToken ct) =>
                        ExportCommune(export, insee, sep, db, clock, ct)),
                    ExportScope.Country => group.MapGet(route, (string iso2, string? sep, AppDb db, TimeProvider clock, CancellationToken ct) =>
                        ExportCountry(export, iso2, sep, db, clock, ct)),
                    _ => group.MapGet(route, (string? sep, HttpContext http, AppDb db, NationalExportFiles files, TimeProvider clock, CancellationToken ct) =>
                        ExportNation(export, sep, http, db, files, clock, ct)),
                };
                // Anonymous clients share a few slots for what costs the most: a national file, or its first writing.
                if (scope == ExportScope.Nation) endpoint.ExpensiveForAnonymous();
                endpoint.WithName(export.OperationName(scope))
                    .WithSummary(summary)
                    .WithDescription($"{export.Standard} Données publiques uniquement : ni engagement interne ni champ confidentiel. " +
                        "Licence Ouverte 2.0 pour les données saisies sur la plateforme ; chaque ligne importée garde sa source." +
                        (export.IsCsv ? " CSV UTF-8 avec BOM, séparateur « ; » (sep=comma pour « , »), cellules-formules neutralisées." : ""))
                    .Produces(StatusCodes.Status200OK, typeof(Stream), export.ContentType)
                    .ProducesValidationProblem()
                    .ProducesProblem(StatusCodes.Status404NotFound)
                    .AddOpenApiOperationTransformer((operation, _, _) =>
                    {
                        DescribeSeparator(operation, export);
                        return Task.CompletedTask;
                    });
            }
        }
        return app;
    }

    internal static async Task<Results<ExportResult, ProblemHttpResult, ValidationProblem>> ExportCommune(
        OpenDataExport export, string insee, string? sep, AppDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!Commune.IsWellFormedCode(insee))
            return Invalid("insee", $"« {insee} » n'est pas un code commune INSEE (5 caractères, par ex. 45284 ou 2A004).", "Code INSEE mal formé");
        if (ParseSeparator(sep) is not { } separator) return InvalidSeparator(sep);
        var code = insee.ToUpperInvariant();
        var name = await db.Communes.AsNoTracking().Where(c => c.Code == code).OrderBy(c => c.Kind).Select(c => c.Name).FirstOrDefaultAsync(cancellationToken);
        if (name is null)
            return TypedResults.Problem(detail: $"Aucune commune n'a le code INSEE {code} dans le Code officiel géographique chargé.",
                statusCode: StatusCodes.Status404NotFound, title: "Commune inconnue");
        return await ExportOrNothingAsync(export, new ExportRequest(ExportScope.Commune, code, name), separator, db, clock, cancellationToken);
    }

    internal static async Task<Results<ExportResult, ProblemHttpResult, ValidationProblem>> ExportCountry(
        OpenDataExport export, string iso2, string? sep, AppDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!Country.IsWellFormedCode(iso2))
            return Invalid("iso2", $"« {iso2} » n'est pas un code pays ISO 3166-1 alpha-2 (deux lettres, par ex. PL).", "Code pays mal formé");
        if (ParseSeparator(sep) is not { } separator) return InvalidSeparator(sep);
        var code = iso2.ToUpperInvariant();
        var name = await db.Countries.AsNoTracking().Where(c => c.Code == code).Select(c => c.NameFr).FirstOrDefaultAsync(cancellationToken);
        if (name is null)
            return TypedResults.Problem(detail: $"Aucun pays n'a le code ISO {code}.", statusCode: StatusCodes.Status404NotFound, title: "Pays inconnu");
        return await ExportOrNothingAsync(export, new ExportRequest(ExportScope.Country, code, name), separator, db, clock, cancellationToken);
    }

    /// <summary>Written once per data version, then served from its file (see <see cref="NationalExportFiles"/>).</summary>
    internal static async Task<Results<PhysicalFileHttpResult, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult>> ExportNation(
        OpenDataExport export, string? sep, HttpContext http, AppDb db, NationalExportFiles files, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (ParseSeparator(sep) is not { } separator) return InvalidSeparator(sep);
        var request = new ExportRequest(ExportScope.Nation, null, "France");
        if (export.HasContent is { } hasContent && !await hasContent(new ExportContext(db, request, separator, clock), cancellationToken))
            return NothingToPublish(export, request);
        Results<PhysicalFileHttpResult, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult> served;
        try
        {
            served = await files.ServeAsync(export, separator, http, db, cancellationToken);
        }
        catch (NothingToPublishException nothing)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: nothing.Title, detail: nothing.Message);
        }
        return served.Result switch
        {
            PhysicalFileHttpResult file => file,
            ProblemHttpResult problem => problem,
            StatusCodeHttpResult status => status,
            ValidationProblem problem => problem,
            var other => throw new InvalidOperationException($"Réponse inattendue : {other}"),
        };
    }

    private static async Task<Results<ExportResult, ProblemHttpResult, ValidationProblem>> ExportOrNothingAsync(
        OpenDataExport export, ExportRequest request, char separator, AppDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (export.HasContent is { } hasContent && !await hasContent(new ExportContext(db, request, separator, clock), cancellationToken))
            return NothingToPublish(export, request);
        return new ExportResult(export, request, separator, db, clock);
    }

    /// <summary>404 for a file that would have no content: its standard makes an empty one invalid, so none is served.</summary>
    internal static ProblemHttpResult NothingToPublish(OpenDataExport export, ExportRequest request) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Rien à publier",
            detail: $"Il n'y a rien à publier dans {export.FileName} ({request.ScopeName}) : un fichier {export.Format} vide serait invalide, aucun n'est donc servi.");

    /// <summary>The values <see cref="ParseSeparator"/> accepts, as the OpenAPI enum of <c>sep</c>.</summary>
    public static readonly string[] Separators = ["semicolon", "comma", ";", ","];

    private static void DescribeSeparator(OpenApiOperation operation, OpenDataExport export)
    {
        if (operation.Parameters?.FirstOrDefault(p => p.Name == "sep") is not OpenApiParameter sep) return;
        sep.Description = export.IsCsv
            ? "Séparateur des colonnes : semicolon (par défaut) ou comma ; « ; » et « , » sont acceptés aussi, sans distinction de casse. 400 sinon."
            : "Sans effet sur ce format (accepté pour des adresses uniformes) ; mêmes valeurs que pour le CSV, 400 sinon.";
        if (sep.Schema is OpenApiSchema schema)
        {
            schema.Enum = Separators.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
            schema.Default = JsonValue.Create("semicolon");
        }
    }

    /// <summary>semicolon (default, French spreadsheets), comma, or the characters themselves.</summary>
    internal static char? ParseSeparator(string? sep) => sep?.Trim().ToLowerInvariant() switch
    {
        null or "" or "semicolon" or ";" => ';',
        "comma" or "," => ',',
        _ => null,
    };

    private static ValidationProblem InvalidSeparator(string? sep) =>
        Invalid("sep", $"Séparateur « {sep} » inconnu : semicolon (par défaut) ou comma.", "Séparateur invalide");

    private static ValidationProblem Invalid(string field, string message, string title) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: title);
}

/// <summary>
/// Writes one export, then sends it. The file is produced in full first (in memory, spilling to a temporary file past
/// 1 MiB), so that a failure answers a 500 ProblemDetails before the first byte instead of a 200 cut off mid-stream;
/// a client then knows a whole file by its Content-Length.
/// </summary>
public sealed class ExportResult(OpenDataExport export, ExportRequest request, char separator, AppDb db, TimeProvider clock) : IResult
{
    public OpenDataExport Export => export;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var cancellationToken = httpContext.RequestAborted;
        await using var buffer = new FileBufferingWriteStream(memoryThreshold: 1024 * 1024);
        try
        {
            await export.Write(new ExportContext(db, request, separator, clock), buffer, cancellationToken);
        }
        catch (NothingToPublishException nothing)
        {
            await TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: nothing.Title, detail: nothing.Message).ExecuteAsync(httpContext);
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            httpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger<ExportResult>()
                .LogError(e, "Export {File} ({Scope} {Key}) impossible", export.FileName, request.Scope, request.Key);
            await TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Export impossible",
                detail: $"Le fichier {export.FileName} n'a pas pu être produit ; rien n'a été envoyé. Réessayez plus tard.").ExecuteAsync(httpContext);
            return;
        }

        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = export.ContentType;
        var disposition = new ContentDispositionHeaderValue(export.ContentType.StartsWith("text/calendar", StringComparison.Ordinal) ? "inline" : "attachment");
        disposition.SetHttpFileName(export.DownloadName(request.Scope, request.Key));
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.XContentTypeOptions = "nosniff";
        response.ContentLength = buffer.Length;
        if (HttpMethods.IsHead(httpContext.Request.Method)) return;
        await buffer.DrainBufferAsync(response.Body, cancellationToken);
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CityDiplomacy.Accounts;
using CityDiplomacy.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Engagements;

/// <summary>
/// The administrators' side of the city-network catalogue: add a network, correct one. Seeded networks can be
/// corrected too; the seeder then leaves them as the administrator wrote them. Nothing is deleted here: memberships
/// point to the catalogue.
/// </summary>
public static class CataloguesAdminApi
{
    public static IEndpointRouteBuilder MapCatalogueAdministration(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/catalogues/networks").WithTags("Catalogues");
        group.MapGet("/{code}", GetNetwork)
            .WithName("GetCityNetwork")
            .WithSummary("Un réseau de villes du catalogue, par son code")
            .WithDescription("Avec son ETag, à renvoyer dans If-Match pour le modifier.");
        group.MapPost("/", CreateNetwork)
            .RequireAuthorization()
            .WithName("CreateCityNetwork")
            .WithSummary("Ajoute un réseau de villes au catalogue (administrateurs)")
            .WithDescription("401 sans authentification, 403 pour qui n'est pas administrateur, 409 si le code existe déjà.");
        group.MapPut("/{code}", UpdateNetwork)
            .RequireAuthorization()
            .WithName("UpdateCityNetwork")
            .WithSummary("Corrige un réseau de villes du catalogue (administrateurs)")
            .WithDescription("Demande If-Match avec l'ETag lu (428 sans, 412 s'il a changé entre-temps). Le code ne change pas.");
        return app;
    }

    internal static async Task<Results<Ok<CityNetworkDetails>, NotFound<ProblemDetails>>> GetNetwork(
        string code, AppDb db, HttpContext http, CancellationToken cancellationToken)
    {
        var network = await db.CityNetworks.AsNoTracking().FirstOrDefaultAsync(n => n.Code == code, cancellationToken);
        if (network is null) return TypedResults.NotFound(UnknownNetwork(code));
        var details = CityNetworkDetails.Of(network);
        http.Response.Headers.ETag = details.ETag();
        return TypedResults.Ok(details);
    }

    internal static async Task<Results<Created<CityNetworkDetails>, ValidationProblem, ProblemHttpResult>> CreateNetwork(
        CityNetworkInput input, AppDb db, [FromServices] CommuneAccess access, HttpContext http, CancellationToken cancellationToken)
    {
        if (await Refused(access, cancellationToken) is { } refused) return refused;
        var errors = input.Validate(routeCode: null);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Réseau invalide");
        var code = input.Code!.Trim();
        if (await db.CityNetworks.AnyAsync(n => n.Code == code, cancellationToken))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Code déjà pris",
                detail: $"Le catalogue a déjà un réseau de code « {code} » : modifiez-le (PUT) ou choisissez un autre code.");

        var network = new CityNetwork { Code = code, NameFr = "", NameEn = "" };
        input.ApplyTo(network);
        db.CityNetworks.Add(network);
        await db.SaveChangesAsync(cancellationToken);
        var details = CityNetworkDetails.Of(network);
        http.Response.Headers.ETag = details.ETag();
        return TypedResults.Created($"/api/catalogues/networks/{Uri.EscapeDataString(code)}", details);
    }

    internal static async Task<Results<Ok<CityNetworkDetails>, ValidationProblem, ProblemHttpResult>> UpdateNetwork(
        string code, CityNetworkInput input, AppDb db, [FromServices] CommuneAccess access, HttpContext http,
        CancellationToken cancellationToken)
    {
        if (await Refused(access, cancellationToken) is { } refused) return refused;
        var network = await db.CityNetworks.FirstOrDefaultAsync(n => n.Code == code, cancellationToken);
        if (network is null)
            return TypedResults.Problem(UnknownNetwork(code));
        var current = CityNetworkDetails.Of(network).ETag();
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(ifMatch))
            return TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match obligatoire",
                detail: $"Renvoyez l'ETag lu avec GET /api/catalogues/networks/{code} dans l'en-tête If-Match : rien n'est écrasé sans lui.");
        if (ifMatch.Trim() != "*" && !ifMatch.Split(',').Select(t => t.Trim()).Contains(current))
            return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Réseau modifié entre-temps",
                detail: $"Le réseau « {code} » a changé depuis votre lecture (ETag actuel {current}) : relisez-le, puis refaites vos modifications.");
        var errors = input.Validate(routeCode: code);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Réseau invalide");

        input.ApplyTo(network);
        await db.SaveChangesAsync(cancellationToken);
        var details = CityNetworkDetails.Of(network);
        http.Response.Headers.ETag = details.ETag();
        return TypedResults.Ok(details);
    }

    /// <summary>401 for an anonymous caller, 403 for anyone but an administrator.</summary>
    private static async Task<ProblemHttpResult?> Refused(CommuneAccess access, CancellationToken cancellationToken)
    {
        if (!access.IsAuthenticated)
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Authentification requise",
                detail: "Connectez-vous ou envoyez « Authorization: Bearer <jeton d'API> ».");
        if (!await access.IsAdministratorAsync(cancellationToken))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Réservé aux administrateurs",
                detail: "Seuls les administrateurs modifient les catalogues.");
        return null;
    }

    private static ProblemDetails UnknownNetwork(string code) => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Réseau inconnu",
        Detail = $"Aucun réseau du catalogue n'a le code « {code} ».",
    };
}

/// <summary>The body of POST and PUT /api/catalogues/networks: the code is chosen once, at creation.</summary>
public sealed record CityNetworkInput(string? Code, string? NameFr, string? NameEn, string? Scope, string? Url, string? SourceUrl)
{
    public InputErrors Validate(string? routeCode)
    {
        var errors = new InputErrors();
        if (routeCode is null)
        {
            if (!CatalogueSeeder.IsValidCode(Code?.Trim()))
                errors.Report("code", "Code obligatoire : minuscules ASCII et chiffres, mots séparés par des tirets, 64 caractères au plus (par ex. « maires-pour-la-paix »).");
        }
        else if (!string.IsNullOrWhiteSpace(Code) && Code.Trim() != routeCode)
        {
            errors.Report("code", $"Le code d'un réseau ne change pas (« {routeCode} ») : ajoutez plutôt un nouveau réseau.");
        }
        errors.Text(NameFr, "nameFr", 300, "Le nom en français est obligatoire.");
        errors.Text(NameEn, "nameEn", 300, "Le nom en anglais est obligatoire.");
        errors.Text(Scope, "scope", 300);
        errors.Url(Url, "url");
        errors.Url(SourceUrl, "sourceUrl");
        return errors;
    }

    internal void ApplyTo(CityNetwork network)
    {
        network.NameFr = NameFr!.Trim();
        network.NameEn = NameEn!.Trim();
        network.Scope = Clean(Scope);
        network.Url = Clean(Url);
        network.SourceUrl = Clean(SourceUrl);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

public sealed record CityNetworkDetails(string Code, string NameFr, string NameEn, string? Scope, string? Url, string? SourceUrl)
{
    public static CityNetworkDetails Of(CityNetwork network) =>
        new(network.Code, network.NameFr, network.NameEn, network.Scope, network.Url, network.SourceUrl);

    /// <summary>
    /// The catalogue has no version column: the ETag is a digest of the content, so any change to the network,
    /// by anyone, makes an older ETag stale.
    /// </summary>
    public string ETag()
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this)));
        return "\"" + Convert.ToHexStringLower(digest)[..16] + "\"";
    }
}

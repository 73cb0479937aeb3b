using CityDiplomacy.Data;
using CityDiplomacy.OpenData;
using CityDiplomacy.Portal;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CityDiplomacy.Reference;

public static class CommunesApi
{
    public static IEndpointRouteBuilder MapCommunes(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/communes").WithTags("Communes");
        group.MapGet("/{insee}", GetCommune)
            .WithName("GetCommune")
            .WithSummary("Le profil public d'une commune par son code INSEE")
            .WithDescription("Identité d'une commune du Code officiel géographique 2026 : département, région, EPCI, codes postaux, population, coordonnées (approchées quand GeoNames n'a pas la commune) ; " +
                "nombre d'engagements publics par type (engagements), signalements ouverts sur ces engagements avec leurs preuves et la réponse publique de la commune (flags), téléchargements en données ouvertes (downloads).");
        group.MapGet("/", SearchCommunes)
            .WithName("SearchCommunes")
            .ExpensiveForAnonymous()
            .WithSummary("Recherche de communes par nom ou code postal")
            .WithDescription("Nom : préfixe insensible à la casse et aux accents (« saint-jean-de-br »). Chiffres : préfixe de code postal ou de code INSEE.");
        return app;
    }

    internal static async Task<Results<Ok<CommuneProfile>, ProblemHttpResult, ValidationProblem>> GetCommune(
        string insee, AppDb db, OpenDataRegistry registry, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!Commune.IsWellFormedCode(insee))
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["insee"] = [$"« {insee} » n'est pas un code commune INSEE (5 caractères, par ex. 45284 ou 2A004)."] },
                title: "Code INSEE mal formé");
        return await db.FindAsync(insee, cancellationToken) is { } commune
            ? TypedResults.Ok(await CommuneProfile.BuildAsync(db, commune, registry, clock, cancellationToken))
            : TypedResults.Problem(detail: $"Aucune commune n'a le code INSEE {insee} dans le Code officiel géographique chargé.", statusCode: StatusCodes.Status404NotFound, title: "Commune inconnue");
    }

    internal static async Task<Results<Ok<IReadOnlyList<CommuneSummary>>, ValidationProblem>> SearchCommunes(
        string? q, int? limit, AppDb db, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(q) || q.Trim().Length < 2)
            errors["q"] = ["Donnez au moins deux caractères : un nom de commune ou un code postal."];
        if (limit is < 1 or > CommuneQueries.MaxLimit)
            errors["limit"] = [$"limit doit être entre 1 et {CommuneQueries.MaxLimit}."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Recherche invalide");
        return TypedResults.Ok(await db.SearchAsync(q!, limit ?? 10, cancellationToken));
    }
}

using System.Globalization;
using CityDiplomacy.Portal;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace CityDiplomacy.Places;

public static class ResolveApi
{
    public const int DefaultLimit = 5;
    public const int MaxLimit = 20;

    /// <summary>Maps GET /api/places/resolve; a literal segment, so it wins over /api/places/{geonameId}.</summary>
    public static IEndpointRouteBuilder MapPlaceResolution(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/places/resolve", ResolveAsync)
            .WithTags("Lieux")
            .WithName("ResolvePlace")
            .ExpensiveForAnonymous()
            .WithSummary("Résout un partenaire écrit en texte libre en un lieu GeoNames ou une région")
            .WithDescription(
                "q : le texte tel qu'il est écrit (« Cracovie (Pologne) », « Gmina Tuchów », « Bavière »), 200 caractères au plus ; " +
                "country : code ISO alpha-2 ou alpha-3, ou nom du pays en français ou en anglais (la France inclut ses départements et " +
                "collectivités d'outre-mer) ; lat et lon : un point d'appui en degrés décimaux ; limit : 1 à 20 candidats (5 par défaut). " +
                "Réponse : resolved vaut false, avec les candidats, quand aucun n'est assez sûr. Avec un pays, les candidats sont dans ce pays ; " +
                "s'il n'y en a aucun, noneInCountry vaut true, note le dit et otherCountries donne, pour mémoire seulement, les lieux " +
                "de ce nom ailleurs. Le score est décrit dans docs/resolver.md.");
        return app;
    }

    internal static async Task<Results<Ok<PlaceResolution>, ValidationProblem>> ResolveAsync(
        string? q, string? country, string? lat, string? lon, string? limit, PlaceIndex index, IStringLocalizer<SharedResource> localizer,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(q))
            errors["q"] = ["Le texte à résoudre (q) est obligatoire."];
        else if (q.Length > PlaceResolver.MaxQueryLength)
            errors["q"] = [$"Le texte à résoudre dépasse {PlaceResolver.MaxQueryLength} caractères."];

        var latitude = ParseCoordinate("lat", lat, -90, 90, errors);
        var longitude = ParseCoordinate("lon", lon, -180, 180, errors);
        if (lat is not null && lon is null) errors["lon"] = ["La longitude (lon) accompagne la latitude (lat)."];
        if (lon is not null && lat is null) errors["lat"] = ["La latitude (lat) accompagne la longitude (lon)."];

        var count = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxLimit))
            errors["limit"] = [$"« {limit} » : limit est un entier de 1 à {MaxLimit}."];

        var resolver = await index.GetResolverAsync(cancellationToken);
        if (!string.IsNullOrWhiteSpace(country) && resolver.Countries.Find(country) is null)
            errors["country"] = [$"Pays « {country} » inconnu : code ISO (PL, POL) ou nom en français ou en anglais."];

        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "Paramètres de résolution invalides");

        GeoPoint? hint = latitude is { } la && longitude is { } lo ? new GeoPoint(la, lo) : null;
        var resolution = resolver.Resolve(q!, country, hint, count);
        if (resolution is { NoneInCountry: true, Country: { } asked })
            resolution = resolution with
            {
                // French takes a preposition that depends on the name (« au Canada », « en France »): {0} is « au Canada »
                // in French, « Canada » in English (« No place of that name in the database for Canada. »).
                Note = localizer["Aucun lieu de ce nom {0} dans la base.", CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en"
                    ? resolver.Countries.NameOf(asked, english: true)
                    : CountryNames.InFrench(resolver.Countries.NameOf(asked))],
            };
        return TypedResults.Ok(resolution);
    }

    private static double? ParseCoordinate(string field, string? value, double min, double max, Dictionary<string, string[]> errors)
    {
        if (value is null) return null;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
            return number;
        errors[field] = [$"« {value} » : {field} est un nombre décimal (point) entre {min} et {max}."];
        return null;
    }
}

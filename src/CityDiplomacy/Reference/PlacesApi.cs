using System.Globalization;
using CityDiplomacy.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Reference;

public sealed record PlaceDetails(
    int GeonameId, string Name, string? AsciiName, IReadOnlyList<string> AlternateNames, double Latitude, double Longitude,
    string FeatureClass, string? FeatureCode, string CountryCode, string? CountryNameFr, string? CountryNameEn,
    string? Admin1Code, string? Admin1Name, string? Admin2Code, long Population, SourceRef Source);

public static class PlacesApi
{
    public static IEndpointRouteBuilder MapPlaces(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/places").WithTags("Lieux");
        group.MapGet("/{geonameId}", GetPlace)
            .WithName("GetPlace")
            .WithSummary("Un lieu GeoNames par son identifiant")
            .WithDescription("Lieux habités de GeoNames cities500 (≥ 500 habitants), avec noms alternatifs, pays et région de premier niveau.");
        return app;
    }

    internal static async Task<Results<Ok<PlaceDetails>, ProblemHttpResult, ValidationProblem>> GetPlace(
        string geonameId, AppDb db, CancellationToken cancellationToken)
    {
        if (!int.TryParse(geonameId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["geonameId"] = [$"« {geonameId} » n'est pas un identifiant GeoNames (entier positif)."] },
                title: "Identifiant GeoNames mal formé");
        var place = await db.FindPlaceAsync(id, cancellationToken);
        return place is null
            ? TypedResults.Problem(detail: $"Aucun lieu GeoNames d'identifiant {id} parmi les lieux chargés (cities500).", statusCode: StatusCodes.Status404NotFound, title: "Lieu inconnu")
            : TypedResults.Ok(place);
    }

    public static async Task<PlaceDetails?> FindPlaceAsync(this AppDb db, int geonameId, CancellationToken cancellationToken = default)
    {
        var place = await db.Places.AsNoTracking().FirstOrDefaultAsync(p => p.GeonameId == geonameId, cancellationToken);
        if (place is null) return null;
        var country = await db.Countries.AsNoTracking().FirstOrDefaultAsync(c => c.Code == place.CountryCode, cancellationToken);
        var admin1 = place.Admin1Code is null ? null : await db.Admin1Regions.AsNoTracking()
            .Where(a => a.CountryCode == place.CountryCode && a.Code == place.Admin1Code)
            .Select(a => a.Name).FirstOrDefaultAsync(cancellationToken);
        return new PlaceDetails(place.GeonameId, place.Name, place.AsciiName, place.AlternateNameList.ToList(),
            place.Latitude, place.Longitude, place.FeatureClass, place.FeatureCode, place.CountryCode,
            country?.NameFr, country?.NameEn, place.Admin1Code, admin1, place.Admin2Code, place.Population,
            new SourceRef("places", place.DatasetVersion));
    }
}

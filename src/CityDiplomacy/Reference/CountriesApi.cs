using CityDiplomacy.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Reference;

public sealed record CountryDetails(
    string Code, string Alpha3, string Numeric, string NameFr, string NameEn,
    IReadOnlyList<string> AliasesFr, IReadOnlyList<string> AliasesEn, SourceRef Source)
{
    internal static CountryDetails From(Country c) => new(c.Code, c.Alpha3, c.Numeric, c.NameFr, c.NameEn,
        Split(c.AliasesFr), Split(c.AliasesEn), new SourceRef("countries", c.DatasetVersion));

    private static string[] Split(string joined) => joined.Length == 0 ? [] : joined.Split('|');
}

public static class CountriesApi
{
    public static IEndpointRouteBuilder MapCountries(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/countries").WithTags("Pays");
        group.MapGet("/", ListCountries).WithName("ListCountries").WithSummary("Les pays et territoires ISO 3166-1");
        group.MapGet("/{iso2}", GetCountry).WithName("GetCountry").WithSummary("Un pays par son code ISO alpha-2");
        return app;
    }

    internal static async Task<Ok<List<CountryDetails>>> ListCountries(AppDb db, CancellationToken cancellationToken)
    {
        var countries = await db.Countries.AsNoTracking().OrderBy(c => c.Code).ToListAsync(cancellationToken);
        return TypedResults.Ok(countries.Select(CountryDetails.From).ToList());
    }

    internal static async Task<Results<Ok<CountryDetails>, ProblemHttpResult, ValidationProblem>> GetCountry(
        string iso2, AppDb db, CancellationToken cancellationToken)
    {
        if (!Country.IsWellFormedCode(iso2))
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["iso2"] = [$"« {iso2} » n'est pas un code pays ISO 3166-1 alpha-2 (deux lettres, par ex. PL)."] },
                title: "Code pays mal formé");
        var code = iso2.ToUpperInvariant();
        var country = await db.Countries.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code, cancellationToken);
        return country is null
            ? TypedResults.Problem(detail: $"Aucun pays n'a le code ISO 3166-1 alpha-2 {code}.", statusCode: StatusCodes.Status404NotFound, title: "Pays inconnu")
            : TypedResults.Ok(CountryDetails.From(country));
    }
}

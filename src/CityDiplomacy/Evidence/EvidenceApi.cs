using CityDiplomacy.Data;
using CityDiplomacy.Reference;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Evidence;

/// <summary>A local alert as the public API shows it: a sourced fact, with its place and dates.</summary>
public sealed record AlertDetails(Guid Id, AlertLevel Level, string CountryCode, string? Place, int? GeonameId, string? Admin1Code,
    string Type, string Title, string? AdoptedOn, string? RepealedOn, bool Repealed, string SourceName, string SourceUrl, string? Note,
    DateTime UpdatedAt)
{
    internal static AlertDetails From(LocalAlert a) => new(a.Id, a.Level, a.CountryCode, a.PlaceText, a.GeonameId, a.Admin1Code,
        a.Type, a.Title, a.AdoptedOn, a.RepealedOn, a.RepealedOn is not null, a.SourceName, a.SourceUrl, a.Note, a.UpdatedAt);
}

/// <summary>The latest value of one indicator for a country, with its year and source.</summary>
public sealed record IndicatorValue(string Indicator, int Year, decimal? Value, string? Text, string SourceName, string? SourceUrl,
    string? Licence, DateTime? ImportedAt);

public static class EvidenceApi
{
    public static IEndpointRouteBuilder MapEvidence(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/alerts", ListAlerts)
            .WithName("ListAlerts").WithTags("Preuves")
            .WithSummary("Les alertes locales (faits publics sourcés)")
            .WithDescription("Résolutions, violations documentées, sanctions… au niveau d'un lieu, d'une région (code admin1 GeoNames) " +
                             "ou d'un pays, avec leur source. « country » filtre par code ISO alpha-2 ; une alerte abrogée reste, avec sa date d'abrogation.");
        app.MapGet("/api/countries/{iso2}/indicators", CountryIndicators)
            .WithName("GetCountryIndicators").WithTags("Preuves")
            .WithSummary("Les indicateurs d'un pays : dernière valeur de chacun, avec son année et sa source")
            .WithDescription("V-Dem (vdem.*, indices entre 0 et 1, plus haut = mieux ; vdem.v2x_pubcorr_inverted = 1 − corruption du secteur public), " +
                             "Freedom House (fh.status F/PF/NF, fh.pr, fh.cl, fh.total, fh.pr_rating, fh.cl_rating) et indicateurs importés.");
        return app;
    }

    internal static async Task<Results<Ok<List<AlertDetails>>, ValidationProblem>> ListAlerts(
        string? country, AppDb db, CancellationToken cancellationToken)
    {
        var query = db.LocalAlerts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(country))
        {
            if (!Country.IsWellFormedCode(country))
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["country"] = [$"« {country} » n'est pas un code pays ISO 3166-1 alpha-2 (deux lettres, par ex. PL)."] },
                    title: "Code pays mal formé");
            var code = country.ToUpperInvariant();
            query = query.Where(a => a.CountryCode == code);
        }
        var alerts = await query.ToListAsync(cancellationToken);
        return TypedResults.Ok(alerts.OrderBy(a => a.CountryCode, StringComparer.Ordinal).ThenBy(a => a.Level)
            .ThenBy(a => a.PlaceText, StringComparer.Ordinal).ThenBy(a => a.Title, StringComparer.Ordinal)
            .Select(AlertDetails.From).ToList());
    }

    internal static async Task<Results<Ok<List<IndicatorValue>>, ProblemHttpResult, ValidationProblem>> CountryIndicators(
        string iso2, AppDb db, CancellationToken cancellationToken)
    {
        if (!Country.IsWellFormedCode(iso2))
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["iso2"] = [$"« {iso2} » n'est pas un code pays ISO 3166-1 alpha-2 (deux lettres, par ex. PL)."] },
                title: "Code pays mal formé");
        var code = iso2.ToUpperInvariant();
        if (!await db.Countries.AnyAsync(c => c.Code == code, cancellationToken))
            return TypedResults.Problem(detail: $"Aucun pays n'a le code ISO 3166-1 alpha-2 {code}.", statusCode: StatusCodes.Status404NotFound, title: "Pays inconnu");
        return TypedResults.Ok(await LatestAsync(db, code, cancellationToken));
    }

    /// <summary>The latest year of each indicator of a country, with the import that brought it.</summary>
    public static async Task<List<IndicatorValue>> LatestAsync(AppDb db, string countryCode, CancellationToken cancellationToken)
    {
        var latest = await db.CountryIndicators.AsNoTracking()
            .Where(i => i.CountryCode == countryCode
                        && i.Year == db.CountryIndicators.Where(o => o.CountryCode == countryCode && o.Indicator == i.Indicator).Max(o => o.Year))
            .ToListAsync(cancellationToken);
        var importIds = latest.Select(i => i.ImportId).Distinct().ToList();
        var imports = await db.EvidenceImports.AsNoTracking().Where(i => importIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        return latest.OrderBy(i => i.Indicator, StringComparer.Ordinal)
            .Select(i => new IndicatorValue(i.Indicator, i.Year, i.Value, i.Text, i.SourceName, i.SourceUrl,
                imports.GetValueOrDefault(i.ImportId)?.Licence, imports.GetValueOrDefault(i.ImportId)?.ImportedAt))
            .ToList();
    }
}

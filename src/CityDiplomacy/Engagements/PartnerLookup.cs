using System.Globalization;
using CityDiplomacy.Data;
using CityDiplomacy.Places;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Engagements;

/// <summary>
/// Turns a partner as written in an input into a stored partner, from the reference data: a GeoNames place by id, a
/// place or region by name (and country) through the <see cref="PlaceResolver"/>, a first-level region by code, or a
/// State. A name the resolver is not sure of is refused, naming the field and listing the candidates it considered.
/// </summary>
public static class PartnerLookup
{
    /// <summary>How many candidates an unresolved name lists.</summary>
    public const int CandidatesShown = 5;

    /// <summary>Resolves <paramref name="input"/> or throws a <see cref="DomainRuleException"/> naming <paramref name="field"/>.</summary>
    /// <param name="places">The resolver for a name; without one, it is built from the database (a few seconds).</param>
    /// <param name="current">
    /// The partners of the engagement being edited: a partner located by its source's coordinates (no GeoNames id),
    /// which an input names by its name and country, is kept as it is when the input names it unchanged.
    /// </param>
    public static async Task<EngagementPartner> ResolvePartnerAsync(this AppDb db, PartnerInput input, string field,
        IPlaceResolverSource? places = null, CancellationToken cancellationToken = default,
        IReadOnlyCollection<EngagementPartner>? current = null)
    {
        if (current?.FirstOrDefault(p => Names(input, p)) is { } kept) return Copy(kept);
        if (input.GeonameId is { } geonameId)
        {
            var place = await db.Places.AsNoTracking().FirstOrDefaultAsync(p => p.GeonameId == geonameId, cancellationToken)
                ?? throw new DomainRuleException(field, $"Aucun lieu GeoNames d'identifiant {geonameId} parmi les lieux chargés (cities500).");
            return FromPlace(place.GeonameId, place.Name, place.CountryCode, place.Admin1Code, place.Latitude, place.Longitude);
        }

        var code = input.Country?.Trim().ToUpperInvariant()
            ?? throw new DomainRuleException(field, "Donnez l'identifiant GeoNames du partenaire, ou son nom et son pays.");
        var country = await db.Countries.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code, cancellationToken)
            ?? throw new DomainRuleException($"{field}.country", $"Aucun pays n'a le code ISO 3166-1 alpha-2 {code}.");
        var admin1 = string.IsNullOrWhiteSpace(input.Admin1) ? null : input.Admin1.Trim();
        var name = string.IsNullOrWhiteSpace(input.Name) ? null : input.Name.Trim();

        if (name is not null)
        {
            var resolver = places is null ? await PlaceResolver.LoadAsync(db, cancellationToken) : await places.GetResolverAsync(cancellationToken);
            return await ByNameAsync(db, resolver, name, code, country.NameFr, admin1, field, cancellationToken);
        }

        if (admin1 is not null) return await RegionAsync(db, code, country.NameFr, admin1, $"{field}.admin1", cancellationToken);

        return new EngagementPartner { Kind = PartnerKind.State, Name = country.NameFr, CountryCode = code };
    }

    /// <summary>
    /// The place or region the resolver is confident <paramref name="name"/> means in that country (and region, when one
    /// is given); otherwise a rule error on the partner's field listing the candidates, for the user to pick a GeoNames id.
    /// </summary>
    private static async Task<EngagementPartner> ByNameAsync(AppDb db, PlaceResolver resolver, string name, string code,
        string countryName, string? admin1, string field, CancellationToken cancellationToken)
    {
        if (name.Length > PlaceResolver.MaxQueryLength)
            throw new DomainRuleException(field, $"Le nom du partenaire dépasse {PlaceResolver.MaxQueryLength} caractères.");
        var resolution = resolver.Resolve(name, code, limit: admin1 is null ? CandidatesShown : ResolveApi.MaxLimit);
        var candidates = resolution.Candidates;
        var best = resolution.Best;
        if (admin1 is not null)
        {
            // A region given with the name narrows the candidates to it: the best of them if it stands out clearly.
            candidates = candidates.Where(c => c.Admin1Code == admin1 && c.CountryCode == code).ToList();
            best = best?.Admin1Code == admin1 ? best
                : candidates is [var first, ..] && first.Score >= PlaceResolver.Threshold
                  && (candidates.Count < 2 || candidates[1].Score <= first.Score - PlaceResolver.AmbiguityMargin) ? first : null;
            candidates = candidates.Take(CandidatesShown).ToList();
        }

        if (best is null)
        {
            // The candidates lie in the country given; the same name elsewhere is only named, never offered.
            IReadOnlyList<PlaceCandidate> elsewhere = candidates.Count == 0 && admin1 is null ? resolution.OtherCountries : [];
            var listed = candidates.Count > 0
                ? $"« {name} » ({code}) peut désigner plusieurs lieux ; choisissez son identifiant GeoNames parmi : " +
                  string.Join(" ; ", candidates.Select(Describe)) + "."
                : $"Aucun lieu nommé « {name} » {CountryNames.InFrench(countryName)} ({code}) parmi les lieux GeoNames chargés" +
                  (admin1 is null ? "" : $" (région {admin1})") + " : vérifiez l'orthographe ou donnez son identifiant GeoNames" +
                  (elsewhere.Count == 0 ? "." : " ; pour mémoire, ailleurs : " + string.Join(" ; ", elsewhere.Select(Describe)) + ".");
            throw new DomainRuleException(field, listed) { Candidates = candidates, OtherCountries = elsewhere };
        }

        if (best.GeonameId is { } id)
            return await ResolvePartnerAsync(db, new PartnerInput { GeonameId = id }, field, cancellationToken: cancellationToken);
        return await RegionAsync(db, best.CountryCode, countryName, best.Admin1Code!, field, cancellationToken);
    }

    /// <summary>« Kraków (Lesser Poland, PL), GeoNames 3094802, score 0,93 »; a region has no GeoNames id among the places.</summary>
    public static string Describe(PlaceCandidate candidate)
    {
        var region = candidate.Admin1Name is { } admin1 ? admin1 + ", " : "";
        var reference = candidate.GeonameId is { } id ? $"GeoNames {id}" : $"région {candidate.Admin1Code}";
        var score = candidate.Score.ToString("0.00", CultureInfo.GetCultureInfo("fr-FR"));
        return $"{candidate.Name} ({region}{candidate.CountryCode}), {reference}, score {score}";
    }

    private static async Task<EngagementPartner> RegionAsync(AppDb db, string code, string countryName, string admin1, string field,
        CancellationToken cancellationToken)
    {
        var region = await db.Admin1Regions.AsNoTracking()
            .FirstOrDefaultAsync(a => a.CountryCode == code && a.Code == admin1, cancellationToken)
            ?? throw new DomainRuleException(field, $"Aucune région de premier niveau de code « {admin1} » en {countryName} ({code}) dans GeoNames.");
        return new EngagementPartner { Kind = PartnerKind.Admin1, Name = region.Name, CountryCode = code, Admin1Code = region.Code };
    }

    private static EngagementPartner FromPlace(int geonameId, string name, string countryCode, string? admin1, double latitude, double longitude) =>
        new()
        {
            Kind = PartnerKind.Place, GeonameId = geonameId, Name = name, CountryCode = countryCode,
            Admin1Code = admin1, Latitude = latitude, Longitude = longitude,
        };

    /// <summary>
    /// Whether the input names, unchanged, a partner located by its source (the GeoNames places may not hold it: the
    /// resolver would refuse the name that the directory gave, and the edit would lose the partner's coordinates).
    /// </summary>
    private static bool Names(PartnerInput input, EngagementPartner partner) =>
        partner.LocatedBySource && input.GeonameId is null && input.Name is { } name
        && string.Equals(input.Country?.Trim(), partner.CountryCode, StringComparison.OrdinalIgnoreCase)
        && string.IsNullOrWhiteSpace(input.Admin1) == (partner.Admin1Code is null)
        && (partner.Admin1Code is null || string.Equals(input.Admin1!.Trim(), partner.Admin1Code, StringComparison.Ordinal))
        && Reference.NameFolding.Fold(name) == Reference.NameFolding.Fold(partner.Name);

    private static EngagementPartner Copy(EngagementPartner partner) =>
        new()
        {
            Kind = partner.Kind, GeonameId = partner.GeonameId, Name = partner.Name, CountryCode = partner.CountryCode,
            Admin1Code = partner.Admin1Code, Latitude = partner.Latitude, Longitude = partner.Longitude, WikidataId = partner.WikidataId,
        };

    /// <summary>Same partner, so that an unchanged partner keeps its stored row.</summary>
    internal static bool Same(EngagementPartner a, EngagementPartner b) =>
        a.Kind == b.Kind && a.GeonameId == b.GeonameId && a.Name == b.Name && a.CountryCode == b.CountryCode
        && a.Admin1Code == b.Admin1Code && a.Latitude == b.Latitude && a.Longitude == b.Longitude;
}

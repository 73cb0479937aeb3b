using CityDiplomacy.Data;
using CityDiplomacy.Reference;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Engagements;

/// <summary>
/// Turns a partner as written in an input into a stored partner, from the reference data: a GeoNames place by id or
/// by exact name in a country, a first-level region, or a State. Exact matching only, until partner resolution lands.
/// </summary>
public static class PartnerLookup
{
    /// <summary>Resolves <paramref name="input"/> or throws a <see cref="DomainRuleException"/> naming <paramref name="field"/>.</summary>
    public static async Task<EngagementPartner> ResolvePartnerAsync(this AppDb db, PartnerInput input, string field,
        CancellationToken cancellationToken = default)
    {
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

        if (name is not null) return await PlaceByNameAsync(db, name, country, admin1, field, cancellationToken);

        if (admin1 is not null)
        {
            var region = await db.Admin1Regions.AsNoTracking()
                .FirstOrDefaultAsync(a => a.CountryCode == code && a.Code == admin1, cancellationToken)
                ?? throw new DomainRuleException($"{field}.admin1",
                    $"Aucune région de premier niveau de code « {admin1} » en {country.NameFr} ({code}) dans GeoNames.");
            return new EngagementPartner { Kind = PartnerKind.Admin1, Name = region.Name, CountryCode = code, Admin1Code = region.Code };
        }

        return new EngagementPartner { Kind = PartnerKind.State, Name = country.NameFr, CountryCode = code };
    }

    /// <summary>
    /// The place of that country whose name, ASCII name or one of whose alternate names folds to the folded
    /// <paramref name="name"/>; the most populous when several do.
    /// </summary>
    private static async Task<EngagementPartner> PlaceByNameAsync(AppDb db, string name, Country country, string? admin1,
        string field, CancellationToken cancellationToken)
    {
        var folded = NameFolding.Fold(name);
        if (folded.Length == 0) throw new DomainRuleException(field, $"« {name} » ne contient aucune lettre : ce n'est pas un nom de lieu.");
        var candidates = db.Places.AsNoTracking()
            .Where(p => p.CountryCode == country.Code && (admin1 == null || p.Admin1Code == admin1))
            .Select(p => new { p.GeonameId, p.Name, p.AsciiName, p.AlternateNames, p.CountryCode, p.Admin1Code, p.Latitude, p.Longitude, p.Population })
            .AsAsyncEnumerable();
        var best = default((int GeonameId, string Name, string CountryCode, string? Admin1Code, double Latitude, double Longitude, long Population)?);
        await foreach (var p in candidates.WithCancellation(cancellationToken))
        {
            var matches = NameFolding.Fold(p.Name) == folded || NameFolding.Fold(p.AsciiName) == folded
                || (p.AlternateNames is { } alternates && alternates.Split(',').Any(a => NameFolding.Fold(a) == folded));
            if (!matches) continue;
            if (best is null || p.Population > best.Value.Population || (p.Population == best.Value.Population && p.GeonameId < best.Value.GeonameId))
                best = (p.GeonameId, p.Name, p.CountryCode, p.Admin1Code, p.Latitude, p.Longitude, p.Population);
        }
        if (best is not { } found)
            throw new DomainRuleException(field,
                $"Aucun lieu nommé « {name} » en {country.NameFr} ({country.Code}) parmi les lieux GeoNames chargés" +
                (admin1 is null ? "" : $" (région {admin1})") +
                " : vérifiez l'orthographe ou donnez son identifiant GeoNames ({ \"geonameId\": … }).");
        return FromPlace(found.GeonameId, found.Name, found.CountryCode, found.Admin1Code, found.Latitude, found.Longitude);
    }

    private static EngagementPartner FromPlace(int geonameId, string name, string countryCode, string? admin1, double latitude, double longitude) =>
        new()
        {
            Kind = PartnerKind.Place, GeonameId = geonameId, Name = name, CountryCode = countryCode,
            Admin1Code = admin1, Latitude = latitude, Longitude = longitude,
        };

    /// <summary>Same partner, so that an unchanged partner keeps its stored row.</summary>
    internal static bool Same(EngagementPartner a, EngagementPartner b) =>
        a.Kind == b.Kind && a.GeonameId == b.GeonameId && a.Name == b.Name && a.CountryCode == b.CountryCode
        && a.Admin1Code == b.Admin1Code && a.Latitude == b.Latitude && a.Longitude == b.Longitude;
}

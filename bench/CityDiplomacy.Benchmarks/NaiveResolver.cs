using CityDiplomacy.Data;
using CityDiplomacy.Places;
using CityDiplomacy.Reference;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Benchmarks;

/// <summary>
/// The baseline the resolver is compared with: the folded query equal to a place's name, ASCII name or alternate name in
/// the country given (understood by the same country lookup), the most populous such place; nothing otherwise.
/// </summary>
public sealed class NaiveResolver
{
    private readonly Dictionary<(string Name, string Country), Place> _best;
    private readonly CountryNames _countries;

    private NaiveResolver(Dictionary<(string, string), Place> best, CountryNames countries)
    {
        _best = best;
        _countries = countries;
    }

    public sealed record Place(int GeonameId, string Name, double Latitude, double Longitude, long Population);

    public static async Task<NaiveResolver> LoadAsync(AppDb db)
    {
        var countries = new CountryNames(await db.Countries.AsNoTracking().ToListAsync());
        var best = new Dictionary<(string, string), Place>();
        await foreach (var row in db.Places.AsNoTracking()
                           .Select(p => new { p.GeonameId, p.Name, p.AsciiName, p.AlternateNames, p.Latitude, p.Longitude, p.CountryCode, p.Population })
                           .AsAsyncEnumerable())
        {
            var place = new Place(row.GeonameId, row.Name, row.Latitude, row.Longitude, row.Population);
            IEnumerable<string> names = [row.Name, row.AsciiName ?? "", .. (row.AlternateNames ?? "").Split(',')];
            foreach (var name in names)
            {
                var folded = NameFolding.Fold(name);
                if (folded.Length == 0) continue;
                if (!best.TryGetValue((folded, row.CountryCode), out var known) || known.Population < place.Population)
                    best[(folded, row.CountryCode)] = place;
            }
        }
        return new NaiveResolver(best, countries);
    }

    public Place? Resolve(string query, string? country)
    {
        var folded = NameFolding.Fold(query);
        if (_countries.Find(country) is not { } scope) return null;
        Place? found = null;
        foreach (var code in scope.Codes)
            if (_best.TryGetValue((folded, code), out var place) && (found is null || place.Population > found.Population))
                found = place;
        return found;
    }
}

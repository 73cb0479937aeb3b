using CityDiplomacy.Data;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Reference;

public sealed record CommuneSummary(
    string Code, string Name, string Type, string Department, IReadOnlyList<string> Postcodes, int? Population,
    string? ParentCode, string? ParentName)
{
    /// <summary>The code of the page that shows this commune: a delegated commune is shown on its parent's.</summary>
    public string PageCode => Type == CommuneTypes.Current ? Code : ParentCode ?? Code;
}

public sealed record CommuneDetails(
    string Code, string Name, string Type, string Department, string? DepartmentName, string Region, string? RegionName,
    string? Arrondissement, EpciSummary? Epci, string? Siren, IReadOnlyList<string> Postcodes, int? Population,
    double? Latitude, double? Longitude, bool CoordinatesApproximate, string? CoordinateSource, int? GeonameId,
    string? Zone, string? ParentCode, IReadOnlyList<CommuneSummary> AttachedCommunes, SourceRef Source);

public sealed record EpciSummary(string Siren, string Name, string Type);

/// <summary>Where a record comes from: the reference dataset and its version.</summary>
public sealed record SourceRef(string Dataset, string Version);

/// <summary>The COG record types as the API spells them.</summary>
public static class CommuneTypes
{
    public const string Current = "current";
    public static string Of(CommuneKind kind) => kind switch
    {
        CommuneKind.Current => Current,
        CommuneKind.Delegated => "delegated",
        CommuneKind.Associated => "associated",
        _ => "municipal-arrondissement",
    };
}

public static class CommuneQueries
{
    public const int MaxLimit = 100;

    /// <summary>The current commune with this INSEE code, else the delegated/associated one or arrondissement.</summary>
    public static async Task<CommuneDetails?> FindAsync(this AppDb db, string code, CancellationToken cancellationToken = default)
    {
        code = code.ToUpperInvariant();
        var records = await db.Communes.AsNoTracking().Where(c => c.Code == code).ToListAsync(cancellationToken);
        var commune = records.OrderBy(c => c.Kind).FirstOrDefault();
        if (commune is null) return null;

        var department = await db.Departments.AsNoTracking().Where(d => d.Code == commune.DepartmentCode)
            .Select(d => d.Name).FirstOrDefaultAsync(cancellationToken);
        var region = await db.Regions.AsNoTracking().Where(r => r.Code == commune.RegionCode)
            .Select(r => r.Name).FirstOrDefaultAsync(cancellationToken);
        var epci = commune.EpciSiren is null ? null : await db.Epcis.AsNoTracking().Where(e => e.Siren == commune.EpciSiren)
            .Select(e => new EpciSummary(e.Siren, e.Name, e.Type)).FirstOrDefaultAsync(cancellationToken);
        var attached = commune.Kind == CommuneKind.Current
            ? await db.Communes.AsNoTracking().Where(c => c.ParentCode == commune.Code && c.Kind != CommuneKind.Current)
                .OrderBy(c => c.Code).ThenBy(c => c.Name).ToListAsync(cancellationToken)
            : [];

        return new CommuneDetails(
            commune.Code, commune.Name, CommuneTypes.Of(commune.Kind), commune.DepartmentCode, department, commune.RegionCode, region,
            commune.ArrondissementCode, epci, commune.Siren, commune.PostcodeList, commune.Population,
            commune.Latitude, commune.Longitude, commune.CoordinatesApproximate, commune.CoordinateSource, commune.GeonameId,
            commune.Zone, commune.ParentCode,
            attached.Select(c => Summary(c, commune.Name)).ToList(),
            new SourceRef("communes", commune.DatasetVersion));
    }

    /// <summary>
    /// Search by name (accent- and case-insensitive prefix, then word prefix) or by postcode/INSEE code prefix.
    /// Current communes first, then by population.
    /// </summary>
    public static async Task<IReadOnlyList<CommuneSummary>> SearchAsync(this AppDb db, string query, int limit,
        CancellationToken cancellationToken = default)
    {
        limit = Math.Clamp(limit, 1, MaxLimit);
        var text = query.Trim();
        List<Commune> found;
        if (text.Length >= 2 && text.All(char.IsAsciiDigit))
        {
            found = await Ordered(db.Communes.AsNoTracking().Where(c =>
                    c.Postcodes.StartsWith(text) || c.Postcodes.Contains("|" + text) || c.Code.StartsWith(text)))
                .Take(limit).ToListAsync(cancellationToken);
        }
        else
        {
            var folded = NameFolding.Fold(text);
            if (folded.Length == 0) return [];
            // A prefix as a range: the index on SearchName answers it (LIKE would scan the table).
            var after = folded[..^1] + (char)(folded[^1] + 1);
            found = await Ordered(db.Communes.AsNoTracking()
                    .Where(c => string.Compare(c.SearchName, folded) >= 0 && string.Compare(c.SearchName, after) < 0))
                .Take(limit).ToListAsync(cancellationToken);
            if (found.Count < limit)
            {
                var wordPrefix = " " + folded;
                found.AddRange(await Ordered(db.Communes.AsNoTracking()
                        .Where(c => (string.Compare(c.SearchName, folded) < 0 || string.Compare(c.SearchName, after) >= 0)
                                    && c.SearchName.Contains(wordPrefix)))
                    .Take(limit - found.Count).ToListAsync(cancellationToken));
            }
        }

        var parentCodes = found.Where(c => c.ParentCode is not null).Select(c => c.ParentCode!).Distinct().ToList();
        var parents = parentCodes.Count == 0 ? new Dictionary<string, string>() : await db.Communes.AsNoTracking()
            .Where(c => parentCodes.Contains(c.Code) && c.Kind == CommuneKind.Current)
            .ToDictionaryAsync(c => c.Code, c => c.Name, cancellationToken);
        return found.Select(c => Summary(c, c.ParentCode is null ? null : parents.GetValueOrDefault(c.ParentCode))).ToList();
    }

    private static IQueryable<Commune> Ordered(IQueryable<Commune> communes) =>
        communes.OrderBy(c => c.Kind == CommuneKind.Current ? 0 : 1)
            .ThenByDescending(c => c.Population ?? 0)
            .ThenBy(c => c.Name)
            .ThenBy(c => c.Code);

    private static CommuneSummary Summary(Commune c, string? parentName) =>
        new(c.Code, c.Name, CommuneTypes.Of(c.Kind), c.DepartmentCode, c.PostcodeList, c.Population, c.ParentCode, parentName);
}

using System.Globalization;
using CityDiplomacy.Data;
using CityDiplomacy.Places;
using CityDiplomacy.Reference;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Imports;

/// <summary>A commune a directory's French side may mean, with its distance to the directory's coordinates.</summary>
public sealed record CommuneCandidate(string Code, string Name, string DepartmentCode, double? DistanceKm);

/// <summary>Why a French side is not one commune.</summary>
public static class UnmatchedReasons
{
    /// <summary>The name is that of a region or a département, not of a commune.</summary>
    public const string RegionOrDepartment = "region-or-department";
    /// <summary>No current commune has that name.</summary>
    public const string NoCommune = "no-commune";
    /// <summary>Several communes have that name and no coordinate tells which one.</summary>
    public const string Ambiguous = "ambiguous";
    /// <summary>Communes have that name, but none near the directory's coordinates.</summary>
    public const string TooFar = "too-far";
    /// <summary>Both towns are in France: not an international twinning.</summary>
    public const string BothFrench = "both-french";
}

/// <summary>The commune a French side means, or why none: a reason of <see cref="UnmatchedReasons"/>, in French, with the candidates.</summary>
public sealed record CommuneMatch(CommuneCandidate? Commune, string? Reason, string? Explanation, IReadOnlyList<CommuneCandidate> Candidates);

/// <summary>
/// Matches the French side of a directory's pair to one current commune (not a delegated or associated one, not a
/// municipal arrondissement): by INSEE code when the directory gives it (Wikidata P374; the code of a former commune
/// merged into a current one, from the COG history of the reference data, leads to the current one); else by folded
/// name (<see cref="NameFolding"/>, a trailing « (…) » or « , … » qualifier dropped when the whole does not match) and
/// coordinates. A name borne by one commune is that commune (the directory's coordinates, sometimes wrong, are not
/// needed); among namesakes, the nearest to the coordinates within <see cref="NamesakeDistanceKm"/> km, when the
/// next one is at least <see cref="NamesakeSeparation"/> times farther. A former commune, now delegated or associated
/// (Hesdin), means the commune it belongs to; an English or short name (Dunkirk, Le Touquet) is resolved among the
/// places of France and leads to their commune. A name that
/// is a region's or a département's (« Bretagne », « Brittany », « Vendée ») is reported as such, never turned into a
/// commune; so is a one-commune name whose coordinates lie more than <see cref="FarKm"/> km away when the name is also
/// a département's (Vienne, the commune of Isère, and the département).
/// </summary>
public sealed class FrenchCommunes
{
    public const double NamesakeDistanceKm = 60;
    /// <summary>Among namesakes, the nearest is chosen when the next one is at least this many times farther.</summary>
    public const double NamesakeSeparation = 2;
    public const double FarKm = 100;

    /// <summary>Historical provinces and English names of regions, which directories use for a French side.</summary>
    private static readonly string[] OtherRegionNames =
    [
        "Brittany", "Normandy", "Burgundy", "Corsica", "Picardy", "Savoy", "Alsace", "Lorraine", "Champagne", "Auvergne",
        "Aquitaine", "Limousin", "Languedoc", "Roussillon", "Languedoc-Roussillon", "Midi-Pyrénées", "Poitou-Charentes",
        "Champagne-Ardenne", "Franche-Comté", "Rhône-Alpes", "Provence", "Provence-Alpes-Côte d'Azur", "Nord-Pas-de-Calais",
        "Basse-Normandie", "Haute-Normandie", "Pays de la Loire", "Centre", "Centre-Val de Loire", "Île-de-France",
        "Ile de France", "Occitania", "Dauphiné", "Gascony", "Gascogne", "Béarn", "Périgord", "Quercy", "Anjou", "Touraine",
        "Berry", "Poitou", "Vendée", "Basque Country", "Pays basque", "French Basque Country", "Flanders", "Flandre",
        "Lower Normandy", "Upper Normandy", "Grand Est", "Hauts-de-France", "Nouvelle-Aquitaine", "Bourgogne-Franche-Comté",
        "Auvergne-Rhône-Alpes",
    ];

    private readonly Dictionary<string, List<Entry>> _byName;
    private readonly Dictionary<string, Entry> _byCode;
    private readonly Dictionary<string, Entry> _byFormerCode;
    private readonly Dictionary<string, List<Entry>> _formerByName;
    private readonly Dictionary<int, Entry> _byGeonameId;
    private readonly Dictionary<string, string> _territories;
    private readonly PlaceResolver? _resolver;

    private sealed record Entry(string Code, string Name, string DepartmentCode, double? Latitude, double? Longitude);

    private FrenchCommunes(Dictionary<string, List<Entry>> byName, Dictionary<string, Entry> byCode, Dictionary<string, Entry> byFormerCode,
        Dictionary<string, List<Entry>> formerByName, Dictionary<int, Entry> byGeonameId, Dictionary<string, string> territories,
        PlaceResolver? resolver)
    {
        _byName = byName;
        _byCode = byCode;
        _byFormerCode = byFormerCode;
        _formerByName = formerByName;
        _byGeonameId = byGeonameId;
        _territories = territories;
        _resolver = resolver;
    }

    public int Count => _byCode.Count;

    /// <param name="resolver">When given, a name no commune bears is looked up among GeoNames places of France
    /// (« Dunkirk », « Le Touquet »): the commune of that place, when there is one.</param>
    public static async Task<FrenchCommunes> LoadAsync(AppDb db, PlaceResolver? resolver = null, CancellationToken cancellationToken = default)
    {
        var rows = await db.Communes.AsNoTracking()
            .Select(c => new { c.Code, c.Kind, c.Name, c.DepartmentCode, c.Latitude, c.Longitude, c.ParentCode, c.GeonameId, c.FormerCodes })
            .ToListAsync(cancellationToken);
        var byName = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
        var byCode = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var byGeonameId = new Dictionary<int, Entry>();
        var byFormerCode = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.Kind == CommuneKind.Current))
        {
            var commune = new Entry(row.Code, row.Name, row.DepartmentCode, row.Latitude, row.Longitude);
            byCode[commune.Code] = commune;
            Add(byName, NameFolding.Fold(commune.Name), commune);
            if (row.GeonameId is { } id) byGeonameId.TryAdd(id, commune);
        }
        // COG history: the INSEE code of a former commune (Wikidata P374 of a merged commune) leads to the current one.
        foreach (var row in rows.Where(r => r.Kind == CommuneKind.Current && r.FormerCodes.Length > 0))
            foreach (var former in row.FormerCodes.Split('|'))
                if (!byCode.ContainsKey(former)) byFormerCode.TryAdd(former, byCode[row.Code]);
        // Delegated and associated communes (former communes merged into a new one) lead to the current commune.
        var formerByName = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
        foreach (var row in rows.Where(r => r.Kind is CommuneKind.Delegated or CommuneKind.Associated))
        {
            if (row.ParentCode is not { } parentCode || !byCode.TryGetValue(parentCode, out var parent)) continue;
            Add(formerByName, NameFolding.Fold(row.Name), parent with { Latitude = row.Latitude ?? parent.Latitude, Longitude = row.Longitude ?? parent.Longitude });
            if (row.GeonameId is { } id) byGeonameId.TryAdd(id, parent);
        }

        var territories = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var region in await db.Regions.AsNoTracking().Select(r => r.Name).ToListAsync(cancellationToken))
            territories.TryAdd(NameFolding.Fold(region), $"région {region}");
        foreach (var department in await db.Departments.AsNoTracking().Select(d => new { d.Code, d.Name }).ToListAsync(cancellationToken))
            territories.TryAdd(NameFolding.Fold(department.Name), $"département {department.Name} ({department.Code})");
        foreach (var name in OtherRegionNames)
            territories.TryAdd(NameFolding.Fold(name), $"région ou province « {name} »");
        return new FrenchCommunes(byName, byCode, byFormerCode, formerByName, byGeonameId, territories, resolver);
    }

    private static void Add(Dictionary<string, List<Entry>> index, string key, Entry entry)
    {
        if (key.Length == 0) return;
        if (!index.TryGetValue(key, out var list)) index[key] = list = [];
        if (!list.Any(e => e.Code == entry.Code)) list.Add(entry);
    }

    public CommuneMatch Match(DirectoryCity city)
    {
        if (city.InseeCode is { } code
            && (_byCode.TryGetValue(code.Trim().ToUpperInvariant(), out var byCode) || _byFormerCode.TryGetValue(code.Trim().ToUpperInvariant(), out byCode)))
            return Found(byCode, city.Point);

        var folded = NameFolding.Fold(city.Name);
        var unqualified = NameFolding.Fold(Unqualified(city.Name));
        _territories.TryGetValue(folded, out var territory);
        var namesakes = Namesakes(_byName, folded) ?? Namesakes(_byName, unqualified);
        if (namesakes is null && territory is not null)
            return Unmatched(UnmatchedReasons.RegionOrDepartment, $"« {city.Name} » est le nom d'une {territory}, pas d'une commune.", []);
        namesakes ??= Namesakes(_formerByName, folded) ?? Namesakes(_formerByName, unqualified) ?? ByPlace(city);
        if (namesakes is null)
            return Unmatched(UnmatchedReasons.NoCommune, $"aucune commune actuelle ou déléguée ne s'appelle « {city.Name} ».", []);

        var candidates = namesakes
            .Select(c => Candidate(c, city.Point))
            .OrderBy(c => c.DistanceKm ?? double.MaxValue).ThenBy(c => c.Code, StringComparer.Ordinal)
            .ToList();
        if (namesakes.Count == 1)
        {
            var only = candidates[0];
            if (territory is not null && only.DistanceKm > FarKm)
                return Unmatched(UnmatchedReasons.RegionOrDepartment,
                    $"« {city.Name} » est aussi le nom d'une {territory} ; la commune {only.Name} ({only.Code}) est à {Km(only.DistanceKm)} des coordonnées données.",
                    candidates);
            return new CommuneMatch(only, null, null, candidates);
        }
        if (city.Point is null)
            return Unmatched(UnmatchedReasons.Ambiguous,
                $"{namesakes.Count} communes s'appellent « {city.Name} » et l'annuaire ne donne pas de coordonnées pour choisir.", candidates);
        var nearest = candidates[0];
        var runnerUp = candidates[1].DistanceKm;
        if (nearest.DistanceKm is { } distance && distance <= NamesakeDistanceKm
            && (runnerUp is null || runnerUp >= NamesakeSeparation * distance))
            return new CommuneMatch(nearest, null, null, candidates);
        return Unmatched(nearest.DistanceKm <= NamesakeDistanceKm ? UnmatchedReasons.Ambiguous : UnmatchedReasons.TooFar,
            $"{namesakes.Count} communes s'appellent « {city.Name} », la plus proche des coordonnées données à {Km(nearest.DistanceKm)}" +
                         (nearest.DistanceKm <= NamesakeDistanceKm
                             ? $", la suivante à {Km(runnerUp)} : trop proches pour choisir."
                             : $" (au-delà de {NamesakeDistanceKm:0} km)."),
            candidates);
    }

    /// <summary>The commune of the GeoNames place of France the name resolves to, near the coordinates when given.</summary>
    private List<Entry>? ByPlace(DirectoryCity city)
    {
        if (_resolver is null) return null;
        var resolution = _resolver.Resolve(city.Name, "FR", city.Point);
        return resolution.Resolved && resolution.Best?.GeonameId is { } id && _byGeonameId.TryGetValue(id, out var commune)
            ? [commune]
            : null;
    }

    private static List<Entry>? Namesakes(Dictionary<string, List<Entry>> index, string folded) =>
        folded.Length > 0 && index.TryGetValue(folded, out var list) ? list : null;

    /// <summary>« Saint-Denis (La Réunion) » → « Saint-Denis » ; « Vienne, Isère » → « Vienne ».</summary>
    private static string Unqualified(string name)
    {
        var cut = name.IndexOfAny(['(', ',']);
        return cut > 0 ? name[..cut] : name;
    }

    private static CommuneMatch Found(Entry entry, GeoPoint? point) => new(Candidate(entry, point), null, null, [Candidate(entry, point)]);

    private static CommuneMatch Unmatched(string reason, string explanation, IReadOnlyList<CommuneCandidate> candidates) =>
        new(null, reason, explanation, candidates.Take(5).ToList());

    private static CommuneCandidate Candidate(Entry entry, GeoPoint? point) => new(entry.Code, entry.Name, entry.DepartmentCode,
        point is { } p && entry.Latitude is { } lat && entry.Longitude is { } lon ? Math.Round(p.DistanceKm(lat, lon), 1) : null);

    private static string Km(double? km) =>
        km is { } value ? string.Create(CultureInfo.GetCultureInfo("fr-FR"), $"{value:0} km") : "une distance inconnue";
}

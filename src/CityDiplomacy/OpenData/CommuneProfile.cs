using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.Reference;
using CityDiplomacy.Screening;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.OpenData;

/// <summary>A screening flag as the public sees it: its rule, evidence and the commune's public answer beside it.</summary>
public sealed record PublicFlag(
    Guid EngagementId, string Rule, string Severity, string Explanation, IReadOnlyList<FlagEvidence> Evidence,
    string? PublicAnswer, DateTime FirstSeenAt);

/// <summary>Open screening flags on the commune's public engagements.</summary>
public sealed record PublicFlags(int Total, IReadOnlyDictionary<string, int> BySeverity, IReadOnlyList<PublicFlag> Items);

public sealed record ProfileDownload(string Title, string Format, string Url);

/// <summary>
/// The commune's public profile: its identity (every field of <see cref="CommuneDetails"/>, unchanged) plus the
/// count of its public engagements per kind, the open flags on them and the open-data downloads.
/// </summary>
public sealed record CommuneProfile(
    string Code, string Name, string Type, string Department, string? DepartmentName, string Region, string? RegionName,
    string? Arrondissement, EpciSummary? Epci, string? Siren, IReadOnlyList<string> Postcodes, int? Population,
    double? Latitude, double? Longitude, bool CoordinatesApproximate, string? CoordinateSource, int? GeonameId,
    string? Zone, string? ParentCode, IReadOnlyList<CommuneSummary> AttachedCommunes, SourceRef Source,
    IReadOnlyDictionary<string, int> Engagements, PublicFlags Flags, IReadOnlyList<ProfileDownload> Downloads)
{
    public static async Task<CommuneProfile> BuildAsync(AppDb db, CommuneDetails c, OpenDataRegistry registry, TimeProvider clock, CancellationToken cancellationToken)
    {
        var publicEngagements = db.Engagements.AsNoTracking().Where(e => e.CommuneCode == c.Code && e.Visibility == Visibility.Public && e.DismissedOn == null);
        var counts = await publicEngagements.GroupBy(e => e.Kind).Select(g => new { Kind = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var engagements = Enum.GetValues<EngagementKind>()
            .ToDictionary(EngagementKinds.Slug, kind => counts.FirstOrDefault(k => k.Kind == kind)?.Count ?? 0);

        var flags = await db.ScreeningFlags.AsNoTracking()
            .Where(f => f.CommuneCode == c.Code && f.ResolvedAt == null && f.Audience == FlagAudience.Public && publicEngagements.Any(e => e.Id == f.EngagementId))
            .OrderByDescending(f => f.Severity).ThenBy(f => f.FirstSeenAt)
            .ToListAsync(cancellationToken);
        var items = flags
            .OrderByDescending(f => f.Severity).ThenBy(f => f.FirstSeenAt)
            .Select(f => new PublicFlag(f.EngagementId, f.RuleId, Severity(f.Severity), f.Explanation, f.Evidence.ToList(), f.PublicAnswer, f.FirstSeenAt))
            .ToList();
        var bySeverity = Enum.GetValues<FlagSeverity>().ToDictionary(Severity, s => flags.Count(f => f.Severity == s));

        var downloads = (await registry.AvailableAsync(new ExportRequest(ExportScope.Commune, c.Code, c.Name), db, clock, cancellationToken))
            .Select(x => new ProfileDownload(x.Title, x.Format, x.Url(ExportScope.Commune, c.Code)))
            .ToList();

        return new CommuneProfile(c.Code, c.Name, c.Type, c.Department, c.DepartmentName, c.Region, c.RegionName, c.Arrondissement,
            c.Epci, c.Siren, c.Postcodes, c.Population, c.Latitude, c.Longitude, c.CoordinatesApproximate, c.CoordinateSource,
            c.GeonameId, c.Zone, c.ParentCode, c.AttachedCommunes, c.Source,
            engagements, new PublicFlags(items.Count, bySeverity, items), downloads);
    }

    private static string Severity(FlagSeverity severity) => severity.ToString().ToLowerInvariant();
}

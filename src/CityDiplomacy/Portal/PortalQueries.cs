using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.Evidence;
using CityDiplomacy.Reference;
using CityDiplomacy.Screening;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Portal;

/// <summary>
/// A screening flag as the public sees it: on a public engagement only, with its rule, evidence, state and the
/// commune's public answer. The commune's internal decision text is never read.
/// </summary>
public sealed record PublicFlag(
    Guid EngagementId, string EngagementTitle, string CommuneCode, string RuleId, FlagSeverity Severity, string Explanation,
    IReadOnlyList<FlagEvidence> Evidence, FlagState State, string? PublicAnswer, DateTime FirstSeenAt);

/// <summary>
/// The national overview of the home page and of <c>GET /api/national</c>, one definition for both. Public twinnings
/// only (public, not dismissed by the commune). Confirmed: entered or confirmed by the commune, with the status it
/// states (active, dormant, suspended, ended; proposed ones are counted apart). Reported: listed by a national
/// directory (or observed by a monitor) and not confirmed, with no status claim. Flagged: engagements with an open
/// public flag (flags about the partner; never the commune's internal paperwork).
/// </summary>
public sealed record NationalOverview(
    int CommunesWithTwinning, int Twinnings, int ConfirmedTwinnings, int ActiveTwinnings, int DormantTwinnings,
    int SuspendedTwinnings, int EndedTwinnings, int ProposedTwinnings, int ReportedTwinnings, int FlaggedEngagements,
    IReadOnlyDictionary<string, int> PublicFlagsByRule,
    IReadOnlyList<CountryTwinnings> ByCountry, IReadOnlyList<RecentChange> LatestChanges)
{
    public static readonly NationalOverview Empty = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, new Dictionary<string, int>(), [], []);
}

public sealed record CountryTwinnings(string Code, string Numeric, string Name, int Twinnings);

/// <summary>A recently changed public engagement: title, kind, status and day only.</summary>
public sealed record RecentChange(string CommuneCode, string CommuneName, EngagementKind Kind, string Title, EngagementStatus Status, DateOnly On);

/// <summary>A public engagement of a French commune with a partner in a given country.</summary>
public sealed record CountryLink(
    Guid EngagementId, string CommuneCode, string CommuneName, EngagementKind Kind, string Title, EngagementStatus Status,
    DateOnly? StartedOn, string PartnerName, int? GeonameId, double? Latitude, double? Longitude);

/// <summary>The latest value of one indicator for a country, with its source and licence.</summary>
public sealed record CountryIndicatorValue(
    string Indicator, int Year, decimal? Value, string? Text, string SourceName, string? SourceUrl, string? Licence, EvidenceKind Kind,
    DateTime ImportedAt);

public static class PortalQueries
{
    private const int LatestChangesShown = 10;

    /// <summary>Unresolved flags on the commune's public engagements (index CommuneCode + ResolvedAt).</summary>
    public static async Task<IReadOnlyList<PublicFlag>> PublicFlagsAsync(this AppDb db, string communeCode, CancellationToken cancellationToken = default) =>
        await (from f in db.ScreeningFlags.AsNoTracking()
               where f.CommuneCode == communeCode && f.ResolvedAt == null && f.Audience == FlagAudience.Public
               join e in db.Engagements on f.EngagementId equals e.Id
               where e.Visibility == Visibility.Public && e.DismissedOn == null
               orderby f.Severity descending, e.Title, f.FirstSeenAt
               select new PublicFlag(e.Id, e.Title, f.CommuneCode, f.RuleId, f.Severity, f.Explanation, f.Evidence, f.State, f.PublicAnswer, f.FirstSeenAt))
            .ToListAsync(cancellationToken);

    /// <summary>Figures, twinnings by partner country and the latest public changes, in five queries.</summary>
    public static async Task<NationalOverview> NationalOverviewAsync(this AppDb db, CancellationToken cancellationToken = default)
    {
        var twinnings = db.Engagements.AsNoTracking()
            .Where(e => e.Visibility == Visibility.Public && e.DismissedOn == null && e.Kind == EngagementKind.Twinning);
        var byStatus = await twinnings.GroupBy(e => new { e.Status, e.Provenance }).Select(g => new { g.Key.Status, g.Key.Provenance, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var communes = await twinnings.Select(e => e.CommuneCode).Distinct().CountAsync(cancellationToken);
        var flagged = await (from f in db.ScreeningFlags
                             where f.ResolvedAt == null && f.Audience == FlagAudience.Public
                             join e in db.Engagements on f.EngagementId equals e.Id
                             where e.Visibility == Visibility.Public && e.DismissedOn == null
                             select f.EngagementId).Distinct().CountAsync(cancellationToken);
        var flagsByRule = await (from f in db.ScreeningFlags
                                 where f.ResolvedAt == null && f.Audience == FlagAudience.Public
                                 join e in db.Engagements on f.EngagementId equals e.Id
                                 where e.Visibility == Visibility.Public && e.DismissedOn == null
                                 group f by f.RuleId into g
                                 select new { Rule = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var byCountry = await (from p in db.EngagementPartners
                               join e in twinnings on p.EngagementId equals e.Id
                               group p by p.CountryCode into g
                               select new { Code = g.Key, Count = g.Select(p => p.EngagementId).Distinct().Count() })
            .ToListAsync(cancellationToken);
        var codes = byCountry.Select(c => c.Code).ToList();
        var countries = await db.Countries.AsNoTracking().Where(c => codes.Contains(c.Code))
            .ToDictionaryAsync(c => c.Code, cancellationToken);
        var latest = await (from e in db.Engagements.AsNoTracking()
                            where e.Visibility == Visibility.Public && e.DismissedOn == null
                            orderby e.UpdatedAt descending
                            join c in db.Communes.Where(c => c.Kind == CommuneKind.Current) on e.CommuneCode equals c.Code into commune
                            from c in commune.DefaultIfEmpty()
                            select new { e.CommuneCode, Name = c == null ? null : c.Name, e.Kind, e.Title, e.Status, e.UpdatedAt })
            .Take(LatestChangesShown).ToListAsync(cancellationToken);
        int Confirmed(EngagementStatus status) =>
            byStatus.Where(s => s.Provenance == Provenance.Commune && s.Status == status).Sum(s => s.Count);
        return new NationalOverview(
            communes,
            byStatus.Sum(s => s.Count),
            EngagementStatuses.Confirmed.Sum(Confirmed),
            Confirmed(EngagementStatus.Active),
            Confirmed(EngagementStatus.Dormant),
            Confirmed(EngagementStatus.Suspended),
            Confirmed(EngagementStatus.Ended),
            Confirmed(EngagementStatus.Proposed),
            byStatus.Where(s => s.Provenance != Provenance.Commune).Sum(s => s.Count),
            flagged,
            flagsByRule.OrderBy(r => r.Rule, StringComparer.Ordinal).ToDictionary(r => r.Rule, r => r.Count),
            byCountry
                .Select(c => countries.TryGetValue(c.Code, out var country)
                    ? new CountryTwinnings(c.Code, country.Numeric, DisplayName(country), c.Count)
                    : new CountryTwinnings(c.Code, "", c.Code, c.Count))
                .OrderByDescending(c => c.Twinnings).ThenBy(c => c.Name, StringComparer.CurrentCulture)
                .ToList(),
            latest.Select(l => new RecentChange(l.CommuneCode, l.Name ?? l.CommuneCode, l.Kind, l.Title, l.Status, DateOnly.FromDateTime(l.UpdatedAt))).ToList());
    }

    /// <summary>The country's name in the page's language.</summary>
    public static string DisplayName(Country country) =>
        System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? country.NameEn : country.NameFr;

    /// <summary>Public engagements with a partner in the country (index on the partner's country).</summary>
    public static async Task<IReadOnlyList<CountryLink>> CountryLinksAsync(this AppDb db, string countryCode, CancellationToken cancellationToken = default)
    {
        var rows = await (from p in db.EngagementPartners.AsNoTracking()
                          where p.CountryCode == countryCode
                          join e in db.Engagements on p.EngagementId equals e.Id
                          where e.Visibility == Visibility.Public && e.DismissedOn == null
                          join c in db.Communes.Where(c => c.Kind == CommuneKind.Current) on e.CommuneCode equals c.Code into commune
                          from c in commune.DefaultIfEmpty()
                          select new CountryLink(e.Id, e.CommuneCode, c == null ? e.CommuneCode : c.Name, e.Kind, e.Title, e.Status,
                              e.StartedOn, p.Name, p.GeonameId, p.Latitude, p.Longitude))
            .ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.CommuneName, StringComparer.CurrentCulture).ThenBy(r => r.Kind).ThenBy(r => r.Title, StringComparer.CurrentCulture).ToList();
    }

    /// <summary>Unresolved flags on public engagements with a partner in the country.</summary>
    public static async Task<IReadOnlyList<PublicFlag>> CountryFlagsAsync(this AppDb db, string countryCode, CancellationToken cancellationToken = default)
    {
        var engagementIds = db.EngagementPartners.Where(p => p.CountryCode == countryCode).Select(p => p.EngagementId);
        return await (from f in db.ScreeningFlags.AsNoTracking()
                      where f.ResolvedAt == null && f.Audience == FlagAudience.Public && engagementIds.Contains(f.EngagementId)
                      join e in db.Engagements on f.EngagementId equals e.Id
                      where e.Visibility == Visibility.Public && e.DismissedOn == null
                      orderby f.Severity descending, f.CommuneCode, e.Title
                      select new PublicFlag(e.Id, e.Title, f.CommuneCode, f.RuleId, f.Severity, f.Explanation, f.Evidence, f.State, f.PublicAnswer, f.FirstSeenAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The latest year of each indicator of the country, with the source and licence of its import.</summary>
    public static async Task<IReadOnlyList<CountryIndicatorValue>> LatestIndicatorsAsync(this AppDb db, string countryCode, CancellationToken cancellationToken = default)
    {
        var rows = await (from i in db.CountryIndicators.AsNoTracking()
                          where i.CountryCode == countryCode
                          join import in db.EvidenceImports on i.ImportId equals import.Id
                          select new CountryIndicatorValue(i.Indicator, i.Year, i.Value, i.Text, i.SourceName, i.SourceUrl ?? import.SourceUrl,
                              import.Licence, import.Kind, import.ImportedAt))
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.Indicator)
            .Select(g => g.OrderByDescending(r => r.Year).ThenByDescending(r => r.ImportedAt).First())
            .OrderBy(r => r.Indicator, StringComparer.Ordinal)
            .ToList();
    }
}

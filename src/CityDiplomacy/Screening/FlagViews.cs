using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.Reference;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Screening;

public sealed record EvidenceView(string SourceName, string? Url, string? Date);

public sealed record AlertDates(string? AdoptedOn, string? RepealedOn);

/// <summary>
/// A flag as pages, the API and the feed show it: the rule, its evidence, and the commune's answer beside it.
/// <see cref="Decision"/> is internal (null in public views); the public answer, state, date and deliberation are public.
/// </summary>
public sealed record FlagView(
    Guid Id, string CommuneCode, string CommuneName, Guid EngagementId, string Kind, string EngagementTitle, bool PublicEngagement,
    string? PartnerName, int? PartnerGeonameId, string? PartnerCountry,
    string RuleId, string RuleVersion, string Severity, string Explanation, IReadOnlyList<EvidenceView> Evidence,
    IReadOnlyList<string> SuggestedActions, AlertDates? Alert,
    string State, string? Decision, DateOnly? DecidedOn, string? Deliberation, string? PublicAnswer,
    DateTime FirstSeenAt, DateTime LastChangedAt, DateTime? ResolvedAt, int Version, string Audience);

/// <summary>One line of « screen --format json ».</summary>
public sealed record ScreenLine(
    string CommuneCode, string CommuneName, Guid EngagementId, string Kind, string? PartnerName, int? PartnerGeonameId,
    string? PartnerCountry, string RuleId, string Severity, string Explanation, IReadOnlyList<EvidenceView> Evidence,
    AlertDates? Alert, string State)
{
    public static ScreenLine From(FlagView f) => new(f.CommuneCode, f.CommuneName, f.EngagementId, f.Kind, f.PartnerName,
        f.PartnerGeonameId, f.PartnerCountry, f.RuleId, f.Severity, f.Explanation, f.Evidence, f.Alert, f.State);
}

public static class FlagViews
{
    public static string Slug(FlagSeverity severity) => severity.ToString().ToLowerInvariant();
    public static string Slug(FlagState state) => state.ToString().ToLowerInvariant();

    public static string Label(FlagSeverity severity) => severity switch
    {
        FlagSeverity.High => "élevée",
        FlagSeverity.Attention => "attention",
        _ => "information",
    };

    public static string Label(FlagState state) => state switch
    {
        FlagState.New => "nouveau",
        FlagState.Acknowledged => "pris en compte",
        _ => "décidé",
    };

    public static string RuleLabel(string ruleId) => ruleId switch
    {
        RuleIds.LocalAlert => "alerte locale",
        RuleIds.TerritorialStatus => "statut territorial",
        RuleIds.CountryContext => "contexte du pays",
        RuleIds.DeathPenalty => "peine capitale",
        RuleIds.LegalL1115_5 => "CGCT L1115-5",
        RuleIds.DeliberationMissing => "délibération manquante",
        RuleIds.DefenderStatusChanged => "situation du défenseur",
        _ => ruleId,
    };

    /// <summary>
    /// The flags of a commune (or of all communes), newest severity first. Without <paramref name="includeInternal"/>,
    /// only the flags of public engagements, and never the internal decision text.
    /// </summary>
    public static async Task<List<FlagView>> ListAsync(this AppDb db, string? communeCode, bool includeInternal,
        bool includeResolved = false, Guid? engagementId = null, DateTime? changedSince = null, CancellationToken cancellationToken = default)
    {
        var flags = db.ScreeningFlags.AsNoTracking().AsQueryable();
        if (communeCode is not null) flags = flags.Where(f => f.CommuneCode == communeCode);
        if (engagementId is { } id) flags = flags.Where(f => f.EngagementId == id);
        if (!includeResolved) flags = flags.Where(f => f.ResolvedAt == null);
        if (changedSince is { } since) flags = flags.Where(f => f.LastChangedAt >= since);
        var engagements = db.Engagements.AsNoTracking().AsQueryable();
        if (!includeInternal)
        {
            // Public means public: flags about the partner, on public engagements the commune did not dismiss.
            engagements = engagements.Where(e => e.Visibility == Visibility.Public && e.DismissedOn == null);
            flags = flags.Where(f => f.Audience == FlagAudience.Public);
        }
        if (communeCode is not null) engagements = engagements.Where(e => e.CommuneCode == communeCode);
        if (engagementId is { } eid) engagements = engagements.Where(e => e.Id == eid);

        var rows = await flags.Join(engagements.Select(e => new { e.Id, e.Kind, e.Title, e.Visibility }), f => f.EngagementId, e => e.Id,
            (f, e) => new { Flag = f, e.Kind, e.Title, e.Visibility }).ToListAsync(cancellationToken);
        if (rows.Count == 0) return [];

        var ids = rows.Select(r => r.Flag.EngagementId).Distinct().ToList();
        var partners = new Dictionary<Guid, List<EngagementPartner>>();
        var people = new Dictionary<Guid, (string Name, string? Country)>();
        foreach (var chunk in ids.Chunk(1000))
        {
            foreach (var p in await db.EngagementPartners.AsNoTracking().Where(p => chunk.Contains(p.EngagementId)).ToListAsync(cancellationToken))
            {
                if (!partners.TryGetValue(p.EngagementId, out var list)) partners[p.EngagementId] = list = [];
                list.Add(p);
            }
            foreach (var h in await db.Engagements.OfType<HonoraryCitizenship>().AsNoTracking().Where(h => chunk.Contains(h.Id))
                         .Select(h => new { h.Id, h.PersonName, h.PersonCountry }).ToListAsync(cancellationToken))
                people[h.Id] = (h.PersonName, h.PersonCountry);
        }
        var codes = rows.Select(r => r.Flag.CommuneCode).Distinct().ToList();
        var names = await db.Communes.AsNoTracking().Where(c => codes.Contains(c.Code) && c.Kind == CommuneKind.Current)
            .ToDictionaryAsync(c => c.Code, c => c.Name, cancellationToken);

        return rows
            .Select(r =>
            {
                var f = r.Flag;
                var partner = PartnerOf(f, partners.GetValueOrDefault(f.EngagementId) ?? []);
                var person = people.TryGetValue(f.EngagementId, out var who) ? who : default((string Name, string? Country)?);
                return new FlagView(f.Id, f.CommuneCode, names.GetValueOrDefault(f.CommuneCode) ?? f.CommuneCode, f.EngagementId,
                    EngagementKinds.Slug(r.Kind), r.Title, r.Visibility == Visibility.Public,
                    partner?.Name ?? person?.Name, partner?.GeonameId, partner?.CountryCode ?? person?.Country,
                    f.RuleId, f.RuleVersion, Slug(f.Severity), f.Explanation,
                    f.Evidence.Select(e => new EvidenceView(e.SourceName, e.Url, e.Date)).ToList(), f.SuggestedActions,
                    f.RuleId == RuleIds.LocalAlert ? new AlertDates(f.AlertAdoptedOn, f.AlertRepealedOn) : null,
                    Slug(f.State), includeInternal ? f.Decision : null, f.DecidedOn, f.DecisionDeliberation, f.PublicAnswer,
                    f.FirstSeenAt, f.LastChangedAt, f.ResolvedAt, f.Version, Slugs.Of(f.Audience));
            })
            .OrderBy(v => v.CommuneCode, StringComparer.Ordinal)
            .ThenByDescending(v => Enum.Parse<FlagSeverity>(v.Severity, ignoreCase: true))
            .ThenBy(v => v.EngagementTitle, StringComparer.CurrentCulture)
            .ThenBy(v => v.RuleId, StringComparer.Ordinal)
            .ThenBy(v => v.Id)
            .ToList();
    }

    /// <summary>The partner a flag is about: named in its subject (« …@partner key » or a country code).</summary>
    private static EngagementPartner? PartnerOf(ScreeningFlag flag, List<EngagementPartner> partners)
    {
        var at = flag.SubjectKey.LastIndexOf('@');
        if (at >= 0)
        {
            var key = flag.SubjectKey[(at + 1)..];
            return partners.FirstOrDefault(p => ScreeningEngine.PartnerKey(p) == key);
        }
        if (flag.SubjectKey.Length == 2) return partners.FirstOrDefault(p => p.CountryCode == flag.SubjectKey);
        return null;
    }
}

using System.Text.Json.Serialization;
using CityDiplomacy.Data;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Engagements;

public sealed record PartnerDetails(string Kind, string Name, string CountryCode, int? GeonameId, string? Admin1Code, double? Latitude, double? Longitude)
{
    internal static PartnerDetails From(EngagementPartner p) =>
        new(Slugs.Of(p.Kind), p.Name, p.CountryCode, p.GeonameId, p.Admin1Code, p.Latitude, p.Longitude);
}

public sealed record DeliberationDetails(string Reference, DateOnly Date, string? Subject, int? VotesFor, int? VotesAgainst, int? Abstentions, string? Url)
{
    internal static DeliberationDetails From(Deliberation d) => new(d.Reference, d.Date, d.Subject, d.VotesFor, d.VotesAgainst, d.Abstentions, d.Url);
}

public sealed record StatusEventDetails(DateOnly? On, string Status, string? Reason, string? Deliberation);

public sealed record ActivityDetails(DateOnly On, string Kind, string Description, string? Url);

public sealed record DocumentDetails(string Title, string Url);

public sealed record CommitteeDetails(string? Name, string? Rna);

public sealed record BudgetLineDetails(int Year, long AmountCents, string Funder, string? Note);

public sealed record PersonDetails(string Name, string? Country, string? Role);

public sealed record SituationDetails(DateOnly On, string Situation, string? Summary, string? SourceUrl, bool DayUnknown);

public sealed record NetworkDetails(string Code, string NameFr, string NameEn, string? Scope, string? Url, string? SourceUrl)
{
    internal static NetworkDetails From(CityNetwork n) => new(n.Code, n.NameFr, n.NameEn, n.Scope, n.Url, n.SourceUrl);
}

public sealed record WorldDayDetails(string Code, int Month, int Day, string NameFr, string NameEn, string? SourceUrl)
{
    internal static WorldDayDetails From(WorldDay w) => new(w.Code, w.Month, w.Day, w.NameFr, w.NameEn, w.SourceUrl);
}

/// <summary>A line of a commune's register.</summary>
public sealed record EngagementSummary(
    Guid Id, string Kind, string Title, string Status, string Visibility, IReadOnlyList<string> Themes,
    DateOnly? StartedOn, DateOnly? EndedOn, bool AwaitingRegularisation, IReadOnlyList<PartnerDetails> Partners,
    int Version, DateTime UpdatedAt, string Provenance, string? SourceName, string? SourceUrl, DismissalDetails? Dismissed)
{
    internal static EngagementSummary From(Engagement e) => new(
        e.Id, EngagementKinds.Slug(e.Kind), e.Title, EngagementStatuses.Slug(e.Status), Slugs.Of(e.Visibility),
        e.Themes.Select(t => Slugs.Of(t)).ToList(), e.StartedOn, e.EndedOn, e.AwaitingRegularisation,
        e.Partners.Select(PartnerDetails.From).ToList(), e.Version, e.UpdatedAt,
        Slugs.Of(e.Provenance), e.SourceName, OpenData.OpenEngagement.SourceUrlOf(e), DismissalDetails.Of(e));
}

/// <summary>Why and since when the commune dismissed an entry a directory reported (null when it is not dismissed).</summary>
public sealed record DismissalDetails(DateOnly On, string Reason)
{
    internal static DismissalDetails? Of(Engagement e) =>
        e.DismissedOn is { } on ? new DismissalDetails(on, e.DismissalReason ?? "") : null;
}

/// <summary>One source that lists an engagement.</summary>
public sealed record SourceDetails(string Name, string? Version, string? Record)
{
    internal static SourceDetails From(EngagementSource s) => new(s.Name, s.Version, s.Record);
}

/// <summary>
/// An engagement as the API shows it: the fields of its input (so that a client can send them back), with its
/// status history and stamps. Never the confidential fields of an honorary citizenship.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(TwinningDetails), "twinning")]
[JsonDerivedType(typeof(CooperationProjectDetails), "cooperation-project")]
[JsonDerivedType(typeof(PartnershipDetails), "partnership")]
[JsonDerivedType(typeof(HonoraryCitizenshipDetails), "honorary-citizenship")]
[JsonDerivedType(typeof(NetworkMembershipDetails), "network-membership")]
[JsonDerivedType(typeof(SummitDetails), "summit")]
[JsonDerivedType(typeof(WorldDayObservanceDetails), "world-day")]
public abstract record EngagementDetails
{
    public Guid Id { get; init; }
    public string CommuneCode { get; init; } = "";
    public string Title { get; init; } = "";
    public string? Description { get; init; }
    /// <summary>proposed, active, dormant, suspended, ended, or reported (a directory's, no status claim).</summary>
    public string Status { get; init; } = "";
    /// <summary>commune, observed or directory.</summary>
    public string Provenance { get; init; } = "";
    public string? SourceName { get; init; }
    public string? SourceUrl { get; init; }
    public IReadOnlyList<SourceDetails> Sources { get; init; } = [];
    public DateOnly? ConfirmedOn { get; init; }
    public DismissalDetails? Dismissed { get; init; }
    public string? StatusReason { get; init; }
    public DateOnly? StatusOn { get; init; }
    /// <summary>Active without the council deliberation that must found it: a draft « à régulariser ».</summary>
    public bool AwaitingRegularisation { get; init; }
    /// <summary>Ended: only its notes can still change.</summary>
    public bool ReadOnly { get; init; }
    public string Visibility { get; init; } = "";
    public IReadOnlyList<string> Themes { get; init; } = [];
    public IReadOnlyList<PartnerDetails> Partners { get; init; } = [];
    public IReadOnlyList<DeliberationDetails> Deliberations { get; init; } = [];
    public IReadOnlyList<DocumentDetails> Documents { get; init; } = [];
    public string? ResponsibleOfficial { get; init; }
    public string? ResponsibleOfficer { get; init; }
    public string? Notes { get; init; }
    public IReadOnlyList<ActivityDetails> Activities { get; init; } = [];
    public IReadOnlyList<StatusEventDetails> StatusHistory { get; init; } = [];
    /// <summary>The ETag of the engagement, unquoted.</summary>
    public int Version { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }

    /// <summary>The details of a loaded engagement; <paramref name="network"/> and <paramref name="worldDay"/> are its catalogue entries.</summary>
    public static EngagementDetails From(Engagement e, CityNetwork? network = null, WorldDay? worldDay = null)
    {
        EngagementDetails details = e switch
        {
            Twinning t => new TwinningDetails
            {
                SignedOn = t.StartedOn,
                Committee = t.CommitteeName is null && t.CommitteeRna is null ? null : new CommitteeDetails(t.CommitteeName, t.CommitteeRna),
            },
            CooperationProject c => new CooperationProjectDetails
            {
                Objectives = c.Objectives, DacSectorCode = c.DacSectorCode, StartOn = c.StartedOn, EndOn = c.EndedOn,
                ConventionSignedOn = c.ConventionSignedOn, TransmittedToPrefectOn = c.TransmittedToPrefectOn,
                BudgetLines = c.BudgetLines.Select(l => new BudgetLineDetails(l.Year, l.AmountCents, Slugs.Of(l.Funder), l.Note)).ToList(),
                TotalCents = c.BudgetLines.Sum(l => l.AmountCents),
            },
            Partnership p => new PartnershipDetails { Type = Slugs.Of(p.PartnershipType), StartOn = p.StartedOn, EndOn = p.EndedOn },
            HonoraryCitizenship h => new HonoraryCitizenshipDetails
            {
                Person = new PersonDetails(h.PersonName, h.PersonCountry, h.PersonRole),
                Reason = h.Reason, CouncilVoteOn = h.CouncilVoteOn, CampaignUrl = h.CampaignUrl,
                Situation = h.Situation.Select(Situation).ToList(),
                CurrentSituation = h.CurrentSituation is { } current ? Situation(current) : null,
            },
            NetworkMembership n => new NetworkMembershipDetails
            {
                Network = (network ?? n.Network) is { } catalogue ? NetworkDetails.From(catalogue) : null,
                JoinedOn = n.StartedOn, LeftOn = n.EndedOn, Commitments = n.Commitments, FeeCents = n.FeeCents,
            },
            Summit s => new SummitDetails
            {
                EventName = s.EventName, Place = s.PlaceName, StartOn = s.StartedOn, EndOn = s.EndedOn,
                Role = s.Role, Delegation = s.Delegation, Outcome = s.Outcome,
            },
            WorldDayObservance w => new WorldDayObservanceDetails
            {
                WorldDay = (worldDay ?? w.WorldDay) is { } day ? WorldDayDetails.From(day) : null,
                Year = w.Year, Actions = w.Actions, On = w.StartedOn,
            },
            _ => throw new ArgumentOutOfRangeException(nameof(e), e.Kind, null),
        };
        return details with
        {
            Id = e.Id,
            CommuneCode = e.CommuneCode,
            Title = e.Title,
            Description = e.Description,
            Status = EngagementStatuses.Slug(e.Status),
            Provenance = Slugs.Of(e.Provenance),
            SourceName = e.SourceName,
            SourceUrl = OpenData.OpenEngagement.SourceUrlOf(e),
            Sources = (e.Sources ?? []).Select(SourceDetails.From).ToList(),
            ConfirmedOn = e.ConfirmedOn,
            Dismissed = DismissalDetails.Of(e),
            StatusReason = e.StatusReason,
            StatusOn = e.StatusChangedOn,
            AwaitingRegularisation = e.AwaitingRegularisation,
            ReadOnly = e.IsReadOnly,
            Visibility = Slugs.Of(e.Visibility),
            Themes = e.Themes.Select(t => Slugs.Of(t)).ToList(),
            Partners = e.Partners.Select(PartnerDetails.From).ToList(),
            Deliberations = e.Deliberations.OrderBy(d => d.Date).ThenBy(d => d.Reference, StringComparer.Ordinal).Select(DeliberationDetails.From).ToList(),
            Documents = e.Documents.Select(d => new DocumentDetails(d.Title, d.Url)).ToList(),
            ResponsibleOfficial = e.ResponsibleOfficial,
            ResponsibleOfficer = e.ResponsibleOfficer,
            Notes = e.Notes,
            Activities = e.Activities.Select(a => new ActivityDetails(a.On, a.Kind, a.Description, a.Url)).ToList(),
            StatusHistory = e.StatusHistory.Select(s => new StatusEventDetails(s.On, EngagementStatuses.Slug(s.Status), s.Reason, s.DeliberationReference)).ToList(),
            Version = e.Version,
            CreatedAt = e.CreatedAt,
            UpdatedAt = e.UpdatedAt,
        };
    }

    /// <summary>
    /// What a reader outside the commune gets: exactly the fields the open-data exports publish. No officers' names,
    /// no free notes, no activity log, no delegation, outcome, commitments or actions; a status reason only for a
    /// suspension or an end (what the council decided); of a defender's situation, the latest event only.
    /// </summary>
    public EngagementDetails ForPublic()
    {
        static bool Closed(string status) => status is "suspended" or "ended";
        var shown = this with
        {
            ResponsibleOfficial = null,
            ResponsibleOfficer = null,
            Notes = null,
            Activities = [],
            StatusReason = Closed(Status) ? StatusReason : null,
            StatusHistory = StatusHistory.Select(h => Closed(h.Status) ? h : h with { Reason = null }).ToList(),
        };
        return shown switch
        {
            SummitDetails summit => summit with { Delegation = null, Outcome = null },
            NetworkMembershipDetails membership => membership with { Commitments = null },
            WorldDayObservanceDetails observance => observance with { Actions = null },
            HonoraryCitizenshipDetails citizenship => citizenship with
            {
                Situation = citizenship.CurrentSituation is { } current ? [current] : [],
            },
            _ => shown,
        };
    }

    private static SituationDetails Situation(SituationEvent s) => new(s.On, Slugs.Of(s.Situation), s.Summary, s.SourceUrl, s.DayUnknown);
}

public sealed record TwinningDetails : EngagementDetails
{
    public DateOnly? SignedOn { get; init; }
    public CommitteeDetails? Committee { get; init; }
}

public sealed record CooperationProjectDetails : EngagementDetails
{
    public string? Objectives { get; init; }
    public string? DacSectorCode { get; init; }
    public DateOnly? StartOn { get; init; }
    public DateOnly? EndOn { get; init; }
    public DateOnly? ConventionSignedOn { get; init; }
    public DateOnly? TransmittedToPrefectOn { get; init; }
    public IReadOnlyList<BudgetLineDetails> BudgetLines { get; init; } = [];
    public long TotalCents { get; init; }
}

public sealed record PartnershipDetails : EngagementDetails
{
    public string Type { get; init; } = "";
    public DateOnly? StartOn { get; init; }
    public DateOnly? EndOn { get; init; }
}

/// <summary>The public side of an honorary citizenship: its confidential notes and contacts are not part of it.</summary>
public sealed record HonoraryCitizenshipDetails : EngagementDetails
{
    public PersonDetails Person { get; init; } = new("", null, null);
    public string? Reason { get; init; }
    public DateOnly? CouncilVoteOn { get; init; }
    public string? CampaignUrl { get; init; }
    public IReadOnlyList<SituationDetails> Situation { get; init; } = [];
    public SituationDetails? CurrentSituation { get; init; }
}

public sealed record NetworkMembershipDetails : EngagementDetails
{
    public NetworkDetails? Network { get; init; }
    public DateOnly? JoinedOn { get; init; }
    public DateOnly? LeftOn { get; init; }
    public string? Commitments { get; init; }
    public long? FeeCents { get; init; }
}

public sealed record SummitDetails : EngagementDetails
{
    public string? EventName { get; init; }
    public string? Place { get; init; }
    public DateOnly? StartOn { get; init; }
    public DateOnly? EndOn { get; init; }
    public string? Role { get; init; }
    public string? Delegation { get; init; }
    public string? Outcome { get; init; }
}

public sealed record WorldDayObservanceDetails : EngagementDetails
{
    public WorldDayDetails? WorldDay { get; init; }
    public int Year { get; init; }
    /// <summary>The day itself that year.</summary>
    public DateOnly? On { get; init; }
    public string? Actions { get; init; }
}

public static class EngagementQueries
{
    /// <summary>The engagements of a commune that the caller may see: public ones, internal ones too when allowed.</summary>
    public static IQueryable<Engagement> VisibleIn(this IQueryable<Engagement> engagements, string communeCode, bool includeInternal) =>
        engagements.Where(e => e.CommuneCode == communeCode && (includeInternal || (e.Visibility == Visibility.Public && e.DismissedOn == null)));

    /// <summary>One engagement, tracked for a change, with its partners and deliberations.</summary>
    public static Task<Engagement?> FindEngagementAsync(this AppDb db, Guid id, CancellationToken cancellationToken = default) =>
        db.Engagements.AsSplitQuery().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);

    /// <summary>The details of an engagement, with its catalogue entry.</summary>
    public static async Task<EngagementDetails> DetailsAsync(this AppDb db, Engagement engagement, CancellationToken cancellationToken = default) =>
        engagement switch
        {
            NetworkMembership n => EngagementDetails.From(n, network: await db.CityNetworks.FindAsync([n.NetworkId], cancellationToken)),
            WorldDayObservance w => EngagementDetails.From(w, worldDay: await db.WorldDays.FindAsync([w.WorldDayId], cancellationToken)),
            _ => EngagementDetails.From(engagement),
        };
}

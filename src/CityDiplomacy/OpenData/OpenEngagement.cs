using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.Reference;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.OpenData;

/// <summary>What an export covers: one commune, the engagements with partners in one country, or the whole nation.</summary>
public enum ExportScope { Commune, Country, Nation }

/// <summary>The commune of an engagement as the exports name and place it.</summary>
public sealed record ExportCommune(string Code, string Name, string? Siren, double? Latitude, double? Longitude);

public sealed record OpenPartner(string Kind, string Name, string CountryCode, int? GeonameId, string? Admin1Code, double? Latitude, double? Longitude);

public sealed record OpenDeliberation(string Reference, DateOnly Date, string? Subject, int? VotesFor, int? VotesAgainst, int? Abstentions, string? Url);

public sealed record OpenBudgetLine(int Year, decimal AmountEuros, string Funder, string? Note);

public sealed record OpenSituation(string Situation, DateOnly On, bool DayUnknown, string? Summary, string? SourceUrl);

/// <summary>
/// One public engagement as every open-data export sees it. Built field by field from the public ones only, so
/// internal engagements never reach it (filtered in the query) and an honorary citizenship's confidential notes
/// and contacts, the officers' names and the free notes are never copied into it.
/// </summary>
public sealed record OpenEngagement
{
    public required Guid Id { get; init; }
    public required ExportCommune Commune { get; init; }
    public required EngagementKind Kind { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public required EngagementStatus Status { get; init; }
    public DateOnly? StartedOn { get; init; }
    public DateOnly? EndedOn { get; init; }
    public DateOnly? StatusChangedOn { get; init; }
    public string? StatusReason { get; init; }
    public required IReadOnlyList<Theme> Themes { get; init; }
    public required IReadOnlyList<OpenPartner> Partners { get; init; }
    public required IReadOnlyList<OpenDeliberation> Deliberations { get; init; }
    public required IReadOnlyList<DocumentLink> Documents { get; init; }
    // Kind-specific public fields.
    public string? CommitteeName { get; init; }
    public string? CommitteeRna { get; init; }
    public string? Objectives { get; init; }
    public string? DacSectorCode { get; init; }
    public DateOnly? ConventionSignedOn { get; init; }
    public DateOnly? TransmittedToPrefectOn { get; init; }
    public IReadOnlyList<OpenBudgetLine> BudgetLines { get; init; } = [];
    public string? PartnershipType { get; init; }
    public string? PersonName { get; init; }
    public string? PersonCountry { get; init; }
    public string? PersonRole { get; init; }
    public string? HonourReason { get; init; }
    public DateOnly? CouncilVoteOn { get; init; }
    public string? CampaignUrl { get; init; }
    public OpenSituation? Situation { get; init; }
    public string? NetworkCode { get; init; }
    public string? NetworkName { get; init; }
    public long? NetworkFeeCents { get; init; }
    public string? EventName { get; init; }
    public string? EventPlace { get; init; }
    public string? EventRole { get; init; }
    public string? WorldDayCode { get; init; }
    public string? WorldDayName { get; init; }
    public int? WorldDayMonth { get; init; }
    public int? WorldDayDay { get; init; }
    public int? WorldDayYear { get; init; }
    /// <summary>commune, observed or directory: who says the engagement exists.</summary>
    public required Provenance Provenance { get; init; }
    public string? SourceName { get; init; }
    /// <summary>The public source of an observed engagement, else the page of a known directory.</summary>
    public string? SourceUrl { get; init; }
    public string? SourceVersion { get; init; }
    public string? SourceRecord { get; init; }
    public required DateTime UpdatedAt { get; init; }

    /// <summary>The one place an engagement becomes public data.</summary>
    public static OpenEngagement From(Engagement e, ExportCommune commune)
    {
        if (e.Visibility != Visibility.Public) throw new InvalidOperationException("Un engagement interne n'est jamais exporté.");
        if (e.IsDismissed) throw new InvalidOperationException("Un engagement écarté par la commune n'est jamais exporté.");
        var closed = e.Status is EngagementStatus.Suspended or EngagementStatus.Ended;
        var open = new OpenEngagement
        {
            Id = e.Id, Commune = commune, Kind = e.Kind, Title = Shown(e.Title)!, Description = Shown(e.Description), Status = e.Status,
            StartedOn = e.StartedOn, EndedOn = e.EndedOn,
            StatusChangedOn = closed ? e.StatusChangedOn : null, StatusReason = closed ? Shown(e.StatusReason) : null,
            Themes = e.Themes.ToList(),
            Partners = e.Partners.OrderBy(p => p.Id)
                .Select(p => new OpenPartner(p.Kind.ToString().ToLowerInvariant(), Shown(p.Name)!, p.CountryCode, p.GeonameId, p.Admin1Code, p.Latitude, p.Longitude))
                .ToList(),
            Deliberations = e.Deliberations.OrderBy(d => d.Date).ThenBy(d => d.Reference, StringComparer.Ordinal)
                .Select(d => new OpenDeliberation(Shown(d.Reference)!, d.Date, Shown(d.Subject), d.VotesFor, d.VotesAgainst, d.Abstentions, Shown(d.Url)))
                .ToList(),
            Documents = e.Documents.Select(d => new DocumentLink(Shown(d.Title)!, Shown(d.Url)!)).ToList(),
            Provenance = e.Provenance, SourceName = Shown(e.SourceName), SourceUrl = Shown(SourceUrlOf(e)), SourceVersion = Shown(e.SourceVersion),
            SourceRecord = Shown(e.SourceRecord), UpdatedAt = e.UpdatedAt,
        };
        return e switch
        {
            Twinning t => open with { CommitteeName = Shown(t.CommitteeName), CommitteeRna = t.CommitteeRna },
            CooperationProject c => open with
            {
                Objectives = Shown(c.Objectives), DacSectorCode = c.DacSectorCode, ConventionSignedOn = c.ConventionSignedOn,
                TransmittedToPrefectOn = c.TransmittedToPrefectOn,
                BudgetLines = c.BudgetLines.Select(l => new OpenBudgetLine(l.Year, l.AmountCents / 100m, FunderSlug(l.Funder), Shown(l.Note))).ToList(),
            },
            Partnership p => open with { PartnershipType = p.PartnershipType.ToString().ToLowerInvariant() },
            HonoraryCitizenship h => open with
            {
                PersonName = Shown(h.PersonName), PersonCountry = h.PersonCountry, PersonRole = Shown(h.PersonRole), HonourReason = Shown(h.Reason),
                CouncilVoteOn = h.CouncilVoteOn, CampaignUrl = Shown(h.CampaignUrl),
                Situation = h.CurrentSituation is { } s
                    ? new OpenSituation(s.Situation.ToString().ToLowerInvariant(), s.On, s.DayUnknown, Shown(s.Summary), Shown(s.SourceUrl)) : null,
            },
            NetworkMembership n => open with { NetworkCode = n.Network?.Code, NetworkName = Shown(n.Network?.NameFr), NetworkFeeCents = n.FeeCents },
            Summit s => open with { EventName = Shown(s.EventName), EventPlace = Shown(s.PlaceName), EventRole = Shown(s.Role) },
            WorldDayObservance w => open with
            {
                WorldDayCode = w.WorldDay?.Code, WorldDayName = Shown(w.WorldDay?.NameFr), WorldDayMonth = w.WorldDay?.Month,
                WorldDayDay = w.WorldDay?.Day, WorldDayYear = w.Year,
            },
            _ => open,
        };
    }

    /// <summary>One sentence for the text exports (iCal, IATI): who says the engagement exists, and from which source.</summary>
    public static string ProvenanceText(OpenEngagement e) => e.Provenance switch
    {
        Provenance.Directory => $"Provenance : annuaire national ({e.SourceName}{(e.SourceUrl is null ? "" : ", " + e.SourceUrl)}), non confirmé par la commune.",
        Provenance.Observed => $"Provenance : observé d'après {e.SourceName} ({e.SourceUrl}), non confirmé par la commune.",
        _ => e.SourceName is null ? "Provenance : la commune." : $"Provenance : la commune (source : {e.SourceName}).",
    };

    /// <summary>The source's address: the one a monitor cited, else the page of a known directory.</summary>
    public static string? SourceUrlOf(Engagement e) => e.SourceUrl ?? SourceLicences.DirectoryOf(e.SourceName)?.Url;

    /// <summary>
    /// Text as every export writes it: nothing an XML, iCalendar or CSV reader refuses (control characters, lone
    /// surrogates, left by rows older than the text rule) and no bidirectional override.
    /// </summary>
    private static string? Shown(string? text) => text is null ? null : TextRule.ForDisplay(text);

    public static string FunderSlug(Funder funder) => funder switch
    {
        Funder.Commune => "commune",
        Funder.State => "state",
        Funder.Afd => "afd",
        Funder.EuropeanUnion => "european-union",
        _ => "other",
    };
}

/// <summary>What one export request covers, resolved and checked.</summary>
public sealed record ExportRequest(ExportScope Scope, string? Key, string ScopeName);

/// <summary>The public register, read for the exports as a stream: rows are yielded as the database returns them.</summary>
public static class PublicRegister
{
    public static IQueryable<Engagement> Filter(AppDb db, ExportRequest request)
    {
        var query = db.Engagements.AsNoTracking().Where(e => e.Visibility == Visibility.Public && e.DismissedOn == null);
        return request.Scope switch
        {
            ExportScope.Commune => query.Where(e => e.CommuneCode == request.Key),
            ExportScope.Country => query.Where(e => e.Partners.Any(p => p.CountryCode == request.Key)
                || ((HonoraryCitizenship)e).PersonCountry == request.Key),
            _ => query,
        };
    }

    /// <summary>
    /// The public engagements of the scope, one at a time (single query: EF Core materialises each engagement with
    /// its partners and deliberations as the rows arrive, nothing is buffered). The communes they belong to are
    /// read first: at most one row per commune, whatever the size of the register.
    /// </summary>
    public static IAsyncEnumerable<OpenEngagement> ReadAsync(AppDb db, ExportRequest request, CancellationToken cancellationToken = default) =>
        ReadAsync(db, request, query => query, cancellationToken);

    /// <summary>The same, narrowed by <paramref name="narrow"/> in the database (an export that needs some communes, some kinds).</summary>
    public static async IAsyncEnumerable<OpenEngagement> ReadAsync(AppDb db, ExportRequest request,
        Func<IQueryable<Engagement>, IQueryable<Engagement>> narrow,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var communes = await CommunesAsync(db, request, cancellationToken);
        var engagements = narrow(Filter(db, request))
            .Include(e => e.Partners)
            .Include(e => e.Deliberations)
            .Include(e => ((NetworkMembership)e).Network)
            .Include(e => ((WorldDayObservance)e).WorldDay)
            .AsSingleQuery()
            .OrderBy(e => e.CommuneCode).ThenBy(e => e.Kind).ThenBy(e => e.StartedOn).ThenBy(e => e.Id)
            .AsAsyncEnumerable();
        await foreach (var engagement in engagements.WithCancellation(cancellationToken))
        {
            var commune = communes.GetValueOrDefault(engagement.CommuneCode)
                ?? new ExportCommune(engagement.CommuneCode, engagement.CommuneCode, null, null, null);
            yield return OpenEngagement.From(engagement, commune);
        }
    }

    private static async Task<Dictionary<string, ExportCommune>> CommunesAsync(AppDb db, ExportRequest request, CancellationToken cancellationToken)
    {
        var codes = Filter(db, request).Select(e => e.CommuneCode).Distinct();
        var rows = await db.Communes.AsNoTracking()
            .Where(c => codes.Contains(c.Code))
            .Select(c => new { c.Code, c.Kind, c.Name, c.Siren, c.Latitude, c.Longitude })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(c => c.Code)
            .Select(g => g.OrderBy(c => c.Kind).First())
            .ToDictionary(c => c.Code, c => new ExportCommune(c.Code, c.Name, c.Siren, c.Latitude, c.Longitude));
    }
}

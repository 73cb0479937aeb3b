using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Campaigns;

public sealed record MeasureDetails(string Code, string Title, string Text, string Theme, IReadOnlyList<string> EvidenceKinds)
{
    internal static MeasureDetails From(Measure m) => new(m.Code, m.Title, m.Text, m.Theme, m.EvidenceKinds);
}

public sealed record CampaignSummary(string Slug, string Title, string Organiser, string Election, string Status, bool IsTemplate,
    DateOnly? ClosesOn, int Measures)
{
    internal static CampaignSummary From(Campaign c) =>
        new(c.Slug, c.Title, c.Organiser, c.Election, Slugs.Of(c.Status), c.IsTemplate, c.ClosesOn, c.Measures.Count);
}

public sealed record CampaignDetails(string Slug, string Title, string Organiser, string Election, string? Description, string Status,
    bool IsTemplate, DateOnly? ClosesOn, IReadOnlyList<MeasureDetails> Measures, int Version)
{
    internal static CampaignDetails From(Campaign c) => new(c.Slug, c.Title, c.Organiser, c.Election, c.Description, Slugs.Of(c.Status),
        c.IsTemplate, c.ClosesOn, c.Measures.Select(MeasureDetails.From).ToList(), c.Version);
}

/// <summary>An answer as shown: published ones to everyone; drafts (with their state) only to monitors and the commune's officers.</summary>
public sealed record ResponseDetails(Guid Id, string Measure, string Answer, string? Comment, string? DocumentUrl, DateOnly AnsweredOn,
    string State, DateTime? PublishedAt);

public sealed record ListDetails(Guid Id, string Name, string HeadOfList, int? Panel, bool Elected, DateOnly? ElectedOn,
    IReadOnlyList<ResponseDetails> Responses);

public sealed record EvidenceDetails(string? Url, Guid? EngagementId);

public sealed record CommitmentUpdateDetails(Guid Id, string Status, string Rationale, IReadOnlyList<EvidenceDetails> Evidence, string State,
    DateTime CreatedAt, DateTime? PublishedAt);

/// <summary>Something the register holds that may support a commitment: never a status change by itself.</summary>
public sealed record SuggestionDetails(Guid EngagementId, string What, DateOnly On, string Title);

public sealed record CommitmentDetails(Guid Id, Guid ListId, string Measure, string Promised, string Status,
    IReadOnlyList<CommitmentUpdateDetails> History, IReadOnlyList<SuggestionDetails>? Suggestions);

public sealed record CommuneCampaignDetails(string Campaign, string CommuneCode, string CommuneName, IReadOnlyList<ListDetails> Lists,
    IReadOnlyList<CommitmentDetails> Commitments);

public static class CampaignQueries
{
    /// <summary>
    /// A commune's lists in official panel order (lists without a panel number last, by name), their answers and, after
    /// the vote, the commitments. <paramref name="insider"/>: monitors and the commune's officers, who also see drafts
    /// and the register's suggestions.
    /// </summary>
    public static async Task<CommuneCampaignDetails> CommuneAsync(AppDb db, Campaign campaign, string communeCode, string communeName,
        bool insider, CancellationToken cancellationToken)
    {
        var lists = await db.CandidateLists.AsNoTracking()
            .Where(l => l.CampaignId == campaign.Id && l.CommuneCode == communeCode).ToListAsync(cancellationToken);
        var listIds = lists.Select(l => l.Id).ToList();
        var responses = await db.CampaignResponses.AsNoTracking()
            .Where(r => listIds.Contains(r.ListId) && (insider ? r.State != PublicationState.Superseded : r.State == PublicationState.Published))
            .ToListAsync(cancellationToken);
        var commitments = await db.Commitments.AsNoTracking().Where(c => listIds.Contains(c.ListId)).ToListAsync(cancellationToken);
        var commitmentIds = commitments.Select(c => c.Id).ToList();
        var updates = await db.CommitmentUpdates.AsNoTracking()
            .Where(u => commitmentIds.Contains(u.CommitmentId) && (insider || u.State == PublicationState.Published))
            .ToListAsync(cancellationToken);
        var register = insider && commitments.Count > 0
            ? await RegisterEventsAsync(db, communeCode, lists.Where(l => l.ElectedOn is not null).Select(l => l.ElectedOn!.Value).DefaultIfEmpty().Min(), cancellationToken)
            : [];

        var measureOrder = campaign.Measures.Select((m, i) => (m.Code, i)).ToDictionary(p => p.Code, p => p.i, StringComparer.OrdinalIgnoreCase);
        int Order(string code) => measureOrder.GetValueOrDefault(code, int.MaxValue);
        var orderedLists = lists.OrderBy(l => l.Panel ?? int.MaxValue).ThenBy(l => l.Name, StringComparer.Ordinal).ToList();

        return new CommuneCampaignDetails(campaign.Slug, communeCode, communeName,
            orderedLists.Select(l => new ListDetails(l.Id, l.Name, l.HeadOfList, l.Panel, l.ElectedOn is not null, l.ElectedOn,
                responses.Where(r => r.ListId == l.Id)
                    .OrderBy(r => Order(r.MeasureCode)).ThenBy(r => r.State).ThenBy(r => r.CreatedAt)
                    .Select(r => new ResponseDetails(r.Id, r.MeasureCode, Slugs.Of(r.Answer), r.Comment, r.DocumentUrl, r.AnsweredOn,
                        Slugs.Of(r.State), r.PublishedAt))
                    .ToList())).ToList(),
            commitments
                .OrderBy(c => orderedLists.FindIndex(l => l.Id == c.ListId)).ThenBy(c => Order(c.MeasureCode))
                .Select(c =>
                {
                    var list = lists.Single(l => l.Id == c.ListId);
                    var measure = campaign.Measure(c.MeasureCode);
                    return new CommitmentDetails(c.Id, c.ListId, c.MeasureCode, Slugs.Of(c.Promised), Slugs.Of(c.Status),
                        updates.Where(u => u.CommitmentId == c.Id).OrderBy(u => u.PublishedAt ?? DateTime.MaxValue).ThenBy(u => u.CreatedAt)
                            .Select(u => new CommitmentUpdateDetails(u.Id, Slugs.Of(u.Status), u.Rationale,
                                u.Evidence.Select(e => new EvidenceDetails(e.Url, e.EngagementId)).ToList(), Slugs.Of(u.State), u.CreatedAt, u.PublishedAt))
                            .ToList(),
                        insider && measure is not null && list.ElectedOn is { } elected
                            ? register.Where(e => e.On >= elected && measure.IsSupportedBy(e.What)).OrderBy(e => e.On).ToList()
                            : null);
                }).ToList());
    }

    /// <summary>
    /// What the commune's register shows since <paramref name="since"/>: each public or internal engagement by its kind and
    /// start date, its deliberations, its suspensions, and the commune's public answers to screening flags.
    /// </summary>
    internal static async Task<List<SuggestionDetails>> RegisterEventsAsync(AppDb db, string communeCode, DateOnly since,
        CancellationToken cancellationToken)
    {
        var engagements = await db.Engagements.AsNoTracking().AsSplitQuery().Include(e => e.Deliberations)
            .Where(e => e.CommuneCode == communeCode).ToListAsync(cancellationToken);
        var events = new List<SuggestionDetails>();
        foreach (var e in engagements)
        {
            var created = e.StartedOn ?? DateOnly.FromDateTime(e.CreatedAt);
            if (created >= since) events.Add(new SuggestionDetails(e.Id, EngagementKinds.Slug(e.Kind), created, e.Title));
            events.AddRange(e.Deliberations.Where(d => d.Date >= since)
                .Select(d => new SuggestionDetails(e.Id, "deliberation", d.Date, $"{e.Title} — délibération {d.Reference}")));
            events.AddRange(e.StatusHistory.Where(s => s.Status == EngagementStatus.Suspended && s.On is { } on && on >= since)
                .Select(s => new SuggestionDetails(e.Id, "suspension", s.On!.Value, $"{e.Title} — suspension")));
        }
        var answers = await db.ScreeningFlags.AsNoTracking()
            .Where(f => f.CommuneCode == communeCode && f.PublicAnswer != null)
            .Select(f => new { f.EngagementId, f.DecidedOn, f.LastChangedAt, f.RuleId })
            .ToListAsync(cancellationToken);
        var titles = engagements.ToDictionary(e => e.Id, e => e.Title);
        events.AddRange(answers
            .Select(a => new SuggestionDetails(a.EngagementId, "flag-answer", a.DecidedOn ?? DateOnly.FromDateTime(a.LastChangedAt),
                $"{titles.GetValueOrDefault(a.EngagementId, "")} — réponse publique au signalement {a.RuleId}"))
            .Where(s => s.On >= since));
        return events;
    }
}

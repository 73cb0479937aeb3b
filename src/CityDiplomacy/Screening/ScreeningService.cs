using CityDiplomacy.Auditing;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Screening;

/// <summary>Which engagements a run screens: all, one commune's, or some engagements (incremental runs).</summary>
public sealed record ScreeningScope(string? CommuneCode, IReadOnlyCollection<Guid>? EngagementIds)
{
    public static ScreeningScope All { get; } = new(null, null);
    public static ScreeningScope Commune(string communeCode) => new(communeCode, null);
    public static ScreeningScope Engagements(params IReadOnlyCollection<Guid> ids) => new(null, ids);

    public bool IsNational => CommuneCode is null && EngagementIds is null;
}

/// <summary>A finished run: its record, and the flags it made new, changed and resolved.</summary>
public sealed record ScreeningOutcome(
    ScreeningRun Run, IReadOnlyList<ScreeningFlag> New, IReadOnlyList<ScreeningFlag> Changed, IReadOnlyList<ScreeningFlag> Resolved);

/// <summary>
/// Runs the rules: preloads the evidence indexes, screens the engagements of the scope in memory, then reconciles
/// with the stored flags by (engagement, rule, subject): new, changed (content hash), resolved (no longer raised),
/// reopened. The commune's answers (state, decision, public answer) are kept. Writes go through EF, so the audit
/// interceptor records every flag written.
/// </summary>
public sealed class ScreeningService(AppDb db, ScreeningRules rules, TimeProvider time)
{
    public ScreeningRules Rules => rules;

    /// <summary>Screens the scope and saves the flags and the run.</summary>
    public async Task<ScreeningOutcome> ScreenAsync(ScreeningScope scope, CancellationToken cancellationToken = default)
    {
        var started = time.GetUtcNow().UtcDateTime;
        var engagements = await EngagementsIn(scope).AsNoTracking().AsSplitQuery().ToListAsync(cancellationToken);
        var context = await LoadContextAsync(engagements, cancellationToken);
        var existing = await FlagsIn(scope).ToListAsync(cancellationToken);
        var outcome = Reconcile(engagements, context, existing, scope, started);
        outcome.Run.FinishedAt = time.GetUtcNow().UtcDateTime;
        db.ScreeningRuns.Add(outcome.Run);
        if (outcome.New.Count < BulkFrom || BulkFrom <= 0)
        {
            db.ScreeningFlags.AddRange(outcome.New);
            await db.SaveChangesAsync(cancellationToken);
            return outcome;
        }

        // Thousands of new flags (a national directory import, a first run): inserted in bulk with their audit rows,
        // in the transaction that saves the changed and resolved flags and the run.
        var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            var flagType = db.Model.FindEntityType(typeof(ScreeningFlag))!;
            var now = outcome.Run.FinishedAt;
            await using (var bulk = new BulkInsert(db))
            {
                foreach (var flag in outcome.New)
                {
                    await bulk.AddAsync(flag, cancellationToken);
                    await bulk.AddAsync(AuditInterceptor.Created(flag, flagType, now), cancellationToken);
                }
            }
            if (transaction is not null) await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            if (transaction is not null) await transaction.DisposeAsync();
        }
        return outcome;
    }

    /// <summary>
    /// From this many new flags, they are inserted in bulk rather than through the change tracker (which costs about
    /// a millisecond per flag); 0 never. Both ways write the same rows and audit rows (a test compares them).
    /// </summary>
    internal int BulkFrom { get; init; } = 200;

    /// <summary>
    /// After an engagement was written: screens it again, or its whole commune for a network membership (the
    /// death-penalty rule depends on the commune's membership of Cities for Life).
    /// </summary>
    public Task<ScreeningOutcome> ScreenAfterWriteAsync(Engagement engagement, CancellationToken cancellationToken = default) =>
        ScreenAsync(engagement is NetworkMembership ? ScreeningScope.Commune(engagement.CommuneCode) : ScreeningScope.Engagements(engagement.Id),
            cancellationToken);

    /// <summary>The evidence indexes and the commune facts the rules need for <paramref name="engagements"/>.</summary>
    public async Task<ScreeningContext> LoadContextAsync(IReadOnlyCollection<Engagement> engagements, CancellationToken cancellationToken)
    {
        var indicatorNames = new[] { rules.FreedomHouseIndicator, rules.CivilSocietyIndicator, rules.DeathPenaltyIndicator };
        var evidence = new EvidenceIndex(
            await db.LocalAlerts.AsNoTracking().ToListAsync(cancellationToken),
            await db.TerritoryStatuses.AsNoTracking().ToListAsync(cancellationToken),
            await db.CountryIndicators.AsNoTracking().Where(i => indicatorNames.Contains(i.Indicator)).ToListAsync(cancellationToken),
            await db.Countries.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.NameFr, cancellationToken),
            rules);

        var network = rules.CitiesForLifeNetwork;
        var citiesForLife = await db.Engagements.OfType<NetworkMembership>().AsNoTracking()
            .Where(n => n.Network!.Code == network && n.Status != EngagementStatus.Ended)
            .Select(n => n.CommuneCode).Distinct().ToListAsync(cancellationToken);

        var honoraryIds = engagements.Where(e => e.Kind == EngagementKind.HonoraryCitizenship).Select(e => e.Id).ToList();
        var decisions = new Dictionary<Guid, DateOnly>();
        foreach (var chunk in honoraryIds.Chunk(1000))
        {
            var rows = await db.ScreeningFlags.AsNoTracking()
                .Where(f => chunk.Contains(f.EngagementId) && f.RuleId == RuleIds.DefenderStatusChanged && f.DecidedOn != null)
                .Select(f => new { f.EngagementId, f.DecidedOn }).ToListAsync(cancellationToken);
            foreach (var row in rows) decisions[row.EngagementId] = row.DecidedOn!.Value;
        }

        var placeAdmin1 = new Dictionary<int, string>();
        if (evidence.HasRegionEvidence)
        {
            var missing = engagements.SelectMany(e => e.Partners)
                .Where(p => p.Admin1Code is null && p.GeonameId is not null).Select(p => p.GeonameId!.Value).Distinct().ToList();
            foreach (var chunk in missing.Chunk(1000))
            {
                var rows = await db.Places.AsNoTracking().Where(p => chunk.Contains(p.GeonameId) && p.Admin1Code != null)
                    .Select(p => new { p.GeonameId, p.Admin1Code }).ToListAsync(cancellationToken);
                foreach (var row in rows) placeAdmin1[row.GeonameId] = row.Admin1Code!;
            }
        }

        return new ScreeningContext(evidence, rules)
        {
            CitiesForLifeCommunes = citiesForLife.ToHashSet(), DefenderDecisions = decisions, PlaceAdmin1 = placeAdmin1,
        };
    }

    /// <summary>The in-memory pass and the reconciliation with the stored flags (changed and resolved ones are tracked, new ones are not: saved by the caller).</summary>
    public ScreeningOutcome Reconcile(IReadOnlyCollection<Engagement> engagements, ScreeningContext context,
        IReadOnlyCollection<ScreeningFlag> existing, ScreeningScope scope, DateTime now)
    {
        var stored = existing.ToDictionary(f => (f.EngagementId, f.RuleId, f.SubjectKey));
        var created = new List<ScreeningFlag>();
        var changed = new List<ScreeningFlag>();
        var resolved = new List<ScreeningFlag>();
        foreach (var engagement in engagements)
        {
            foreach (var draft in ScreeningEngine.Screen(engagement, context))
            {
                var hash = draft.ContentHash();
                if (!stored.Remove((engagement.Id, draft.RuleId, draft.SubjectKey), out var flag))
                {
                    flag = new ScreeningFlag
                    {
                        EngagementId = engagement.Id, CommuneCode = engagement.CommuneCode, RuleId = draft.RuleId,
                        RuleVersion = rules.Version, SubjectKey = draft.SubjectKey, Severity = draft.Severity,
                        Explanation = draft.Explanation, ContentHash = hash, FirstSeenAt = now, LastChangedAt = now, Version = 1,
                    };
                    Fill(flag, draft);
                    created.Add(flag);
                    continue;
                }
                var reopened = flag.ResolvedAt is not null;
                if (reopened || flag.ContentHash != hash)
                {
                    Fill(flag, draft);
                    flag.Severity = draft.Severity;
                    flag.Explanation = draft.Explanation;
                    flag.ContentHash = hash;
                    flag.RuleVersion = rules.Version;
                    flag.ResolvedAt = null;
                    flag.LastChangedAt = now;
                    // A new fact about a defender asks for a new decision.
                    if (draft.RuleId == RuleIds.DefenderStatusChanged) flag.State = FlagState.New;
                    flag.Version++;
                    changed.Add(flag);
                }
                else if (flag.RuleVersion != rules.Version)
                {
                    flag.RuleVersion = rules.Version;
                    flag.Version++;
                }
            }
        }
        foreach (var flag in stored.Values.Where(f => f.ResolvedAt is null))
        {
            flag.ResolvedAt = now;
            flag.LastChangedAt = now;
            flag.Version++;
            resolved.Add(flag);
        }
        var run = new ScreeningRun
        {
            StartedAt = now, FinishedAt = now, CommuneCode = scope.CommuneCode ?? (engagements.Select(e => e.CommuneCode).Distinct().Count() == 1 && !scope.IsNational
                ? engagements.First().CommuneCode : null),
            RuleVersion = rules.Version, EngagementsScreened = engagements.Count,
            New = created.Count, Changed = changed.Count, Resolved = resolved.Count,
        };
        return new ScreeningOutcome(run, created, changed, resolved);
    }

    private static void Fill(ScreeningFlag flag, FlagDraft draft)
    {
        // Owned JSON entities: each flag gets its own instances (a shared country draft feeds many flags).
        flag.Evidence = draft.Evidence.Select(e => e with { }).ToList();
        flag.SuggestedActions = draft.SuggestedActions.ToList();
        flag.Audience = RuleIds.AudienceOf(draft.RuleId);
        flag.AlertId = draft.AlertId;
        flag.AlertAdoptedOn = draft.AlertAdoptedOn;
        flag.AlertRepealedOn = draft.AlertRepealedOn;
    }

    private IQueryable<Engagement> EngagementsIn(ScreeningScope scope)
    {
        var query = db.Engagements.AsQueryable();
        if (scope.CommuneCode is { } code) query = query.Where(e => e.CommuneCode == code);
        if (scope.EngagementIds is { } ids) query = query.Where(e => ids.Contains(e.Id));
        return query;
    }

    private IQueryable<ScreeningFlag> FlagsIn(ScreeningScope scope)
    {
        var query = db.ScreeningFlags.AsQueryable();
        if (scope.CommuneCode is { } code) query = query.Where(f => f.CommuneCode == code);
        if (scope.EngagementIds is { } ids) query = query.Where(f => ids.Contains(f.EngagementId));
        return query;
    }
}

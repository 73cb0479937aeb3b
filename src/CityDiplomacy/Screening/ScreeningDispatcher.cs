using System.Data.Common;
using System.Runtime.CompilerServices;
using CityDiplomacy.Auditing;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CityDiplomacy.Screening;

/// <summary>
/// The one place that screens after a write. Saving: every engagement the audit records as created or updated gets a
/// <see cref="PendingScreening"/> mark in the same transaction (a write that changes evidence or imports in bulk adds
/// its own mark). Saved, or committed when the save ran inside a transaction: the marks of that write are screened on
/// a context of their own, and deleted in the screening's transaction. No caller screens by hand; a crash in between
/// leaves the marks for <see cref="ScreeningService.ScreenPendingAsync"/> at the next start, « screen » or import.
/// </summary>
public sealed class ScreeningDispatcher(AppDbFactory factory, ScreeningRules rules, TimeProvider time)
    : SaveChangesInterceptor, IDbTransactionInterceptor
{
    /// <summary>The marks each context saved and has not dispatched yet.</summary>
    private readonly ConditionalWeakTable<DbContext, List<PendingScreening>> _saved = new();

    /// <summary>Runs between a write's commit and its screening; tests set it to fail there, as a killed process would.</summary>
    internal static readonly AsyncLocal<Action?> BeforeDispatch = new();

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is AppDb db) Mark(db);
        return ValueTask.FromResult(result);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && context.Database.CurrentTransaction is null)
            await DispatchAsync(context, cancellationToken);
        return result;
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        // Marks of a failed save were not written.
        if (eventData.Context is { } context && _saved.TryGetValue(context, out var marks)) marks.RemoveAll(m => m.Id <= 0);
        return Task.CompletedTask;
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context) await DispatchAsync(context, cancellationToken);
    }

    /// <summary>A synchronous commit cannot screen: its marks stay for the next start, « screen » or import.</summary>
    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context) _saved.Remove(context);
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context) _saved.Remove(context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context) _saved.Remove(context);
    }

    /// <summary>Adds the marks this save needs, and remembers every mark it writes (its own and those a writer added).</summary>
    private void Mark(AppDb db)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // The audit interceptor ran first: its rows say which engagements this save creates or changes, parts included.
        var written = db.ChangeTracker.Entries<AuditEntry>()
            .Where(e => e.State == EntityState.Added && e.Entity.EntityType == nameof(Engagement) && e.Entity.Action != "deleted")
            .Select(e => Guid.TryParse(e.Entity.EntityId, out var id) ? id : Guid.Empty)
            .ToHashSet();
        if (written.Count > 0)
        {
            var engagements = db.ChangeTracker.Entries<Engagement>().Where(e => written.Contains(e.Entity.Id)).Select(e => e.Entity).ToList();
            foreach (var engagement in engagements)
                db.PendingScreenings.Add(PendingScreening.After(engagement, now));
        }
        var marks = db.ChangeTracker.Entries<PendingScreening>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (marks.Count > 0) _saved.GetOrCreateValue(db).AddRange(marks);
    }

    private async Task DispatchAsync(DbContext context, CancellationToken cancellationToken)
    {
        if (!_saved.TryGetValue(context, out var marks)) return;
        // The commit of SaveChanges' own transaction comes before the keys are set on the entities: wait for SavedChanges.
        if (marks.Any(m => m.Id <= 0)) return;
        _saved.Remove(context);
        var ids = marks.Select(m => m.Id).Where(id => id > 0).Distinct().ToList();
        if (ids.Count == 0) return;
        BeforeDispatch.Value?.Invoke();
        await using var db = factory.Create();
        using (AuditActor.Value is { } actor ? AuditActor.Use(actor.Id, "screen") : null)
            await new ScreeningService(db, rules, time).ScreenPendingAsync(ids, cancellationToken);
    }
}

using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CityDiplomacy.Engagements;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CityDiplomacy.Auditing;

/// <summary>Who is writing, for processes without an HTTP request (CLI verbs, start-up tasks).</summary>
public static class AuditActor
{
    private static readonly AsyncLocal<(string Id, string? Name)?> Current = new();

    /// <summary>Makes <paramref name="id"/> the author of the writes done until the returned scope is disposed.</summary>
    public static IDisposable Use(string id, string? name = null)
    {
        var previous = Current.Value;
        Current.Value = (id, name);
        return new Scope(() => Current.Value = previous);
    }

    internal static (string Id, string? Name)? Value => Current.Value;

    private sealed class Scope(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}

/// <summary>
/// The one place where writes are audited: every added, modified or deleted entity gets an append-only
/// <see cref="AuditEntry"/> in the same transaction. An engagement is audited as a whole (its partners, deliberations
/// and logs included) and its version and update stamp are bumped here, so no write path can forget them.
/// Secrets (password hashes, token hashes) are left out and confidential fields are masked.
/// </summary>
public sealed class AuditInterceptor(IHttpContextAccessor? http, TimeProvider time) : SaveChangesInterceptor
{
    public const string Masked = "[confidentiel]";

    private static readonly HashSet<string> Secret = ["PasswordHash", "SecurityStamp", "ConcurrencyStamp", "Hash"];
    private static readonly string[] ConfidentialProperties =
        [nameof(HonoraryCitizenship.ConfidentialNotes), nameof(HonoraryCitizenship.ConfidentialContacts)];

    internal static readonly JsonSerializerOptions SnapshotJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        ReferenceHandler = ReferenceHandler.IgnoreCycles,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        // The data-protection key store saves synchronously; its keys are never audited.
        eventData.Context?.ChangeTracker.Entries().All(e => e.State is EntityState.Unchanged or EntityState.Detached
            || e.Entity is Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey) == true
            ? result
            : throw new InvalidOperationException("Use SaveChangesAsync: audited writes are asynchronous.");

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context) await AuditAsync(context, cancellationToken);
        return result;
    }

    private async Task AuditAsync(DbContext context, CancellationToken cancellationToken)
    {
        context.ChangeTracker.DetectChanges();
        var now = time.GetUtcNow().UtcDateTime;
        var (actor, actorName) = Actor();
        var entries = context.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();

        foreach (var entry in entries.Where(e => e.Entity is AuditEntry && e.State != EntityState.Added))
            throw new InvalidOperationException("Le journal d'audit est en ajout seul.");

        // Engagements changed directly or through a part of their aggregate.
        var engagements = new HashSet<Engagement>(ReferenceEqualityComparer.Instance);
        // Tracked engagements by key, built once: a bulk import tracks thousands of them and their parts.
        Dictionary<Guid, Engagement>? tracked = null;
        Engagement? Owner(EntityEntry entry) =>
            OwnerOf(entry, tracked ??= context.ChangeTracker.Entries<Engagement>().ToDictionary(e => e.Entity.Id, e => e.Entity));
        foreach (var entry in entries)
        {
            switch (entry.Entity)
            {
                case Engagement engagement: engagements.Add(engagement); break;
                case EngagementPartner or Deliberation:
                    if (Owner(entry) is { } owner) engagements.Add(owner);
                    break;
                default:
                    if (entry.Metadata.IsOwned() && Owner(entry) is { } owned) engagements.Add(owned);
                    break;
            }
        }

        var audits = new List<AuditEntry>();
        foreach (var engagement in engagements)
        {
            var entry = context.Entry(engagement);
            if (entry.State == EntityState.Added)
            {
                audits.Add(Created(engagement, now, actor, actorName));
                continue;
            }
            var action = entry.State == EntityState.Deleted ? "deleted" : "updated";
            if (entry.State != EntityState.Deleted)
            {
                if (entry.State == EntityState.Unchanged) entry.State = EntityState.Modified;
                engagement.StampUpdated(now);
            }
            var id = engagement.Id.ToString();
            var before = await context.Set<AuditEntry>().AsNoTracking()
                .Where(a => a.EntityType == nameof(Engagement) && a.EntityId == id)
                .OrderByDescending(a => a.Id).Select(a => a.After).FirstOrDefaultAsync(cancellationToken);
            audits.Add(new AuditEntry
            {
                At = now, Actor = actor, ActorName = actorName, CommuneCode = engagement.CommuneCode,
                EntityType = nameof(Engagement), EntityId = engagement.Id.ToString(),
                Action = action, Before = before, After = entry.State == EntityState.Deleted ? null : Snapshot(engagement),
            });
        }

        var generatedKeys = new List<(EntityEntry Entry, AuditEntry Audit)>();
        foreach (var entry in entries)
        {
            if (entry.Entity is Engagement or EngagementPartner or Deliberation or AuditEntry || entry.Metadata.IsOwned()) continue;
            // Key material is a secret; leases and pending-screening marks are the app's own bookkeeping: none is a change
            // made by someone, and none belongs in a commune's journal.
            if (entry.Entity is Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey or Data.Lease
                or Screening.PendingScreening) continue;
            var audit = new AuditEntry
            {
                At = now, Actor = actor, ActorName = actorName,
                CommuneCode = entry.Metadata.FindProperty("CommuneCode") is { } commune ? entry.Property(commune.Name).CurrentValue as string : null,
                EntityType = entry.Metadata.ClrType.Name,
                EntityId = string.Join("/", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p.Name).CurrentValue)),
                Action = entry.State switch { EntityState.Added => "created", EntityState.Deleted => "deleted", _ => "updated" },
                Before = entry.State == EntityState.Added ? null : Values(entry, original: true),
                After = entry.State == EntityState.Deleted ? null : Values(entry, original: false),
            };
            audits.Add(audit);
            if (entry.State == EntityState.Added && entry.Metadata.FindPrimaryKey()!.Properties.Any(p => entry.Property(p.Name).IsTemporary))
                generatedKeys.Add((entry, audit));
        }
        context.Set<AuditEntry>().AddRange(audits);

        // Keys the database generates are known only after the save: the audit rows are completed then, inside a
        // transaction that covers both steps (ours when the caller has none).
        if (generatedKeys.Count > 0)
        {
            var ownTransaction = context.Database.CurrentTransaction is null
                ? await context.Database.BeginTransactionAsync(cancellationToken)
                : null;
            Pending.AddOrUpdate(context, new PendingKeys(generatedKeys, ownTransaction));
        }
    }

    private sealed record PendingKeys(List<(EntityEntry Entry, AuditEntry Audit)> Items, IDbContextTransaction? OwnTransaction);

    private static readonly ConditionalWeakTable<DbContext, PendingKeys> Pending = new();

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && Pending.TryGetValue(context, out var pending))
        {
            Pending.Remove(context);
            foreach (var (entry, audit) in pending.Items)
            {
                var id = string.Join("/", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p.Name).CurrentValue));
                var after = Values(entry, original: false);
                await context.Set<AuditEntry>().Where(a => a.Id == audit.Id)
                    .ExecuteUpdateAsync(set => set.SetProperty(a => a.EntityId, id).SetProperty(a => a.After, after), cancellationToken);
            }
            if (pending.OwnTransaction is { } transaction)
            {
                await transaction.CommitAsync(cancellationToken);
                await transaction.DisposeAsync();
            }
        }
        return result;
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && Pending.TryGetValue(context, out var pending))
        {
            Pending.Remove(context);
            if (pending.OwnTransaction is { } transaction)
            {
                await transaction.RollbackAsync(cancellationToken);
                await transaction.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The audit row of an engagement created outside <c>SaveChanges</c> (<see cref="Data.BulkInsert"/>), by the
    /// ambient <see cref="AuditActor"/> (a bulk write has no HTTP request): the row <see cref="AuditAsync"/> writes.
    /// </summary>
    internal static AuditEntry Created(Engagement engagement, DateTime now)
    {
        var (actor, actorName) = AuditActor.Value ?? ("system", null);
        return Created(engagement, now, actor, actorName);
    }

    /// <summary>A created engagement, stamped (created and updated now, version 1) and audited with its snapshot.</summary>
    private static AuditEntry Created(Engagement engagement, DateTime now, string actor, string? actorName)
    {
        engagement.StampCreated(now);
        return new AuditEntry
        {
            At = now, Actor = actor, ActorName = actorName, CommuneCode = engagement.CommuneCode,
            EntityType = nameof(Engagement), EntityId = engagement.Id.ToString(), Action = "created",
            Before = null, After = Snapshot(engagement),
        };
    }

    /// <summary>The engagement as audited and compared for conflicts: all its fields, confidential ones masked.</summary>
    public static string Snapshot(Engagement engagement)
    {
        var node = JsonSerializer.SerializeToNode(engagement, engagement.GetType(), SnapshotJson)!.AsObject();
        foreach (var name in ConfidentialProperties.Select(JsonNamingPolicy.CamelCase.ConvertName))
            if (node[name] is not null) node[name] = Masked;
        node.Remove("network");
        node.Remove("worldDay");
        // Rows of the aggregate are compared by content: their database keys are not known yet at creation.
        foreach (var part in new[] { "partners", "deliberations" })
            if (node[part] is JsonArray rows)
                foreach (var row in rows.OfType<JsonObject>())
                {
                    row.Remove("id");
                    row.Remove("engagementId");
                }
        return node.ToJsonString(SnapshotJson);
    }

    private static string Values(EntityEntry entry, bool original) =>
        Values(entry.Properties
            .Where(p => !(entry.State == EntityState.Modified && !p.IsModified && !p.Metadata.IsPrimaryKey()))
            .Select(p => (p.Metadata, original ? p.OriginalValue : p.CurrentValue)));

    private static string Values(IEnumerable<(IProperty Property, object? Value)> properties)
    {
        var values = new JsonObject();
        foreach (var (property, value) in properties)
        {
            if (Secret.Contains(property.Name)) continue;
            values[JsonNamingPolicy.CamelCase.ConvertName(property.Name)] = value is null ? null : JsonSerializer.SerializeToNode(value, SnapshotJson);
        }
        return values.ToJsonString(SnapshotJson);
    }

    /// <summary>
    /// The audit row of an entity (other than an engagement) created outside <c>SaveChanges</c>
    /// (<see cref="Data.BulkInsert"/>): what <see cref="AuditAsync"/> writes for an added entity with a key known
    /// before the insert, by the ambient <see cref="AuditActor"/>.
    /// </summary>
    internal static AuditEntry Created(object entity, IEntityType type, DateTime now)
    {
        var (actor, actorName) = AuditActor.Value ?? ("system", null);
        object? Value(IProperty property) => property.GetGetter().GetClrValue(entity);
        return new AuditEntry
        {
            At = now, Actor = actor, ActorName = actorName,
            CommuneCode = type.FindProperty("CommuneCode") is { } commune ? Value(commune) as string : null,
            EntityType = type.ClrType.Name,
            EntityId = string.Join("/", type.FindPrimaryKey()!.Properties.Select(Value)),
            Action = "created", Before = null,
            After = Values(type.GetProperties().Select(p => (p, Value(p)))),
        };
    }

    private static Engagement? OwnerOf(EntityEntry entry, Dictionary<Guid, Engagement> tracked)
    {
        var foreignKey = entry.Metadata.GetForeignKeys().FirstOrDefault(fk => typeof(Engagement).IsAssignableFrom(fk.PrincipalEntityType.ClrType));
        if (foreignKey is not { Properties: [var property] }) return null;
        var key = entry.Property(property.Name).CurrentValue ?? entry.Property(property.Name).OriginalValue;
        return key is Guid id && tracked.TryGetValue(id, out var owner) ? owner : null;
    }

    private (string Id, string? Name) Actor()
    {
        if (http?.HttpContext?.User is { Identity.IsAuthenticated: true } user)
            return (user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous", user.Identity?.Name);
        return AuditActor.Value ?? ("system", null);
    }
}

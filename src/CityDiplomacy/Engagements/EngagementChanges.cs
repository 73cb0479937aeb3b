using System.Text.Json.Nodes;
using CityDiplomacy.Auditing;
using CityDiplomacy.Data;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Engagements;

/// <summary>One saved version of an engagement since a given one: who, when, and which fields (the input's names).</summary>
public sealed record EngagementChange(int Version, DateTime At, string Actor, IReadOnlyList<string> Fields);

/// <summary>
/// What changed in an engagement, read from its audit snapshots (<see cref="AuditInterceptor.Snapshot"/>): the
/// top-level fields that differ, for a stale If-Match (412) and for the read-only rule of an ended engagement.
/// </summary>
public static class EngagementChanges
{
    /// <summary>What the lifecycle owns (or derives), and the notes: not compared when an ended engagement is edited.</summary>
    private static readonly HashSet<string> NotEditableThroughFields =
    [
        .. AuditDiff.Bookkeeping, "id", "communeCode", "kind", "status", "statusReason", "statusChangedOn", "statusHistory", "endedOn",
        "notes", "awaitingRegularisation", "isReadOnly", "confidentialNotes", "confidentialContacts", "currentSituation",
        "network", "worldDay",
    ];

    /// <summary>Top-level fields that differ between two snapshots (JSON objects), stamps left out.</summary>
    public static List<string> Between(string? before, string? after) => Between(before, after, AuditDiff.Bookkeeping);

    /// <summary>
    /// The entity fields that <paramref name="wanted"/> (built from an input) would change in an ended engagement:
    /// everything but its lifecycle, notes and confidential fields; an end date only when one is given.
    /// </summary>
    internal static List<string> EditableFieldsChanged(Engagement current, Engagement wanted)
    {
        var changed = Between(AuditInterceptor.Snapshot(current), AuditInterceptor.Snapshot(wanted), NotEditableThroughFields);
        if (wanted.EndedOn is { } end && end != current.EndedOn) changed.Add("endedOn");
        return changed;
    }

    /// <summary>The version recorded in a snapshot.</summary>
    public static int? VersionOf(string? snapshot) =>
        Parse(snapshot)["version"] is JsonValue value && value.TryGetValue<int>(out var version) ? version : null;

    /// <summary>
    /// The fields that differ between version <paramref name="since"/> (from its audit snapshot) and the engagement as
    /// it is now, and each saved version after it; empty when the audit trail has no snapshot of that version.
    /// </summary>
    public static async Task<(IReadOnlyList<string> Fields, IReadOnlyList<EngagementChange> Changes)> SinceAsync(
        AppDb db, Engagement engagement, int since, CancellationToken cancellationToken = default)
    {
        var id = engagement.Id.ToString();
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == nameof(Engagement) && a.EntityId == id)
            .OrderBy(a => a.Id)
            .Select(a => new { a.At, a.Actor, a.ActorName, a.Before, a.After })
            .ToListAsync(cancellationToken);
        var input = EngagementInput.Blank(engagement.Kind);
        var then = entries.FirstOrDefault(e => VersionOf(e.After) == since);
        var fields = then is null ? [] : Between(then.After, AuditInterceptor.Snapshot(engagement)).Select(input.FieldFor).Distinct().ToList();
        var changes = entries
            .Select(e => new { Entry = e, Version = VersionOf(e.After) })
            .Where(e => e.Version > since)
            .Select(e => new EngagementChange(e.Version!.Value, e.Entry.At, e.Entry.ActorName ?? e.Entry.Actor,
                Between(e.Entry.Before, e.Entry.After).Select(input.FieldFor).Distinct().ToList()))
            .ToList();
        return (fields, changes);
    }

    private static List<string> Between(string? before, string? after, IEnumerable<string> ignored) =>
        AuditDiff.Compare(before, after, ignored).Select(change => change.Field).ToList();

    private static JsonObject Parse(string? snapshot) =>
        string.IsNullOrEmpty(snapshot) ? [] : JsonNode.Parse(snapshot) as JsonObject ?? [];
}

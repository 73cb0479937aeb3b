using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CityDiplomacy.Auditing;

/// <summary>One field that differs between two audited states, each shown as compact JSON (text unquoted).</summary>
public sealed record FieldChange(string Field, string? Before, string? After);

/// <summary>What changed between two audit snapshots (<see cref="AuditEntry.Before"/> and <see cref="AuditEntry.After"/>).</summary>
public static class AuditDiff
{
    /// <summary>Bookkeeping fields that change on every write and say nothing to a reader.</summary>
    public static readonly string[] Bookkeeping = ["version", "updatedAt", "createdAt"];

    // Shown to people (and HTML-encoded by the page), so accented names stay readable.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The top-level fields whose values differ, in the order they appear; <paramref name="ignore"/> left out.</summary>
    public static IReadOnlyList<FieldChange> Compare(string? before, string? after, IEnumerable<string>? ignore = null)
    {
        var skipped = new HashSet<string>(ignore ?? [], StringComparer.Ordinal);
        var old = Parse(before);
        var current = Parse(after);
        var names = old.Select(p => p.Key).Concat(current.Select(p => p.Key)).Distinct(StringComparer.Ordinal);
        var changes = new List<FieldChange>();
        foreach (var name in names)
        {
            if (skipped.Contains(name)) continue;
            var a = WithoutRowIds(name, old[name]);
            var b = WithoutRowIds(name, current[name]);
            if (JsonNode.DeepEquals(a, b)) continue;
            changes.Add(new FieldChange(name, Text(a), Text(b)));
        }
        return changes;
    }

    /// <summary>
    /// Partners and deliberations are rows: their ids and their order say nothing about what the user changed.
    /// </summary>
    private static JsonNode? WithoutRowIds(string key, JsonNode? node)
    {
        if (key is not ("partners" or "deliberations") || node is not JsonArray array) return node;
        var rows = array.Select(item => item?.DeepClone()).ToList();
        foreach (var row in rows.OfType<JsonObject>())
        {
            row.Remove("id");
            row.Remove("engagementId");
        }
        return new JsonArray([.. rows.OrderBy(row => row?.ToJsonString(), StringComparer.Ordinal)]);
    }

    private static JsonObject Parse(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonNode.Parse(json) as JsonObject ?? [];

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => node.ToJsonString(Readable),
    };
}

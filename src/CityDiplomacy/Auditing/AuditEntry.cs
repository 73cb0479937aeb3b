using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CityDiplomacy.Auditing;

/// <summary>One audited write: who, when, which entity, and its values before and after. Append-only.</summary>
public sealed class AuditEntry
{
    public long Id { get; private set; }
    public required DateTime At { get; init; }
    /// <summary>The user's id, or « cli », « system », « demo ».</summary>
    public required string Actor { get; init; }
    public string? ActorName { get; init; }
    /// <summary>The commune whose data changed, when there is one.</summary>
    public string? CommuneCode { get; init; }
    public required string EntityType { get; init; }
    public required string EntityId { get; init; }
    /// <summary>created, updated or deleted.</summary>
    public required string Action { get; init; }
    /// <summary>JSON object { property: value } before the change (null for a creation).</summary>
    public string? Before { get; init; }
    /// <summary>JSON object { property: value } after the change (null for a deletion).</summary>
    public string? After { get; init; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Actor).HasMaxLength(450);
        builder.Property(a => a.ActorName).HasMaxLength(256);
        builder.Property(a => a.CommuneCode).HasMaxLength(5);
        builder.Property(a => a.EntityType).HasMaxLength(100);
        builder.Property(a => a.EntityId).HasMaxLength(100);
        builder.Property(a => a.Action).HasMaxLength(16);
        builder.HasIndex(a => new { a.CommuneCode, a.At });
        builder.HasIndex(a => new { a.EntityType, a.EntityId });
    }
}

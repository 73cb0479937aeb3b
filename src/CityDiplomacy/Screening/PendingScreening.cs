using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CityDiplomacy.Screening;

/// <summary>
/// A durable « to screen » mark, written in the transaction of the write that needs it (an engagement saved, evidence
/// or a directory imported) and deleted in the transaction of the screening that covers it. A process killed between
/// the two leaves the mark: the next start, the next « screen » and the next import screen it first.
/// Scope: one engagement, one commune, or everything when both are null.
/// </summary>
public sealed class PendingScreening
{
    public long Id { get; init; }
    public Guid? EngagementId { get; init; }
    public string? CommuneCode { get; init; }
    public DateTime At { get; init; }

    public static PendingScreening National(DateTime at) => new() { At = at };

    public static PendingScreening Commune(string communeCode, DateTime at) => new() { CommuneCode = communeCode, At = at };

    /// <summary>After an engagement was written: the engagement, or its whole commune for a network membership (the death-penalty rule reads the commune's memberships).</summary>
    public static PendingScreening After(Engagements.Engagement engagement, DateTime at) => engagement is Engagements.NetworkMembership
        ? Commune(engagement.CommuneCode, at)
        : new() { EngagementId = engagement.Id, CommuneCode = engagement.CommuneCode, At = at };

    public bool IsNational => EngagementId is null && CommuneCode is null;
}

internal sealed class PendingScreeningConfiguration : IEntityTypeConfiguration<PendingScreening>
{
    public void Configure(EntityTypeBuilder<PendingScreening> builder)
    {
        builder.ToTable("PendingScreenings");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedOnAdd();
        builder.Property(p => p.CommuneCode).HasMaxLength(5);
    }
}

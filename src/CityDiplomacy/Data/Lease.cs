using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CityDiplomacy.Data;

/// <summary>
/// Who runs a piece of background work that must not run twice at once across instances, and until when. A holder
/// that stops renewing (crashed, stopped) loses it at <see cref="ExpiresAt"/>; see <see cref="Leases"/>.
/// </summary>
public sealed class Lease
{
    public const int NameMaxLength = 100;
    public const int HolderMaxLength = 200;

    public required string Name { get; init; }
    public required string Holder { get; set; }
    public required DateTime ExpiresAt { get; set; }
    public required DateTime TakenAt { get; set; }
}

internal sealed class LeaseConfiguration : IEntityTypeConfiguration<Lease>
{
    public void Configure(EntityTypeBuilder<Lease> builder)
    {
        builder.ToTable("Leases");
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasMaxLength(Lease.NameMaxLength);
        builder.Property(l => l.Holder).HasMaxLength(Lease.HolderMaxLength);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CityDiplomacy.Engagements;

/// <summary>A city network of the admin-editable catalogue (C40, CGLU, ICLEI, Maires pour la paix…).</summary>
public sealed class CityNetwork
{
    public int Id { get; private set; }
    /// <summary>Stable short code, e.g. « c40 », « villes-pour-la-vie ».</summary>
    public required string Code { get; init; }
    public required string NameFr { get; set; }
    public required string NameEn { get; set; }
    public string? Scope { get; set; }
    public string? Url { get; set; }
    public string? SourceUrl { get; set; }
}

/// <summary>A world day of the catalogue (30 November « Villes pour la vie », 10 December Human Rights Day…).</summary>
public sealed class WorldDay
{
    public int Id { get; private set; }
    public required string Code { get; init; }
    public required int Month { get; set; }
    public required int Day { get; set; }
    public required string NameFr { get; set; }
    public required string NameEn { get; set; }
    public string? SourceUrl { get; set; }
}

internal sealed class CataloguesConfiguration : IEntityTypeConfiguration<CityNetwork>, IEntityTypeConfiguration<WorldDay>
{
    public void Configure(EntityTypeBuilder<CityNetwork> builder)
    {
        builder.ToTable("CityNetworks");
        builder.HasKey(n => n.Id);
        builder.HasIndex(n => n.Code).IsUnique();
        builder.Property(n => n.Code).HasMaxLength(64);
        builder.Property(n => n.NameFr).HasMaxLength(300);
        builder.Property(n => n.NameEn).HasMaxLength(300);
        builder.Property(n => n.Scope).HasMaxLength(300);
        builder.Property(n => n.Url).HasMaxLength(1000);
        builder.Property(n => n.SourceUrl).HasMaxLength(1000);
    }

    public void Configure(EntityTypeBuilder<WorldDay> builder)
    {
        builder.ToTable("WorldDays");
        builder.HasKey(w => w.Id);
        builder.HasIndex(w => w.Code).IsUnique();
        builder.Property(w => w.Code).HasMaxLength(64);
        builder.Property(w => w.NameFr).HasMaxLength(300);
        builder.Property(w => w.NameEn).HasMaxLength(300);
        builder.Property(w => w.SourceUrl).HasMaxLength(1000);
    }
}

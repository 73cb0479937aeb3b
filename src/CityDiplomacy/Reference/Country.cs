using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CityDiplomacy.Reference;

/// <summary>A country or territory of ISO 3166-1, with its French and English names.</summary>
public sealed class Country
{
    /// <summary>ISO 3166-1 alpha-2, upper case.</summary>
    public required string Code { get; init; }
    public required string Alpha3 { get; set; }
    /// <summary>ISO 3166-1 numeric, three digits (the id used by world-atlas outlines).</summary>
    public required string Numeric { get; set; }
    public required string NameFr { get; set; }
    public required string NameEn { get; set; }
    /// <summary>Other French names, joined by « | ».</summary>
    public string AliasesFr { get; set; } = "";
    /// <summary>Other English names, joined by « | ».</summary>
    public string AliasesEn { get; set; } = "";
    public required string DatasetVersion { get; set; }

    public static bool IsWellFormedCode(string? code) => code is { Length: 2 } && code.All(char.IsAsciiLetter);
}

internal sealed class CountryConfiguration : IEntityTypeConfiguration<Country>
{
    public void Configure(EntityTypeBuilder<Country> builder)
    {
        builder.HasKey(c => c.Code);
        builder.Property(c => c.Code).HasMaxLength(2);
        builder.Property(c => c.Alpha3).HasMaxLength(3);
        builder.Property(c => c.Numeric).HasMaxLength(3);
        builder.Property(c => c.NameFr).HasMaxLength(200);
        builder.Property(c => c.NameEn).HasMaxLength(200);
        builder.Property(c => c.AliasesFr).HasMaxLength(1000);
        builder.Property(c => c.AliasesEn).HasMaxLength(1000);
        builder.Property(c => c.DatasetVersion).HasMaxLength(64);
        builder.HasIndex(c => c.Alpha3).IsUnique();
    }
}

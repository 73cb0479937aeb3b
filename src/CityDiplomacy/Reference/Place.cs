using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CityDiplomacy.Reference;

/// <summary>A populated place of GeoNames cities500 (≥ 500 inhabitants), identified by its GeoNames id.</summary>
public sealed class Place
{
    public required int GeonameId { get; init; }
    public required string Name { get; set; }
    public string? AsciiName { get; set; }
    /// <summary>GeoNames alternate names, comma-separated as GeoNames gives them.</summary>
    public string? AlternateNames { get; set; }
    public required double Latitude { get; set; }
    public required double Longitude { get; set; }
    /// <summary>GeoNames feature class (P: populated place).</summary>
    public required string FeatureClass { get; set; }
    /// <summary>GeoNames feature code (PPL, PPLA, PPLC…).</summary>
    public string? FeatureCode { get; set; }
    public required string CountryCode { get; set; }
    public string? Admin1Code { get; set; }
    public string? Admin2Code { get; set; }
    public long Population { get; set; }
    public required string DatasetVersion { get; set; }

    public IEnumerable<string> AlternateNameList =>
        string.IsNullOrEmpty(AlternateNames) ? [] : AlternateNames.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>A first-level administrative division of GeoNames (region, province, voivodeship, Land…).</summary>
public sealed class Admin1Region
{
    public required string CountryCode { get; init; }
    public required string Code { get; init; }
    public required string Name { get; set; }
    public required string DatasetVersion { get; set; }
}

internal sealed class PlaceConfiguration : IEntityTypeConfiguration<Place>
{
    public void Configure(EntityTypeBuilder<Place> builder)
    {
        builder.HasKey(p => p.GeonameId);
        builder.Property(p => p.GeonameId).ValueGeneratedNever();
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.AsciiName).HasMaxLength(200);
        builder.Property(p => p.FeatureClass).HasMaxLength(1);
        builder.Property(p => p.FeatureCode).HasMaxLength(10);
        builder.Property(p => p.CountryCode).HasMaxLength(2);
        builder.Property(p => p.Admin1Code).HasMaxLength(20);
        builder.Property(p => p.Admin2Code).HasMaxLength(80);
        builder.Property(p => p.DatasetVersion).HasMaxLength(64);
        builder.HasIndex(p => new { p.CountryCode, p.Admin1Code });
        builder.Ignore(p => p.AlternateNameList);
    }
}

internal sealed class Admin1RegionConfiguration : IEntityTypeConfiguration<Admin1Region>
{
    public void Configure(EntityTypeBuilder<Admin1Region> builder)
    {
        builder.HasKey(a => new { a.CountryCode, a.Code });
        builder.Property(a => a.CountryCode).HasMaxLength(2);
        builder.Property(a => a.Code).HasMaxLength(20);
        builder.Property(a => a.Name).HasMaxLength(200);
        builder.Property(a => a.DatasetVersion).HasMaxLength(64);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CityDiplomacy.Reference;

/// <summary>A French region (COG).</summary>
public sealed class Region
{
    public required string Code { get; init; }
    public required string Name { get; set; }
    public string? ChefLieu { get; set; }
    public string? Zone { get; set; }
    public required string DatasetVersion { get; set; }
}

/// <summary>A French département (COG).</summary>
public sealed class Department
{
    public required string Code { get; init; }
    public required string Name { get; set; }
    public required string RegionCode { get; set; }
    public string? ChefLieu { get; set; }
    public string? Zone { get; set; }
    public required string DatasetVersion { get; set; }
}

/// <summary>An intercommunalité à fiscalité propre (EPCI), identified by its SIREN.</summary>
public sealed class Epci
{
    public required string Siren { get; init; }
    public required string Name { get; set; }
    /// <summary>CC, CA, CU, METRO or MET69.</summary>
    public required string Type { get; set; }
    public string? Financing { get; set; }
    public int? Population { get; set; }
    public required string DatasetVersion { get; set; }
}

/// <summary>French labels of the EPCI legal forms (localised like any page string).</summary>
public static class EpciTypes
{
    public static string Label(string type) => type switch
    {
        "CC" => "communauté de communes",
        "CA" => "communauté d'agglomération",
        "CU" => "communauté urbaine",
        "METRO" => "métropole",
        "MET69" => "métropole de Lyon (collectivité à statut particulier)",
        _ => type,
    };
}

internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> builder)
    {
        builder.HasKey(r => r.Code);
        builder.Property(r => r.Code).HasMaxLength(3);
        builder.Property(r => r.Name).HasMaxLength(200);
        builder.Property(r => r.ChefLieu).HasMaxLength(5);
        builder.Property(r => r.Zone).HasMaxLength(8);
        builder.Property(r => r.DatasetVersion).HasMaxLength(64);
    }
}

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> builder)
    {
        builder.HasKey(d => d.Code);
        builder.Property(d => d.Code).HasMaxLength(3);
        builder.Property(d => d.Name).HasMaxLength(200);
        builder.Property(d => d.RegionCode).HasMaxLength(3);
        builder.Property(d => d.ChefLieu).HasMaxLength(5);
        builder.Property(d => d.Zone).HasMaxLength(8);
        builder.Property(d => d.DatasetVersion).HasMaxLength(64);
    }
}

internal sealed class EpciConfiguration : IEntityTypeConfiguration<Epci>
{
    public void Configure(EntityTypeBuilder<Epci> builder)
    {
        builder.HasKey(e => e.Siren);
        builder.Property(e => e.Siren).HasMaxLength(9);
        builder.Property(e => e.Name).HasMaxLength(300);
        builder.Property(e => e.Type).HasMaxLength(16);
        builder.Property(e => e.Financing).HasMaxLength(16);
        builder.Property(e => e.DatasetVersion).HasMaxLength(64);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CityDiplomacy.Reference;

/// <summary>Kinds of record in the Code officiel géographique.</summary>
public enum CommuneKind
{
    /// <summary>Commune actuelle.</summary>
    Current,
    /// <summary>Commune déléguée.</summary>
    Delegated,
    /// <summary>Commune associée.</summary>
    Associated,
    /// <summary>Arrondissement municipal (Paris, Lyon, Marseille).</summary>
    MunicipalArrondissement,
}

/// <summary>Where a commune's coordinates come from.</summary>
public static class CoordinateSources
{
    public const string GeoNames = "geonames";
    public const string GeoNamesName = "geonames-name";
    public const string Parent = "parent";
    public const string DepartmentCentre = "department-centre";

    public static bool IsApproximate(string? source) => source is DepartmentCentre or Parent or null;
}

/// <summary>A French commune (or delegated/associated commune, or municipal arrondissement) from the COG.</summary>
public sealed class Commune
{
    /// <summary>Code commune INSEE (e.g. 45284, 2A004).</summary>
    public required string Code { get; init; }
    public required CommuneKind Kind { get; init; }
    public required string Name { get; set; }
    /// <summary>The name folded for search (see <see cref="NameFolding"/>).</summary>
    public required string SearchName { get; set; }
    public required string DepartmentCode { get; set; }
    public required string RegionCode { get; set; }
    public string? ArrondissementCode { get; set; }
    public string? EpciSiren { get; set; }
    public string? Siren { get; set; }
    /// <summary>For delegated/associated communes and arrondissements: the commune they belong to.</summary>
    public string? ParentCode { get; set; }
    /// <summary>Postcodes joined by « | ».</summary>
    public string Postcodes { get; set; } = "";
    /// <summary>COG history: the INSEE codes of the former communes merged into this current one, joined by « | ».</summary>
    public string FormerCodes { get; set; } = "";
    public int? Population { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public string? CoordinateSource { get; set; }
    public int? GeonameId { get; set; }
    /// <summary>metro, drom or com.</summary>
    public string? Zone { get; set; }
    /// <summary>Version (content hash) of the reference dataset this row came from.</summary>
    public required string DatasetVersion { get; set; }

    public bool CoordinatesApproximate => CoordinateSources.IsApproximate(CoordinateSource);
    public IReadOnlyList<string> PostcodeList => Postcodes.Length == 0 ? [] : Postcodes.Split('|');

    public static bool IsWellFormedCode(string? code) =>
        code is { Length: 5 }
        && (char.IsAsciiDigit(code[0]) || code[0] == '2')
        && (char.IsAsciiDigit(code[1]) || (code[0] == '2' && code[1] is 'A' or 'B' or 'a' or 'b'))
        && code[2..].All(char.IsAsciiDigit);
}

internal sealed class CommuneConfiguration : IEntityTypeConfiguration<Commune>
{
    public void Configure(EntityTypeBuilder<Commune> builder)
    {
        builder.HasKey(c => new { c.Code, c.Kind });
        builder.Property(c => c.Code).HasMaxLength(5);
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.SearchName).HasMaxLength(200);
        builder.Property(c => c.DepartmentCode).HasMaxLength(3);
        builder.Property(c => c.RegionCode).HasMaxLength(3);
        builder.Property(c => c.ArrondissementCode).HasMaxLength(4);
        builder.Property(c => c.EpciSiren).HasMaxLength(9);
        builder.Property(c => c.Siren).HasMaxLength(9);
        builder.Property(c => c.ParentCode).HasMaxLength(5);
        builder.Property(c => c.Postcodes).HasMaxLength(400);
        builder.Property(c => c.FormerCodes).HasMaxLength(400);
        builder.Property(c => c.CoordinateSource).HasMaxLength(32);
        builder.Property(c => c.Zone).HasMaxLength(8);
        builder.Property(c => c.DatasetVersion).HasMaxLength(64);
        builder.HasIndex(c => c.SearchName);
        builder.HasIndex(c => c.DepartmentCode);
        builder.HasIndex(c => c.ParentCode);
        builder.Ignore(c => c.CoordinatesApproximate);
        builder.Ignore(c => c.PostcodeList);
    }
}

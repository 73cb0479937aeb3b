using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CityDiplomacy.Evidence;

/// <summary>The kinds of evidence files a user imports (<c>evidence import --kind …</c>).</summary>
public enum EvidenceKind { VDem, FreedomHouse, Indicators, Alerts, Territories }

/// <summary>
/// One imported evidence file: its provenance. Every evidence row points to the import that brought it, so its
/// source, version (SHA-256 of the file), licence and date are always known.
/// </summary>
public sealed class EvidenceImport
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required EvidenceKind Kind { get; init; }
    /// <summary>Publisher or source shown to users, e.g. « V-Dem v14 », « Freedom House, Freedom in the World ».</summary>
    public required string SourceName { get; set; }
    public string? SourceUrl { get; set; }
    public string? Licence { get; set; }
    /// <summary>The file's name as given (no directory).</summary>
    public required string FileName { get; init; }
    /// <summary>SHA-256 of the file's bytes: the version of the evidence.</summary>
    public required string Sha256 { get; init; }
    public required DateTime ImportedAt { get; init; }
    /// <summary>User id, « cli » or « system ».</summary>
    public required string ImportedBy { get; init; }
    public int RowCount { get; set; }
}

/// <summary>
/// A country indicator for one year: V-Dem indices, Freedom House status and scores, or any
/// <c>country,indicator,year,value,source_url</c> row (death-penalty status, criminalisation of same-sex relations…).
/// </summary>
public sealed class CountryIndicator
{
    public long Id { get; private set; }
    /// <summary>ISO 3166-1 alpha-2.</summary>
    public required string CountryCode { get; init; }
    /// <summary>Stable identifier, e.g. <c>vdem.v2xcs_ccsi</c>, <c>fh.status</c>, <c>fh.total</c>, <c>death-penalty</c>.</summary>
    public required string Indicator { get; init; }
    public required int Year { get; init; }
    /// <summary>Numeric value when there is one (V-Dem 0–1, Freedom House scores).</summary>
    public decimal? Value { get; set; }
    /// <summary>Textual value when there is one (F/PF/NF, « abolitionist », « retentionist »…).</summary>
    public string? Text { get; set; }
    public required string SourceName { get; set; }
    public string? SourceUrl { get; set; }
    public required Guid ImportId { get; set; }
}

public enum AlertLevel { Place, Admin1, Country }

/// <summary>
/// A documented fact about a partner authority, its region or its country (anti-LGBTI resolution, documented
/// violation, sanctions…), with its source. A repealed alert stays as history.
/// </summary>
public sealed class LocalAlert
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required AlertLevel Level { get; set; }
    /// <summary>ISO 3166-1 alpha-2.</summary>
    public required string CountryCode { get; set; }
    /// <summary>The place or region as the source wrote it.</summary>
    public string? PlaceText { get; set; }
    /// <summary>The resolved place (level Place).</summary>
    public int? GeonameId { get; set; }
    /// <summary>GeoNames admin1 code of the region (level Admin1; also filled for level Place when known).</summary>
    public string? Admin1Code { get; set; }
    /// <summary>e.g. anti-lgbti-resolution, violation, sanctions.</summary>
    public required string Type { get; set; }
    public required string Title { get; set; }
    /// <summary>Partial ISO date: YYYY, YYYY-MM or YYYY-MM-DD.</summary>
    public string? AdoptedOn { get; set; }
    /// <summary>Partial ISO date: YYYY, YYYY-MM or YYYY-MM-DD. Set when the act was repealed.</summary>
    public string? RepealedOn { get; set; }
    public required string SourceName { get; set; }
    public required string SourceUrl { get; set; }
    public string? Note { get; set; }
    /// <summary>The import that brought it, or null when entered in the application.</summary>
    public Guid? ImportId { get; set; }
    public int Version { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// A territory whose annexation or occupation France does not recognise (maintained file in <c>data/</c>, with
/// sources): a partner inside it is flagged by the <c>territorial-status</c> rule. Matched by admin1 region or by
/// GeoNames place.
/// </summary>
public sealed class TerritoryStatus
{
    public long Id { get; private set; }
    /// <summary>Stable key of the territory, e.g. <c>crimea</c>, <c>northern-cyprus</c>.</summary>
    public required string Territory { get; set; }
    /// <summary>French name shown to users.</summary>
    public required string Name { get; set; }
    /// <summary>Country of which France recognises the territory as part (ISO alpha-2).</summary>
    public required string CountryCode { get; set; }
    public string? Admin1Code { get; set; }
    public int? GeonameId { get; set; }
    /// <summary>e.g. annexation-not-recognised, occupation, settlement.</summary>
    public required string Status { get; set; }
    public required string SourceName { get; set; }
    public required string SourceUrl { get; set; }
    /// <summary>Partial ISO date of the source or of the position.</summary>
    public string? SourceDate { get; set; }
    public Guid? ImportId { get; set; }
}

internal sealed class EvidenceImportConfiguration : IEntityTypeConfiguration<EvidenceImport>
{
    public void Configure(EntityTypeBuilder<EvidenceImport> builder)
    {
        builder.ToTable("EvidenceImports");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.SourceName).HasMaxLength(200);
        builder.Property(i => i.SourceUrl).HasMaxLength(1000);
        builder.Property(i => i.Licence).HasMaxLength(200);
        builder.Property(i => i.FileName).HasMaxLength(260);
        builder.Property(i => i.Sha256).HasMaxLength(64);
        builder.Property(i => i.ImportedBy).HasMaxLength(450);
        builder.HasIndex(i => new { i.Kind, i.Sha256 });
    }
}

internal sealed class CountryIndicatorConfiguration : IEntityTypeConfiguration<CountryIndicator>
{
    public void Configure(EntityTypeBuilder<CountryIndicator> builder)
    {
        builder.ToTable("CountryIndicators");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.CountryCode).HasMaxLength(2);
        builder.Property(i => i.Indicator).HasMaxLength(64);
        builder.Property(i => i.Value).HasPrecision(12, 4);
        builder.Property(i => i.Text).HasMaxLength(100);
        builder.Property(i => i.SourceName).HasMaxLength(200);
        builder.Property(i => i.SourceUrl).HasMaxLength(1000);
        builder.HasIndex(i => new { i.CountryCode, i.Indicator, i.Year }).IsUnique();
        builder.HasIndex(i => i.ImportId);
    }
}

internal sealed class LocalAlertConfiguration : IEntityTypeConfiguration<LocalAlert>
{
    public void Configure(EntityTypeBuilder<LocalAlert> builder)
    {
        builder.ToTable("LocalAlerts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Level).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.CountryCode).HasMaxLength(2);
        builder.Property(a => a.PlaceText).HasMaxLength(200);
        builder.Property(a => a.Admin1Code).HasMaxLength(20);
        builder.Property(a => a.Type).HasMaxLength(64);
        builder.Property(a => a.Title).HasMaxLength(500);
        builder.Property(a => a.AdoptedOn).HasMaxLength(10);
        builder.Property(a => a.RepealedOn).HasMaxLength(10);
        builder.Property(a => a.SourceName).HasMaxLength(200);
        builder.Property(a => a.SourceUrl).HasMaxLength(1000);
        builder.Property(a => a.Note).HasMaxLength(4000);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => a.GeonameId);
        builder.HasIndex(a => new { a.CountryCode, a.Admin1Code });
    }
}

internal sealed class TerritoryStatusConfiguration : IEntityTypeConfiguration<TerritoryStatus>
{
    public void Configure(EntityTypeBuilder<TerritoryStatus> builder)
    {
        builder.ToTable("TerritoryStatuses");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Territory).HasMaxLength(64);
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.Property(t => t.CountryCode).HasMaxLength(2);
        builder.Property(t => t.Admin1Code).HasMaxLength(20);
        builder.Property(t => t.Status).HasMaxLength(64);
        builder.Property(t => t.SourceName).HasMaxLength(200);
        builder.Property(t => t.SourceUrl).HasMaxLength(1000);
        builder.Property(t => t.SourceDate).HasMaxLength(10);
        builder.HasIndex(t => new { t.CountryCode, t.Admin1Code });
        builder.HasIndex(t => t.GeonameId);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CityDiplomacy.Settings;

/// <summary>
/// What a commune declares once for its reports and open data: the SIRET of the town hall (SCDL COLL_SIRET,
/// idAttribuant), its IATI organisation identifier and the person who answers for its reports. One row per commune,
/// written only through <see cref="CommuneSettingsCommands"/> (audited like every save); <see cref="Version"/> guards
/// against a lost update.
/// </summary>
public sealed class CommuneSettings
{
    private CommuneSettings() { }

    public CommuneSettings(string communeCode) => CommuneCode = communeCode;

    /// <summary>Code commune INSEE of a current commune.</summary>
    public string CommuneCode { get; private set; } = "";
    /// <summary>14 digits: the commune's SIREN and the NIC of the establishment (the town hall).</summary>
    public string Siret { get; private set; } = "";
    /// <summary>An org-id.guide identifier, e.g. FR-RCS-217400100 (see docs/open-data.md).</summary>
    public string? IatiOrganisationId { get; private set; }
    public string? ReportingContactName { get; private set; }
    public string? ReportingContactRole { get; private set; }
    public string? ReportingContactEmail { get; private set; }
    /// <summary>1 once created, +1 on each save; the ETag of the API and the version a form carries.</summary>
    public int Version { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    /// <summary>Replaces every field by a validated input (absent optional fields are erased).</summary>
    public void Apply(CommuneSettingsInput input, DateTime now)
    {
        Siret = Settings.Siret.Normalise(input.Siret)!;
        IatiOrganisationId = Clean(input.IatiOrganisationId);
        ReportingContactName = Clean(input.ReportingContact?.Name);
        ReportingContactRole = Clean(input.ReportingContact?.Role);
        ReportingContactEmail = Clean(input.ReportingContact?.Email);
        Version++;
        UpdatedAt = now;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

internal sealed class CommuneSettingsConfiguration : IEntityTypeConfiguration<CommuneSettings>
{
    public void Configure(EntityTypeBuilder<CommuneSettings> builder)
    {
        builder.ToTable("CommuneSettings");
        builder.HasKey(s => s.CommuneCode);
        builder.Property(s => s.CommuneCode).HasMaxLength(5);
        builder.Property(s => s.Siret).HasMaxLength(14);
        builder.Property(s => s.IatiOrganisationId).HasMaxLength(CommuneSettingsInput.MaxIdentifier);
        builder.Property(s => s.ReportingContactName).HasMaxLength(CommuneSettingsInput.MaxText);
        builder.Property(s => s.ReportingContactRole).HasMaxLength(CommuneSettingsInput.MaxText);
        builder.Property(s => s.ReportingContactEmail).HasMaxLength(CommuneSettingsInput.MaxEmail);
        builder.Property(s => s.Version).IsConcurrencyToken();
    }
}

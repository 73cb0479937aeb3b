using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CityDiplomacy.Accounts;

/// <summary>A person who signs in: an administrator, an officer or a viewer of some communes.</summary>
public sealed class User : IdentityUser
{
    public string? DisplayName { get; set; }
    public List<CommuneAssignment> Communes { get; private set; } = [];
}

public static class Roles
{
    /// <summary>Administers everything, including the catalogues.</summary>
    public const string Administrator = "administrator";
    /// <summary>Edits the register of the communes assigned to them.</summary>
    public const string Officer = "officer";
    /// <summary>Reads the internal items of the communes assigned to them.</summary>
    public const string Viewer = "viewer";

    /// <summary>Human-rights volunteer: maintains the evidence (imports, local alerts) for every commune.</summary>
    public const string Monitor = "monitor";

    public static readonly string[] All = [Administrator, Officer, Viewer, Monitor];
}

/// <summary>A commune an officer or a viewer works for.</summary>
public sealed class CommuneAssignment
{
    public required string UserId { get; init; }
    public required string CommuneCode { get; init; }
}

/// <summary>A personal API token (« Authorization: Bearer … »): only its SHA-256 is stored; revocable.</summary>
public sealed class ApiToken
{
    public long Id { get; private set; }
    public required string UserId { get; init; }
    public required string Name { get; init; }
    /// <summary>SHA-256 of the token, hex.</summary>
    public required string Hash { get; init; }
    /// <summary>The first characters of the token, to recognise it in a list.</summary>
    public required string Prefix { get; init; }
    public required DateTime CreatedAt { get; init; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

internal sealed class AccountsConfiguration :
    IEntityTypeConfiguration<User>, IEntityTypeConfiguration<CommuneAssignment>, IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(200);
        builder.HasMany(u => u.Communes).WithOne().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<CommuneAssignment> builder)
    {
        builder.ToTable("CommuneAssignments");
        builder.HasKey(a => new { a.UserId, a.CommuneCode });
        builder.Property(a => a.CommuneCode).HasMaxLength(5);
        builder.HasIndex(a => a.CommuneCode);
    }

    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.ToTable("ApiTokens");
        builder.HasKey(t => t.Id);
        builder.HasIndex(t => t.Hash).IsUnique();
        builder.Property(t => t.Hash).HasMaxLength(64);
        builder.Property(t => t.Prefix).HasMaxLength(16);
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

using CityDiplomacy.Accounts;
using CityDiplomacy.Auditing;
using CityDiplomacy.Campaigns;
using CityDiplomacy.Engagements;
using CityDiplomacy.Evidence;
using CityDiplomacy.Screening;
using CityDiplomacy.Reference;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Data;

/// <summary>The application's database. Provider-specific subclasses carry their own migration sets.</summary>
public abstract class AppDb(DbContextOptions options) : IdentityDbContext<User>(options), IDataProtectionKeyContext
{
    /// <summary>The data-protection key ring shared by every instance on PostgreSQL (cookies, antiforgery, import previews).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Lease> Leases => Set<Lease>();

    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<Epci> Epcis => Set<Epci>();
    public DbSet<Commune> Communes => Set<Commune>();
    public DbSet<Country> Countries => Set<Country>();
    public DbSet<Place> Places => Set<Place>();
    public DbSet<Admin1Region> Admin1Regions => Set<Admin1Region>();
    public DbSet<ReferenceDataset> ReferenceDatasets => Set<ReferenceDataset>();

    public DbSet<Engagement> Engagements => Set<Engagement>();
    public DbSet<EngagementPartner> EngagementPartners => Set<EngagementPartner>();
    public DbSet<Deliberation> Deliberations => Set<Deliberation>();
    public DbSet<CityNetwork> CityNetworks => Set<CityNetwork>();
    public DbSet<WorldDay> WorldDays => Set<WorldDay>();

    public DbSet<EvidenceImport> EvidenceImports => Set<EvidenceImport>();
    public DbSet<CountryIndicator> CountryIndicators => Set<CountryIndicator>();
    public DbSet<LocalAlert> LocalAlerts => Set<LocalAlert>();
    public DbSet<TerritoryStatus> TerritoryStatuses => Set<TerritoryStatus>();
    public DbSet<ScreeningFlag> ScreeningFlags => Set<ScreeningFlag>();
    public DbSet<ScreeningRun> ScreeningRuns => Set<ScreeningRun>();
    public DbSet<PendingScreening> PendingScreenings => Set<PendingScreening>();

    public DbSet<CommuneAssignment> CommuneAssignments => Set<CommuneAssignment>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Settings.CommuneSettings> CommuneSettings => Set<Settings.CommuneSettings>();

    public DbSet<Campaign> Campaigns => Set<Campaign>();
    public DbSet<CandidateList> CandidateLists => Set<CandidateList>();
    public DbSet<CampaignResponse> CampaignResponses => Set<CampaignResponse>();
    public DbSet<Commitment> Commitments => Set<Commitment>();
    public DbSet<CommitmentUpdate> CommitmentUpdates => Set<CommitmentUpdate>();

    /// <summary>The clock of the writes (the audit's), for rules that depend on today (a signature at most next year).</summary>
    public TimeProvider Clock { get; internal set; } = TimeProvider.System;

    /// <summary>Instants are stored and read back as UTC on both providers (SQLite keeps no kind).</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDb).Assembly, t => !t.IsAbstract);
        // Prefix searches on folded names compare bytes: a btree range, the same order on both providers.
        if (Database.IsNpgsql())
            modelBuilder.Entity<Commune>().Property(c => c.SearchName).UseCollation("C");
    }
}

internal sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
    value => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime(),
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc));

/// <summary>SQLite, the embedded default.</summary>
public sealed class SqliteAppDb(DbContextOptions<SqliteAppDb> options) : AppDb(options);

/// <summary>PostgreSQL, for production.</summary>
public sealed class PostgresAppDb(DbContextOptions<PostgresAppDb> options) : AppDb(options);

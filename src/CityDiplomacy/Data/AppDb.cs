using CityDiplomacy.Reference;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Data;

/// <summary>The application's database. Provider-specific subclasses carry their own migration sets.</summary>
public abstract class AppDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<Epci> Epcis => Set<Epci>();
    public DbSet<Commune> Communes => Set<Commune>();
    public DbSet<Country> Countries => Set<Country>();
    public DbSet<Place> Places => Set<Place>();
    public DbSet<Admin1Region> Admin1Regions => Set<Admin1Region>();
    public DbSet<ReferenceDataset> ReferenceDatasets => Set<ReferenceDataset>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDb).Assembly, t => !t.IsAbstract);
    }
}

/// <summary>SQLite, the embedded default.</summary>
public sealed class SqliteAppDb(DbContextOptions<SqliteAppDb> options) : AppDb(options);

/// <summary>PostgreSQL, for production.</summary>
public sealed class PostgresAppDb(DbContextOptions<PostgresAppDb> options) : AppDb(options);

using Microsoft.EntityFrameworkCore.Design;

namespace CityDiplomacy.Data;

// Used only by `dotnet ef migrations add`: each provider has its own migration set.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDb>
{
    public SqliteAppDb CreateDbContext(string[] args) =>
        (SqliteAppDb)new AppDbFactory(new DatabaseOptions
        {
            Provider = DatabaseProvider.Sqlite,
            ConnectionString = "Data Source=design-time.db",
        }).Create();
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDb>
{
    public PostgresAppDb CreateDbContext(string[] args) =>
        (PostgresAppDb)new AppDbFactory(new DatabaseOptions
        {
            Provider = DatabaseProvider.Postgres,
            ConnectionString = "Host=localhost;Database=citydiplomacy_design",
        }).Create();
}

using Microsoft.Data.Sqlite;

namespace CityDiplomacy.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>Where the data lives: bound from <c>Database:*</c>, <c>ConnectionStrings:Default</c> and <c>DataDir</c>.</summary>
public sealed class DatabaseOptions
{
    public const string DefaultDataDir = ".citydiplomacy";
    public const string SqliteFileName = "citydiplomacy.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>An explicit connection string; for SQLite it defaults to a file in <see cref="DataDir"/>.</summary>
    public string? ConnectionString { get; set; }

    public string DataDir { get; set; } = DefaultDataDir;

    public static DatabaseOptions FromConfiguration(IConfiguration configuration)
    {
        var options = new DatabaseOptions();
        var provider = configuration["Database:Provider"];
        if (!string.IsNullOrWhiteSpace(provider))
            options.Provider = ParseProvider(provider)
                ?? throw new InvalidOperationException($"Database:Provider « {provider} » inconnu : utilisez sqlite ou postgres.");
        options.ConnectionString = NullIfBlank(configuration.GetConnectionString("Default"));
        options.DataDir = NullIfBlank(configuration["DataDir"])
            ?? NullIfBlank(configuration["CITYDIPLOMACY_DATA_DIR"])
            ?? DefaultDataDir;
        return options;
    }

    public static DatabaseProvider? ParseProvider(string value) => value.Trim().ToLowerInvariant() switch
    {
        "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
        _ => null,
    };

    public string ResolveConnectionString()
    {
        if (ConnectionString is { } explicitConnection) return explicitConnection;
        if (Provider == DatabaseProvider.Postgres)
            throw new InvalidOperationException(
                "PostgreSQL demande une chaîne de connexion : --connection-string ou ConnectionStrings__Default.");
        var dir = Path.GetFullPath(DataDir);
        Directory.CreateDirectory(dir);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dir, SqliteFileName),
            Pooling = true,
        }.ToString();
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

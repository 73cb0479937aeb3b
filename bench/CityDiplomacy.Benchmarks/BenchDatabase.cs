using CityDiplomacy.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CityDiplomacy.Benchmarks;

/// <summary>
/// A throw-away, migrated database: a SQLite file in a fresh temporary folder, or a fresh PostgreSQL database
/// <c>bench_&lt;guid&gt;</c> on the server named by <see cref="PostgresVariable"/>. Disposing deletes it.
/// </summary>
internal sealed class BenchDatabase : IDisposable
{
    /// <summary>A PostgreSQL connection string (to a database the user may connect to, e.g. postgres) enables the Postgres runs.</summary>
    public const string PostgresVariable = "CITYDIPLOMACY_BENCH_POSTGRES";

    private readonly string? _directory;
    private readonly string? _postgresDatabase;

    private BenchDatabase(AppDbFactory factory, string? directory, string? postgresDatabase)
    {
        Factory = factory;
        _directory = directory;
        _postgresDatabase = postgresDatabase;
    }

    public AppDbFactory Factory { get; }

    public static string? PostgresConnectionString =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : null;

    /// <summary>The providers to measure: SQLite always, PostgreSQL when <see cref="PostgresVariable"/> is set.</summary>
    public static IEnumerable<DatabaseProvider> Providers()
    {
        yield return DatabaseProvider.Sqlite;
        if (PostgresConnectionString is not null) yield return DatabaseProvider.Postgres;
    }

    /// <summary>Creates an empty database and applies the migrations.</summary>
    public static BenchDatabase CreateMigrated(DatabaseProvider provider)
    {
        var database = provider switch
        {
            DatabaseProvider.Sqlite => CreateSqlite(),
            DatabaseProvider.Postgres => CreatePostgres(),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
        };
        using var db = database.Factory.Create();
        DataSetup.MigrateAsync(db).GetAwaiter().GetResult();
        return database;
    }

    private static BenchDatabase CreateSqlite()
    {
        var directory = Path.Combine(Path.GetTempPath(), "citydiplomacy-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return new BenchDatabase(new AppDbFactory(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, DataDir = directory }),
            directory, null);
    }

    private static BenchDatabase CreatePostgres()
    {
        var admin = PostgresConnectionString
            ?? throw new InvalidOperationException($"{PostgresVariable} is not set: no PostgreSQL server to measure.");
        var name = "bench_" + Guid.NewGuid().ToString("N");
        Execute(admin, $"CREATE DATABASE \"{name}\"");
        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString();
        return new BenchDatabase(
            new AppDbFactory(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = connectionString }),
            null, name);
    }

    public void Dispose()
    {
        if (_directory is not null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }
        if (_postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            Execute(PostgresConnectionString!, $"DROP DATABASE IF EXISTS \"{_postgresDatabase}\" WITH (FORCE)");
        }
    }

    private static void Execute(string connectionString, string sql)
    {
        // No pooling: the admin connection must not linger on the server between iterations.
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}

using CityDiplomacy.Data;
using CityDiplomacy.Reference;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CityDiplomacy.Tests.Infrastructure;

/// <summary>
/// A private database for one test, on SQLite (always) or PostgreSQL (when CITYDIPLOMACY_TEST_POSTGRES is set).
/// With reference data, it is a copy of a template loaded once per test run through the real loader
/// (<see cref="CreateAsync"/>), or one such copy shared between tests and reset between them (<see cref="SharedAsync"/>).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "CITYDIPLOMACY_TEST_POSTGRES";

    /// <summary>Every configured database, for data-heavy theories.</summary>
    public static TheoryData<string> Providers => ["sqlite", "postgres"];

    private readonly string? _directory;
    private readonly string? _postgresDatabase;
    private DatabaseReset? _reset;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? directory, string? postgresDatabase)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _directory = directory;
        _postgresDatabase = postgresDatabase;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    /// <summary>The SQLite database's own folder (null on PostgreSQL).</summary>
    internal string? Folder => _directory;

    public string ProviderName => Provider == DatabaseProvider.Sqlite ? "sqlite" : "postgres";

    public AppDbFactory Factory() => new(new DatabaseOptions { Provider = Provider, ConnectionString = ConnectionString });

    public AppDb Open() => Factory().Create();

    /// <summary>
    /// A database as <see cref="CreateAsync"/> gives with the reference data, but taken from those that tests share: it
    /// was put back as the template is after the previous test (<see cref="DatabaseReset"/>); disposing it gives it back.
    /// A test that changes the reference data gets a database of its own instead (<see cref="CreateAsync"/>); if it does
    /// not, its database is dropped instead of reused.
    /// </summary>
    public static Task<TestDatabase> SharedAsync(string provider) => Shared.RentAsync(provider);

    private static readonly SharedPool<TestDatabase> Shared = new(
        async provider =>
        {
            var database = await CreateAsync(provider);
            database._reset = await DatabaseReset.CaptureAsync(database);
            return database;
        },
        database => database._reset!.ResetAsync(),
        database => database.DropAsync());

    /// <summary>A fresh database: empty (no schema) or a copy of the migrated template holding the reference data.</summary>
    public static async Task<TestDatabase> CreateAsync(string provider, bool withReference = true)
    {
        return provider switch
        {
            "sqlite" => await CreateSqliteAsync(withReference),
            "postgres" => await CreatePostgresAsync(withReference),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
        };
    }

    private static async Task<TestDatabase> CreateSqliteAsync(bool withReference)
    {
        var directory = Directory.CreateTempSubdirectory("citydiplomacy-test-").FullName;
        var file = Path.Combine(directory, DatabaseOptions.SqliteFileName);
        if (withReference) File.Copy(await Templates.SqliteAsync(), file);
        return new TestDatabase(DatabaseProvider.Sqlite, SqliteConnectionString(file), directory, null);
    }

    private static async Task<TestDatabase> CreatePostgresAsync(bool withReference)
    {
        var server = PostgresServer;
        if (server is null) SkipPostgres();
        var name = "cd_test_" + Guid.NewGuid().ToString("N")[..16];
        var template = withReference ? await Templates.PostgresAsync(server) : null;
        await ExecuteAsync(server, template is null
            ? $"CREATE DATABASE \"{name}\""
            : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        return new TestDatabase(DatabaseProvider.Postgres, PostgresConnectionString(server, name), null, name);
    }

    internal static string? PostgresServer =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : null;

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    internal static void SkipPostgres() =>
        Assert.Skip($"PostgreSQL non configuré : définissez {PostgresVariable} (chaîne de connexion à un serveur de test), comme le fait .ci/run.");

    internal static string SqliteConnectionString(string file) =>
        new SqliteConnectionStringBuilder { DataSource = file }.ToString();

    internal static string PostgresConnectionString(string server, string database) =>
        new NpgsqlConnectionStringBuilder(server) { Database = database }.ToString();

    internal static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresConnectionString(server, "postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Drops the database; a shared one goes back to the others instead.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_reset is not null)
        {
            await Shared.ReturnAsync(this);
            return;
        }
        await DropAsync();
    }

    private async ValueTask DropAsync()
    {
        if (_directory is not null)
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_directory, recursive: true); }
            catch (IOException) { /* a file still open: the temp folder is cleaned by the OS */ }
        }
        if (_postgresDatabase is not null && PostgresServer is { } server)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{_postgresDatabase}\" WITH (FORCE)");
        }
    }

    /// <summary>Reference data loaded once per run and provider, through the same loader as the product.</summary>
    private static class Templates
    {
        private static readonly SemaphoreSlim Gate = new(1, 1);
        private static string? _sqlite;
        private static string? _postgres;

        public static async Task<string> SqliteAsync()
        {
            await Gate.WaitAsync();
            try
            {
                if (_sqlite is not null) return _sqlite;
                var directory = Directory.CreateTempSubdirectory("citydiplomacy-template-").FullName;
                var file = Path.Combine(directory, DatabaseOptions.SqliteFileName);
                await LoadAsync(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = SqliteConnectionString(file) });
                await using (var connection = new SqliteConnection(SqliteConnectionString(file)))
                {
                    await connection.OpenAsync();
                    await using var checkpoint = connection.CreateCommand();
                    checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                    await checkpoint.ExecuteNonQueryAsync();
                }
                SqliteConnection.ClearAllPools();
                TemplateCleanup.Register(() => Directory.Delete(directory, recursive: true));
                return _sqlite = file;
            }
            finally { Gate.Release(); }
        }

        public static async Task<string> PostgresAsync(string server)
        {
            await Gate.WaitAsync();
            try
            {
                if (_postgres is not null) return _postgres;
                var name = "cd_template_" + Guid.NewGuid().ToString("N")[..16];
                await ExecuteAsync(server, $"CREATE DATABASE \"{name}\"");
                TemplateCleanup.Register(() =>
                {
                    NpgsqlConnection.ClearAllPools();
                    ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").GetAwaiter().GetResult();
                });
                await LoadAsync(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = PostgresConnectionString(server, name) });
                // A template must have no open connection when it is copied.
                NpgsqlConnection.ClearAllPools();
                return _postgres = name;
            }
            finally { Gate.Release(); }
        }

        private static async Task LoadAsync(DatabaseOptions options)
        {
            await using var db = new AppDbFactory(options).Create();
            await DataSetup.MigrateAsync(db);
            await new ReferenceLoader(db, TestClock.Create()).LoadAsync(ReferenceSource.Embedded);
        }
    }
}

/// <summary>Drops the per-run templates when the test assembly finishes.</summary>
public sealed class TemplateCleanup : IDisposable
{
    private static readonly List<Action> Actions = [];

    internal static void Register(Action action)
    {
        lock (Actions) Actions.Add(action);
    }

    public void Dispose()
    {
        lock (Actions)
        {
            foreach (var action in Actions)
            {
                try { action(); }
                catch (Exception e) when (e is IOException or NpgsqlException) { /* best effort at the end of the run */ }
            }
            Actions.Clear();
        }
    }
}

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CityDiplomacy.Data;

/// <summary>
/// One database-wide lock for the start-up work, so that instances started together take turns: on PostgreSQL a
/// session advisory lock held on a connection of its own; on SQLite an exclusive lock file beside the database.
/// Both are released by the operating system or the server when a holder dies.
/// </summary>
public static class StartupLock
{
    /// <summary>The advisory lock key: any constant shared by every instance (« CityDiplomacy start-up »).</summary>
    public const long PostgresKey = 0x4369_7479_4469_706C;

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public static async Task<IAsyncDisposable> AcquireAsync(AppDb db, ILogger logger, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql()) return await PostgresAsync(db, logger, cancellationToken);
        return await SqliteAsync(db.Database.GetConnectionString()!, logger, cancellationToken);
    }

    private static async Task<IAsyncDisposable> PostgresAsync(AppDb db, ILogger logger, CancellationToken cancellationToken)
    {
        await CreateDatabaseAsync(db, cancellationToken);
        // Not pooled: closing it must end the session, which releases the lock even if the unlock was never sent.
        var builder = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false, CommandTimeout = 0 };
        var connection = new NpgsqlConnection(builder.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (!await ScalarAsync<bool>(connection, $"SELECT pg_try_advisory_lock({PostgresKey})", cancellationToken))
            {
                logger.LogInformation("Une autre instance prépare la base de données : attente de la fin de son démarrage…");
                await ScalarAsync<object>(connection, $"SELECT pg_advisory_lock({PostgresKey})", cancellationToken);
            }
            return new Held(async () =>
            {
                try { await ScalarAsync<bool>(connection, $"SELECT pg_advisory_unlock({PostgresKey})", CancellationToken.None); }
                catch (NpgsqlException) { /* the server is gone, and so is the session that held the lock */ }
                await connection.DisposeAsync();
            });
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The lock needs a database to connect to: create it first, as migrations would (two instances may race).</summary>
    private static async Task CreateDatabaseAsync(AppDb db, CancellationToken cancellationToken)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(cancellationToken)) return;
        try { await creator.CreateAsync(cancellationToken); }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation) { }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<IAsyncDisposable> SqliteAsync(string connectionString, ILogger logger, CancellationToken cancellationToken)
    {
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:" || connectionString.Contains("Mode=Memory", StringComparison.OrdinalIgnoreCase))
            return new Held(() => ValueTask.CompletedTask); // a private database: no other process can open it
        var path = Path.GetFullPath(source) + ".startup-lock";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var waited = false;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive lock on the open file, between processes as well as within one.
                var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return new Held(() => file.DisposeAsync());
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                if (!waited) logger.LogInformation("Une autre instance prépare la base de données : attente de la fin de son démarrage…");
                waited = true;
                await Task.Delay(Poll, cancellationToken);
            }
        }
    }

    private sealed class Held(Func<ValueTask> release) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => release();
    }
}

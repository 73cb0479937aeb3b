using System.Data.Common;
using CityDiplomacy.Auditing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace CityDiplomacy.Data;

/// <summary>The provider switch: one <see cref="AppDb"/> type for the app, one migration set per provider.</summary>
public static class DataSetup
{
    public static IServiceCollection AddAppDb(this IServiceCollection services)
    {
        services.AddSingleton(sp => new AppDbFactory(
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>(),
            sp.GetService<IHttpContextAccessor>(),
            sp.GetServices<IInterceptor>(),
            sp.GetService<Screening.ScreeningRules>()));
        services.AddScoped<AppDb>(sp => sp.GetRequiredService<AppDbFactory>().Create());
        return services;
    }

    /// <summary>Applies the provider's migrations, then the per-database settings (WAL for SQLite).</summary>
    public static async Task MigrateAsync(AppDb db, CancellationToken cancellationToken = default)
    {
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}

/// <summary>Builds the options once and hands out contexts of the configured provider.</summary>
public sealed class AppDbFactory
{
    private readonly DatabaseOptions _options;
    private readonly DbContextOptions _contextOptions;
    private readonly TimeProvider _time;

    /// <param name="screening">
    /// The rules to screen with after every write (<see cref="Screening.ScreeningDispatcher"/>): the web host and the
    /// CLI give them; without them (raw data access in tests and tools) writes are neither marked nor screened.
    /// </param>
    public AppDbFactory(DatabaseOptions options, TimeProvider? time = null, ILoggerFactory? loggerFactory = null,
        IHttpContextAccessor? http = null, IEnumerable<IInterceptor>? interceptors = null, Screening.ScreeningRules? screening = null)
    {
        _options = options;
        _time = time ?? TimeProvider.System;
        var audit = new AuditInterceptor(http, _time);
        // Extra interceptors (e.g. the public cache's change tracking) run after the audit; the screening's, which
        // reads the audit rows of the save, last.
        IInterceptor[] extra = [.. interceptors ?? [],
            .. screening is null ? Array.Empty<IInterceptor>() : [new Screening.ScreeningDispatcher(this, screening, _time)]];
        ConnectionString = options.ResolveConnectionString();
        _contextOptions = options.Provider switch
        {
            DatabaseProvider.Sqlite => Configure(new DbContextOptionsBuilder<SqliteAppDb>(), loggerFactory)
                .UseSqlite(ConnectionString, o => o.MigrationsAssembly(typeof(AppDb).Assembly.FullName))
                .AddInterceptors([new SqliteConnectionSettings(), audit, .. extra])
                .Options,
            DatabaseProvider.Postgres => Configure(new DbContextOptionsBuilder<PostgresAppDb>(), loggerFactory)
                .UseNpgsql(ConnectionString, o => o.MigrationsAssembly(typeof(AppDb).Assembly.FullName))
                .AddInterceptors([audit, .. extra])
                .Options,
            _ => throw new InvalidOperationException($"Unknown provider {options.Provider}"),
        };
    }

    public DatabaseProvider Provider => _options.Provider;
    public string ConnectionString { get; }

    public AppDb Create()
    {
        AppDb db = _options.Provider == DatabaseProvider.Sqlite
            ? new SqliteAppDb((DbContextOptions<SqliteAppDb>)_contextOptions)
            : new PostgresAppDb((DbContextOptions<PostgresAppDb>)_contextOptions);
        db.Clock = _time;
        return db;
    }

    private static DbContextOptionsBuilder<T> Configure<T>(DbContextOptionsBuilder<T> builder, ILoggerFactory? loggerFactory)
        where T : DbContext
    {
        if (loggerFactory is not null) builder.UseLoggerFactory(loggerFactory);
        return builder;
    }
}

/// <summary>Per-connection SQLite settings: WAL is persistent, these are not.</summary>
internal sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (connection is SqliteConnection) Execute(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        if (connection is not SqliteConnection) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Execute(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
}

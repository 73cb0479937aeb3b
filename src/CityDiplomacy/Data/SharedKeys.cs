using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using Microsoft.Data.Sqlite;

namespace CityDiplomacy.Data;

/// <summary>
/// The data-protection key ring (session cookies, antiforgery tokens, signed import previews), shared by every
/// instance on one database: in the database on PostgreSQL, in « keys » beside the SQLite file otherwise. One fixed
/// application name, so that instances installed in different folders read each other's payloads. Old keys stay in
/// the ring after a rotation, so what they protected stays readable until it expires.
/// </summary>
public static class SharedKeys
{
    public const string ApplicationName = "CityDiplomacy";
    public const string FolderName = "keys";

    /// <summary>Needs <see cref="DatabaseOptions"/> in the container; they are read when the key ring is first used.</summary>
    public static IServiceCollection AddSharedKeys(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        // Its hosted service loads the key ring when the host starts, creating a first key if there is none: instances
        // started together would each create one and not see the other's. The start-up work creates it under its lock.
        var warmUp = services.Where(d => d.ServiceType == typeof(IHostedService)
            && d.ImplementationType?.FullName == "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService").ToList();
        foreach (var descriptor in warmUp) services.Remove(descriptor);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(keys =>
        {
            var options = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var loggers = sp.GetRequiredService<ILoggerFactory>();
            keys.XmlRepository = options.Provider == DatabaseProvider.Postgres
                ? new EntityFrameworkCoreXmlRepository<AppDb>(sp, loggers)
                : new FileSystemXmlRepository(new DirectoryInfo(Folder(options)), loggers);
        }));
        return services;
    }

    /// <summary>The key folder on SQLite: « keys » in the data directory, where the database file is.</summary>
    public static string Folder(DatabaseOptions options)
    {
        var dataDir = options.DataDir;
        if (options.ConnectionString is { } connection
            && new SqliteConnectionStringBuilder(connection).DataSource is { Length: > 0 } file
            && file != ":memory:" && !connection.Contains("Mode=Memory", StringComparison.OrdinalIgnoreCase))
            dataDir = Path.GetDirectoryName(Path.GetFullPath(file))!;
        return Path.Combine(Path.GetFullPath(dataDir), FolderName);
    }
}

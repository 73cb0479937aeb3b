using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace CityDiplomacy.Tests.Instances;

/// <summary>
/// A PostgreSQL cluster of the test's own, on a free port, that the test may stop and start again: the Debian
/// binaries run as the « postgres » user, so this needs root (CI runs as root); otherwise the test is skipped.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _directory;

    private PrivatePostgres(string bin, string directory, int port)
    {
        _bin = bin;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database,
        Timeout = 5, // a stopped server is noticed quickly
    }.ToString();

    public static async Task<PrivatePostgres> StartAsync()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
            Assert.Skip("Arrêter et relancer PostgreSQL demande un cluster privé, lancé en root avec les binaires de /usr/lib/postgresql (comme en CI).");
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "pg_ctl"))).OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        if (bin is null) Assert.Skip("Binaires PostgreSQL absents de /usr/lib/postgresql/*/bin.");
        var directory = Directory.CreateTempSubdirectory("citydiplomacy-pg-").FullName;
        await RunAsync("chown", "postgres:postgres", directory);
        var cluster = new PrivatePostgres(bin, directory, FreePort());
        await cluster.RunAsPostgresAsync("initdb", "-D", Path.Combine(directory, "data"), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8");
        await cluster.StartServerAsync();
        return cluster;
    }

    public Task StartServerAsync() => RunAsPostgresAsync("pg_ctl", "-D", Path.Combine(_directory, "data"), "-l", Path.Combine(_directory, "log"), "-w",
        "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -k {_directory} -c fsync=off", "start");

    public Task StopServerAsync() => RunAsPostgresAsync("pg_ctl", "-D", Path.Combine(_directory, "data"), "-m", "fast", "-w", "stop");

    private Task RunAsPostgresAsync(string tool, params string[] arguments) =>
        RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments]);

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} → {process.ExitCode}: {await output}{await error}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try { await StopServerAsync(); }
        catch (InvalidOperationException) { /* already stopped */ }
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { /* cleaned with the temp folder */ }
    }
}

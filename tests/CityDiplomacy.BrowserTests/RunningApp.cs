using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

[assembly: AssemblyFixture(typeof(CityDiplomacy.BrowserTests.RunningApp))]

namespace CityDiplomacy.BrowserTests;

/// <summary>
/// The real application, as a citizen reaches it: Kestrel on 127.0.0.1 (a free port, plain http),
/// a fresh SQLite database in its own temporary data folder, the shipped reference data loaded on start.
/// Started once for the whole assembly; the data folder is deleted afterwards.
/// </summary>
public sealed class RunningApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _dataDir =
        Path.Combine(Path.GetTempPath(), "citydiplomacy-browser-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>Where the browser goes: http://127.0.0.1:{the port Kestrel picked}/.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public RunningApp()
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("DataDir", _dataDir);
        builder.UseSetting("Database:Provider", "sqlite");
        // « serve » turns the demo on by default: the journeys start on an empty register.
        builder.UseSetting("Demo:Enabled", "false");
        builder.UseSetting("Directory:Enabled", "false");
        // Journeys seed through their own database context: read the commune data version on every request.
        builder.UseSetting("PublicCache:RevalidateSeconds", "0");
    }

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_dataDir);
        StartServer(); // listens, then migrates the database and loads the reference data
        var startup = Services.GetRequiredService<CityDiplomacy.Data.StartupState>();
        if (!await startup.Completion) throw new InvalidOperationException("Échec du démarrage : " + startup.Failure);
        BaseUrl = new Uri(ClientOptions.BaseAddress.GetLeftPart(UriPartial.Authority));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools(); // pooled connections keep the database file open
        try
        {
            if (Directory.Exists(_dataDir)) Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder must not fail the run.
        }
        GC.SuppressFinalize(this);
    }
}

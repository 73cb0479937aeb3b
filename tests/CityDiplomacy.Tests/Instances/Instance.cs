using CityDiplomacy.Data;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CityDiplomacy.Tests.Instances;

/// <summary>
/// One instance of the app on a database that other instances share (the test owns the database). Each instance
/// has a data directory of its own: on PostgreSQL, what they share goes through the database only.
/// </summary>
public sealed class Instance(string providerName, string connectionString, params (string Key, string Value)[] settings)
    : WebApplicationFactory<Program>
{
    public Instance(TestDatabase database, params (string Key, string Value)[] settings)
        : this(database.ProviderName, database.ConnectionString, settings) { }

    private readonly string _dataDir = Directory.CreateTempSubdirectory("citydiplomacy-instance-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:Provider", providerName);
        builder.UseSetting("ConnectionStrings:Default", connectionString);
        builder.UseSetting("DataDir", _dataDir);
        builder.UseSetting("Demo:Enabled", "false");
        builder.UseSetting("RateLimiting:Enabled", "false");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }

    /// <summary>Builds and starts the host (the server listens; the start-up work runs behind it).</summary>
    public void Start() => _ = Server;

    public StartupState State => Services.GetRequiredService<StartupState>();

    public async Task<bool> ReadyAsync() => await State.Completion;

    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(_dataDir, recursive: true); }
        catch (IOException) { /* cleaned with the temp folder */ }
    }
}

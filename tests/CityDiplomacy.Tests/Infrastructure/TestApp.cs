using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp;
using AngleSharp.Dom;
using CityDiplomacy.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CityDiplomacy.Tests.Infrastructure;

/// <summary>
/// The real application in process, on a private database: either started for one test (<see cref="StartAsync(string, bool)"/>)
/// or taken from the hosts shared between tests (<see cref="SharedAsync"/>), its database and caches reset.
/// </summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database;
    private readonly FakeTimeProvider? _clock;
    private readonly bool _shared;
    private DatabaseReset? _reset;

    private TestApp(TestDatabase database, FakeTimeProvider? clock, bool shared = false)
    {
        _database = database;
        _clock = clock;
        _shared = shared;
    }

    public TestDatabase Database => _database;

    /// <summary>What the host logged as errors (the exception behind a 500), to put in an assertion's message.</summary>
    public ServerErrorLog ServerErrors { get; } = new();

    /// <summary>The app's clock when it was started with one; otherwise the app reads the system clock.</summary>
    public FakeTimeProvider? Clock => _clock;

    /// <summary>Starts the app on a fresh database of that provider, holding the reference data.</summary>
    public static Task<TestApp> StartAsync(string provider, bool withReference = true) => StartAsync(provider, withReference, clock: null);

    /// <summary>Starts the app with <paramref name="clock"/> as its <see cref="TimeProvider"/> (see <see cref="TestClock"/>).</summary>
    public static async Task<TestApp> StartAsync(string provider, bool withReference, FakeTimeProvider? clock)
    {
        var database = await TestDatabase.CreateAsync(provider, withReference);
        var app = new TestApp(database, clock);
        _ = app.Server; // start now: migrations and the start-up load run here, not in the first request
        await app.ReadyAsync();
        return app;
    }

    /// <summary>
    /// A started app on a database holding the reference data, as <see cref="StartAsync(string, bool)"/> gives, but taken
    /// from a pool of hosts (one per provider and test running at once) instead of started: its database is put back as
    /// it was right after start-up and the host's caches emptied (<see cref="SharedPool{T}"/>). Disposing it gives it back.
    /// A test that needs a host of its own (its start-up, a clock, the place index's first build, a restored backup,
    /// reference data loaded again) calls <see cref="StartAsync(string, bool)"/>.
    /// </summary>
    public static Task<TestApp> SharedAsync(string provider) => Shared.RentAsync(provider);

    private static readonly SharedPool<TestApp> Shared = new(StartSharedAsync, app => app.TryResetAsync(), app => app.DisposeHostAsync());

    /// <summary>A host for the pool: started like any, then its database captured for the resets.</summary>
    internal static async Task<TestApp> StartSharedAsync(string provider)
    {
        var app = new TestApp(await TestDatabase.CreateAsync(provider), clock: null, shared: true);
        try
        {
            _ = app.Server;
            await app.ReadyAsync();
            app._reset = await DatabaseReset.CaptureAsync(app._database);
            return app;
        }
        catch
        {
            await app.DisposeHostAsync();
            throw;
        }
    }

    /// <summary>The database and the caches as right after start-up; false when the reference data changed (the host is then not reused).</summary>
    internal async Task<bool> TryResetAsync()
    {
        if (_reset is null || !await _reset.ResetAsync()) return false;
        HostCaches.Empty(Services);
        return true;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureLogging(logging => logging.AddProvider(ServerErrors));
        builder.UseSetting("Database:Provider", _database.ProviderName);
        builder.UseSetting("ConnectionStrings:Default", _database.ConnectionString);
        // The host runs « serve », whose settings turn the demo on: a test starts on an empty register.
        builder.UseSetting("Demo:Enabled", "false");
        // Nor the national directory (25,917 pairs, several seconds): only the directory's own tests load it.
        builder.UseSetting("Directory:Enabled", "false");
        // Most tests never resolve a place: the index is built on first use, not at every host's start.
        builder.UseSetting("Places:WarmOnStart", "false");
        // Tests send many anonymous requests from one address; the rate-limit tests turn it back on.
        builder.UseSetting("RateLimiting:Enabled", "false");
        // Tests write from outside the host too (seeding through their own context): read the data version every time.
        builder.UseSetting("PublicCache:RevalidateSeconds", "0");
        if (_clock is { } clock) builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock));
        if (_shared) builder.ConfigureTestServices(HostCaches.MakeResettable);
    }

    /// <summary>Waits for the start-up work, which runs once the server listens.</summary>
    public async Task ReadyAsync()
    {
        var state = Services.GetRequiredService<StartupState>();
        if (!await state.Completion) throw new InvalidOperationException("Échec du démarrage : " + state.Failure);
    }

    public AppDb OpenDb() => _database.Open();

    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public async Task<JsonElement> GetJsonAsync(string url)
    {
        using var client = Client();
        return await client.GetFromJsonAsync<JsonElement>(url);
    }

    public async Task<IDocument> GetPageAsync(string url)
    {
        using var client = Client();
        var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url} → {(int)response.StatusCode}");
        return await ParseAsync(await response.Content.ReadAsStringAsync());
    }

    public static async Task<IDocument> ParseAsync(string html)
    {
        var context = BrowsingContext.New(Configuration.Default);
        return await context.OpenAsync(request => request.Content(html));
    }

    /// <summary>Stops the host and drops its database; a shared host goes back to the pool instead.</summary>
    public override async ValueTask DisposeAsync()
    {
        if (_shared)
        {
            await Shared.ReturnAsync(this);
            return;
        }
        await DisposeHostAsync();
    }

    internal async ValueTask DisposeHostAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }
}

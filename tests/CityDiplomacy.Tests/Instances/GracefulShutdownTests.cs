using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CityDiplomacy.Data;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CityDiplomacy.Tests.Instances;

/// <summary>
/// What SIGTERM does to « serve »: the host is built as « serve » builds it, listens on a free port of 127.0.0.1 and
/// runs (<c>RunAsync</c>); the stop is asked the way the console lifetime asks it on SIGTERM
/// (<c>IHostApplicationLifetime.StopApplication</c>). A test-only endpoint holds a request in flight until the test
/// releases it.
/// </summary>
public sealed class GracefulShutdownTests
{
    private const string Slow = "/essai/requete-lente";
    private static readonly string Body = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"ligne {i:D6}\n"));

    /// <summary>How long a test waits for something that does happen: generous, since other builds share the machine.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task On_stop_the_request_in_flight_completes_new_connections_are_refused_and_the_host_stops(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var server = await RunningServer.StartAsync(database, timeoutSeconds: 30);
        using var client = new HttpClient { BaseAddress = server.Address, Timeout = Patience };

        var inFlight = client.GetAsync(Slow);
        await server.Entered.Task.WaitAsync(Patience);

        server.App.Lifetime.StopApplication();

        // The listener closes first: a new connection is refused while the request in flight is still held.
        var deadline = DateTime.UtcNow + Patience;
        while (!await RefusedAsync(server.Address.Port))
        {
            Assert.True(DateTime.UtcNow < deadline, "le serveur accepte encore des connexions après le début de l'arrêt");
            await Task.Delay(50);
        }
        Assert.False(inFlight.IsCompleted, "la requête en cours a été coupée avant d'être servie");
        Assert.False(server.Running.IsCompleted, "l'hôte s'est arrêté sans attendre la requête en cours");

        server.Release.Release();

        using var response = await inFlight;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Body, await response.Content.ReadAsStringAsync());
        // Then the host stops, well within Shutdown:TimeoutSeconds (30 s): nothing else was in flight.
        await server.Running.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_request_still_running_when_the_timeout_ends_is_cut_and_the_host_does_not_hang()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var server = await RunningServer.StartAsync(database, timeoutSeconds: 1);
        using var client = new HttpClient { BaseAddress = server.Address, Timeout = Patience };

        var inFlight = client.GetAsync(Slow);
        await server.Entered.Task.WaitAsync(Patience);

        server.App.Lifetime.StopApplication();

        // The handler never ends by itself (it does not even watch RequestAborted): after 1 s the server aborts the
        // connection and the host stops; the bound is generous, the point is that it is not for ever.
        await server.Running.WaitAsync(Patience);
        var cut = await Record.ExceptionAsync(async () =>
        {
            using var response = await inFlight;
            await response.Content.ReadAsStringAsync();
        });
        Assert.IsAssignableFrom<HttpRequestException>(cut);
    }

    private static async Task<bool> RefusedAsync(int port)
    {
        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return false; // caught in the listener's backlog as it closed: ask again
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
    }

    /// <summary>« serve » on a free port of 127.0.0.1, with a request that waits for <see cref="Release"/>.</summary>
    private sealed class RunningServer : IAsyncDisposable
    {
        private readonly string _dataDir = Directory.CreateTempSubdirectory("citydiplomacy-shutdown-").FullName;

        private RunningServer(TestDatabase database, int timeoutSeconds)
        {
            App = WebApp.Build([], new Dictionary<string, string?>
            {
                ["Database:Provider"] = database.ProviderName,
                ["ConnectionStrings:Default"] = database.ConnectionString,
                ["DataDir"] = _dataDir,
                ["urls"] = "http://127.0.0.1:0",
                ["Demo:Enabled"] = "false",
                ["Directory:Enabled"] = "false",
                ["Places:WarmOnStart"] = "false",
                ["RateLimiting:Enabled"] = "false",
                ["Shutdown:TimeoutSeconds"] = timeoutSeconds.ToString(CultureInfo.InvariantCulture),
            });
            App.MapGet(Slow, async (HttpContext http) =>
            {
                Entered.TrySetResult();
                await Release.WaitAsync(); // deliberately deaf to RequestAborted: the worst handler there is
                http.Response.ContentType = "text/plain; charset=utf-8";
                await http.Response.WriteAsync(Body);
            });
        }

        public WebApplication App { get; }
        public Task Running { get; private set; } = Task.CompletedTask;
        public Uri Address { get; private set; } = null!;
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public SemaphoreSlim Release { get; } = new(0);

        public static async Task<RunningServer> StartAsync(TestDatabase database, int timeoutSeconds)
        {
            var server = new RunningServer(database, timeoutSeconds);
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            server.App.Lifetime.ApplicationStarted.Register(() => started.TrySetResult());
            server.Running = server.App.RunAsync();
            await Task.WhenAny(started.Task, server.Running).WaitAsync(Patience);
            if (server.Running.IsCompleted) await server.Running; // a failed start throws here
            Assert.True(await server.App.Services.GetRequiredService<StartupState>().Completion.WaitAsync(Patience),
                server.App.Services.GetRequiredService<StartupState>().Failure);
            server.Address = new Uri(server.App.Urls.Single());
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            Release.Release(10); // a handler the test cut is still waiting: let it end
            if (!Running.IsCompleted) App.Lifetime.StopApplication();
            try { await Running.WaitAsync(Patience); }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException) { /* reported by the test itself */ }
            await App.DisposeAsync();
            Release.Dispose();
            try { Directory.Delete(_dataDir, recursive: true); }
            catch (IOException) { /* cleaned with the temp folder */ }
        }
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text;
using CityDiplomacy.Imports;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CityDiplomacy.Tests.Imports;

/// <summary>
/// The Wikidata connector against a stub SPARQL endpoint (Kestrel on 127.0.0.1, a free port) that answers as the test
/// says: the JSON fixture, a 503 before it, or nothing in time. The real endpoint is never called.
/// </summary>
public sealed class WikidataConnectorTests
{
    private sealed class StubEndpoint : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private StubEndpoint(WebApplication app, string url)
        {
            _app = app;
            Url = url;
        }

        public string Url { get; }
        public List<(string? UserAgent, string? Accept, string? Query)> Requests { get; } = [];

        public static async Task<StubEndpoint> StartAsync(Func<int, HttpContext, Task> answer)
        {
            // No watcher on configuration files: a stub needs none, and inotify instances are a shared resource.
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            StubEndpoint? stub = null;
            app.MapPost("/sparql", async context =>
            {
                var form = await context.Request.ReadFormAsync();
                int attempt;
                lock (stub!.Requests)
                {
                    stub.Requests.Add((context.Request.Headers.UserAgent.ToString(), context.Request.Headers.Accept.ToString(), form["query"]));
                    attempt = stub.Requests.Count;
                }
                await answer(attempt, context);
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            stub = new StubEndpoint(app, address + "/sparql");
            return stub;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private static Task Fixture(HttpContext context)
    {
        context.Response.ContentType = "application/sparql-results+json";
        return context.Response.WriteAsync(TwinningDirectoryImportTests.WikidataJsonFixture, Encoding.UTF8);
    }

    private static WikidataOptions Options(string url, double timeoutSeconds = 10) => new()
    {
        Endpoint = url, TimeoutSeconds = timeoutSeconds, Retries = 2, FirstBackoff = TimeSpan.FromMilliseconds(10),
    };

    [Fact]
    public async Task The_P190_query_is_posted_with_a_user_agent_and_the_results_read_as_a_directory()
    {
        await using var stub = await StubEndpoint.StartAsync((_, context) => Fixture(context));
        using var http = new HttpClient();

        var (json, attempts) = await new WikidataConnector(http, Options(stub.Url)).FetchAsync(TestContext.Current.CancellationToken);
        var file = TwinningDirectory.Parse(stub.Url, DirectoryFormat.WikidataJson, json, "Wikidata P190 (CC0 1.0) : 127.0.0.1");

        Assert.Equal(1, attempts);
        var request = Assert.Single(stub.Requests);
        Assert.StartsWith("CityDiplomacy/", request.UserAgent);
        Assert.Contains("application/sparql-results+json", request.Accept);
        Assert.Contains("wdt:P190", request.Query);
        Assert.Contains("wd:Q484170", request.Query);
        Assert.Equal(4, file.Pairs.Count);
        Assert.Equal("45284", file.Pairs[0].First.InseeCode);
        Assert.Equal("Q1009371", file.Pairs[0].Second.Item);
        Assert.Equal("Pologne", file.Pairs[0].Second.Country);
        Assert.Equal(49.895, file.Pairs[0].Second.Point!.Value.Latitude);
    }

    [Fact]
    public async Task A_503_is_retried_and_the_second_answer_used()
    {
        await using var stub = await StubEndpoint.StartAsync((attempt, context) =>
        {
            if (attempt > 1) return Fixture(context);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
        using var http = new HttpClient();

        var (json, attempts) = await new WikidataConnector(http, Options(stub.Url)).FetchAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, attempts);
        Assert.Equal(2, stub.Requests.Count);
        Assert.Equal(4, TwinningDirectory.Parse(stub.Url, DirectoryFormat.WikidataJson, json, "Wikidata").Pairs.Count);
    }

    [Fact]
    public async Task An_endpoint_that_never_answers_in_time_gives_up_after_the_retries_with_a_French_message()
    {
        using var release = new CancellationTokenSource();
        await using var stub = await StubEndpoint.StartAsync(async (_, context) =>
        {
            try { await Task.Delay(Timeout.Infinite, release.Token); }
            catch (OperationCanceledException) { }
        });
        using var http = new HttpClient();

        var failure = await Assert.ThrowsAsync<WikidataUnavailableException>(() =>
            new WikidataConnector(http, Options(stub.Url, timeoutSeconds: 0.3)).FetchAsync(TestContext.Current.CancellationToken));
        await release.CancelAsync();

        Assert.Equal(3, stub.Requests.Count);
        Assert.Contains("Wikidata injoignable (127.0.0.1) après 3 tentatives : pas de réponse en 0,3 s", failure.Message.Replace("0.3", "0,3"));
    }

    [Fact]
    public async Task A_refusal_is_not_retried()
    {
        await using var stub = await StubEndpoint.StartAsync((_, context) =>
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return Task.CompletedTask;
        });
        using var http = new HttpClient();

        var failure = await Assert.ThrowsAsync<WikidataUnavailableException>(() =>
            new WikidataConnector(http, Options(stub.Url)).FetchAsync(TestContext.Current.CancellationToken));

        Assert.Single(stub.Requests);
        Assert.Contains("400", failure.Message);
    }

    [Fact]
    public async Task The_verb_imports_from_the_endpoint_given()
    {
        await using var stub = await StubEndpoint.StartAsync((_, context) => Fixture(context));
        await using var database = await TestDatabase.SharedAsync("sqlite");

        var (code, output, error) = await TwinningDirectoryImportTests.CliAsync("import", "twinnings", "--from-wikidata",
            "--endpoint", stub.Url, "--database", "sqlite", "--connection-string", database.ConnectionString);

        Assert.True(code == 0, error);
        Assert.Contains("Jumelages créés : 3", output);
        await using var db = database.Open();
        var sources = await db.Engagements.AsNoTracking().Select(e => e.SourceName).Distinct().ToListAsync();
        Assert.Equal(["Wikidata P190 (CC0 1.0) : 127.0.0.1"], sources);
    }

    [Fact]
    public async Task An_unreachable_endpoint_exits_non_zero_with_one_French_line_and_no_stack_trace()
    {
        // A port nobody listens on: taken, then released.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var database = await TestDatabase.CreateAsync("sqlite", withReference: false);

        var (code, output, error) = await TwinningDirectoryImportTests.CliAsync("import", "twinnings", "--from-wikidata",
            "--endpoint", $"http://127.0.0.1:{port}/sparql", "--timeout", "2", "--retries", "0",
            "--database", "sqlite", "--connection-string", database.ConnectionString);

        Assert.Equal(1, code);
        var line = Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("CityDiplomacy import twinnings : Wikidata injoignable (127.0.0.1)", line);
        Assert.DoesNotContain(" at ", line);
        Assert.DoesNotContain("Exception", line);
        Assert.DoesNotContain("Jumelages", output);
    }
}

using System.Diagnostics;
using CityDiplomacy.Data;

namespace CityDiplomacy.Places;

/// <summary>
/// The resolver of the running app: built once in the background (a couple of seconds), started by
/// <see cref="PlaceIndexWarmup"/> as soon as the server is up, or by the first use if that comes first; every caller
/// waits for that one build, none starts another, and no request's cancellation stops it. Then shared by every request. At most every <see cref="RecheckInterval"/> it compares the reference versions in the database with those it
/// was built from, and rebuilds after a « reference load » of new data; requests keep the previous index meanwhile.
/// </summary>
public sealed class PlaceIndex(IServiceScopeFactory scopes, TimeProvider time, ILogger<PlaceIndex> logger) : IPlaceResolverSource
{
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _firstLock = new();
    private volatile Snapshot? _current;
    private Task? _first;
    /// <summary>Completed as soon as the first index is usable, before the build's garbage is handed back.</summary>
    private TaskCompletionSource? _published;

    private sealed record Snapshot(PlaceResolver Resolver, string Version, DateTimeOffset CheckedAt);

    /// <summary>The version of the reference data the current index was built from; null before the first build.</summary>
    public string? Version => _current?.Version;

    /// <summary>The first build, on the thread pool; started once (again only after a failure).</summary>
    public Task WarmAsync() => Start().Built;

    /// <summary>Starts the first build unless it runs or ran; <c>Published</c> completes when the index is usable.</summary>
    private (Task Built, Task Published) Start()
    {
        lock (_firstLock)
        {
            if (_first is null || _first.IsFaulted || _first.IsCanceled)
            {
                var published = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _published = published;
                _first = Task.Run(() => BuildFirstAsync(published));
            }
            return (_first, _published!.Task);
        }
    }

    private async Task BuildFirstAsync(TaskCompletionSource published)
    {
        await _gate.WaitAsync();
        try
        {
            if (_current is null)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDb>();
                var version = await PlaceResolver.DataVersionAsync(db);
                _current = new Snapshot(await BuildAsync(db, CancellationToken.None), version, time.GetUtcNow());
            }
        }
        catch (Exception e)
        {
            published.TrySetException(e);
            throw;
        }
        finally
        {
            _gate.Release();
        }
        // The waiting requests go on now; the build's garbage is handed back after (the first start's national directory
        // waits for that too, see DirectoryLoader).
        published.TrySetResult();
        HandBackBuildGarbage();
    }

    private async Task<PlaceResolver> BuildAsync(AppDb db, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var resolver = await PlaceResolver.LoadAsync(db, cancellationToken);
        logger.LogInformation("Index des lieux construit en {Milliseconds} ms : {Entries} lieux et régions, {Keys} noms",
            stopwatch.ElapsedMilliseconds, resolver.Names.Entries.Length, resolver.Names.KeyCount);
        return resolver;
    }

    /// <summary>
    /// The build allocates about four times what the index keeps (rows read, names split and folded, sorting arrays):
    /// that garbage is collected and handed back to the system once, so that the work that follows (the national
    /// directory at the first start, requests) does not grow the process on top of it. After the index is published,
    /// so that the first resolve does not wait for it.
    /// </summary>
    private void HandBackBuildGarbage()
    {
        var stopwatch = Stopwatch.StartNew();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        logger.LogInformation("Mémoire de la construction de l'index rendue en {Milliseconds} ms", stopwatch.ElapsedMilliseconds);
    }

    public async ValueTask<PlaceResolver> GetResolverAsync(CancellationToken cancellationToken = default)
    {
        var current = _current;
        if (current is null)
        {
            // The first build runs apart from the request: this one waits for it, whoever started it.
            await Start().Published.WaitAsync(cancellationToken);
            return _current!.Resolver;
        }
        if (time.GetUtcNow() - current.CheckedAt < RecheckInterval) return current.Resolver;
        // While another request checks or rebuilds, the others go on with the index they have.
        if (!await _gate.WaitAsync(0, cancellationToken)) return current.Resolver;
        try
        {
            current = _current;
            var now = time.GetUtcNow();
            if (current is not null && now - current.CheckedAt < RecheckInterval) return current.Resolver;

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            // Read before the data: a load that lands in between is seen at the next check.
            var version = await PlaceResolver.DataVersionAsync(db, cancellationToken);
            if (current is not null && current.Version == version)
            {
                _current = current with { CheckedAt = now };
                return current.Resolver;
            }
            var resolver = await BuildAsync(db, cancellationToken);
            _current = new Snapshot(resolver, version, now);
            _ = Task.Run(HandBackBuildGarbage, CancellationToken.None);
            return resolver;
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>
/// Starts the place index's build once the server is up (after the database initialisation, so <c>/health/ready</c>
/// answers as before): the first preview or partner search finds it built, or waits for this build. Off with
/// <c>Places:WarmOnStart=false</c>.
/// </summary>
public sealed class PlaceIndexWarmup(PlaceIndex index, IHostApplicationLifetime lifetime, IConfiguration configuration,
    Data.StartupState startup, ILogger<PlaceIndexWarmup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!configuration.GetValue("Places:WarmOnStart", true)) return Task.CompletedTask;
        // After the start-up work (migrations, reference data) that the places are read from.
        lifetime.ApplicationStarted.Register(() => WarmAfterStartupAsync().ContinueWith(
            build => logger.LogWarning(build.Exception, "Index des lieux non construit au démarrage ; il le sera au premier usage."),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default));
        return Task.CompletedTask;
    }

    private async Task WarmAfterStartupAsync()
    {
        if (await startup.Completion) await index.WarmAsync();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Where a write finds the resolver for partners given by name: the app's shared index, or a resolver at hand.</summary>
public interface IPlaceResolverSource
{
    ValueTask<PlaceResolver> GetResolverAsync(CancellationToken cancellationToken = default);
}

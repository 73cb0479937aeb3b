using System.Diagnostics;
using CityDiplomacy.Data;

namespace CityDiplomacy.Places;

/// <summary>
/// The resolver of the running app: built from the database on first use (a couple of seconds), then shared by every
/// request. At most every <see cref="RecheckInterval"/> it compares the reference versions in the database with those it
/// was built from, and rebuilds after a « reference load » of new data; requests keep the previous index meanwhile.
/// </summary>
public sealed class PlaceIndex(IServiceScopeFactory scopes, TimeProvider time, ILogger<PlaceIndex> logger) : IPlaceResolverSource
{
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Snapshot? _current;

    private sealed record Snapshot(PlaceResolver Resolver, string Version, DateTimeOffset CheckedAt);

    /// <summary>The version of the reference data the current index was built from; null before the first build.</summary>
    public string? Version => _current?.Version;

    public async ValueTask<PlaceResolver> GetResolverAsync(CancellationToken cancellationToken = default)
    {
        var current = _current;
        if (current is not null && time.GetUtcNow() - current.CheckedAt < RecheckInterval) return current.Resolver;
        // While another request checks or rebuilds, the others go on with the index they have.
        if (current is not null && !await _gate.WaitAsync(0, cancellationToken)) return current.Resolver;
        if (current is null) await _gate.WaitAsync(cancellationToken);
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
            var stopwatch = Stopwatch.StartNew();
            var resolver = await PlaceResolver.LoadAsync(db, cancellationToken);
            logger.LogInformation("Index des lieux construit en {Milliseconds} ms : {Entries} lieux et régions, {Keys} noms",
                stopwatch.ElapsedMilliseconds, resolver.Names.Entries.Length, resolver.Names.KeyCount);
            _current = new Snapshot(resolver, version, now);
            return resolver;
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>Where a write finds the resolver for partners given by name: the app's shared index, or a resolver at hand.</summary>
public interface IPlaceResolverSource
{
    ValueTask<PlaceResolver> GetResolverAsync(CancellationToken cancellationToken = default);
}

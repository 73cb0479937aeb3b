using System.Collections.Concurrent;
using System.Reflection;
using CityDiplomacy.Accounts;
using CityDiplomacy.OpenData;
using CityDiplomacy.Portal;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;

namespace CityDiplomacy.Tests.Infrastructure;

/// <summary>
/// Hosts or databases that tests share (<see cref="TestApp.SharedAsync"/>, <see cref="TestDatabase.SharedAsync"/>): a
/// test takes an idle one of its provider or starts one, and gives it back when it ends; it is then reset and waits for
/// the next test. As many exist per provider as tests ran at once; they stop when the test assembly finishes.
/// </summary>
internal sealed class SharedPool<T>(Func<string, Task<T>> start, Func<T, Task<bool>> reset, Func<T, ValueTask> stop)
    where T : class
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<T>> _idle = new(StringComparer.Ordinal);
    private readonly Dictionary<T, string> _started = [];

    public async Task<T> RentAsync(string provider)
    {
        if (provider == "postgres" && TestDatabase.PostgresServer is null) TestDatabase.SkipPostgres();
        if (_idle.GetOrAdd(provider, _ => []).TryTake(out var idle)) return idle;
        var item = await start(provider);
        lock (_started)
        {
            if (_started.Count == 0) TemplateCleanup.Register(StopAll);
            _started.Add(item, provider);
        }
        return item;
    }

    /// <summary>Resets the item and puts it back; one that cannot be reset is stopped (and a failed reset fails the test).</summary>
    public async Task ReturnAsync(T item)
    {
        bool done;
        try
        {
            done = await reset(item);
        }
        catch
        {
            await StopAsync(item);
            throw;
        }
        if (!done)
        {
            await StopAsync(item);
            return;
        }
        string provider;
        lock (_started) provider = _started[item];
        _idle[provider].Add(item);
    }

    private async Task StopAsync(T item)
    {
        lock (_started) _started.Remove(item);
        await stop(item);
    }

    private void StopAll()
    {
        T[] items;
        lock (_started)
        {
            items = [.. _started.Keys];
            _started.Clear();
        }
        foreach (var item in items)
        {
            try { stop(item).AsTask().GetAwaiter().GetResult(); }
            catch (Exception) { /* best effort at the end of the run: the databases are temporary ones */ }
        }
    }
}

/// <summary>
/// What a host remembers between requests beside its database, emptied when a shared host is reset: the output cache,
/// the data versions and national export files (keyed by a version a reset may bring back with other data), and the
/// sign-in throttle. The place index is kept: it only reads the reference data, which a reset never changes.
/// </summary>
internal static class HostCaches
{
    /// <summary>Registers the output cache so that every entry can be evicted at once.</summary>
    public static void MakeResettable(IServiceCollection services)
    {
        var store = services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
        services.Remove(store);
        services.AddSingleton<IOutputCacheStore>(sp => new ResettableOutputCacheStore(store switch
        {
            { ImplementationFactory: { } factory } => (IOutputCacheStore)factory(sp),
            { ImplementationInstance: IOutputCacheStore instance } => instance,
            _ => (IOutputCacheStore)ActivatorUtilities.CreateInstance(sp, store.ImplementationType!),
        }));
    }

    public static void Empty(IServiceProvider services)
    {
        if (services.GetRequiredService<IOutputCacheStore>() is not ResettableOutputCacheStore output)
            throw new InvalidOperationException("Hôte partagé sans cache de sortie réinitialisable.");
        output.EvictAll();
        Renew<CommuneVersions>(services);
        Renew<NationalExportFiles>(services);
        Renew<SignInThrottle>(services);
    }

    /// <summary>
    /// Makes the host's singleton as new: its fields take those of a fresh instance (the old one disposed first). The
    /// services that hold the singleton keep holding the same object.
    /// </summary>
    private static void Renew<T>(IServiceProvider services) where T : class
    {
        var current = services.GetRequiredService<T>();
        var fresh = ActivatorUtilities.CreateInstance<T>(services);
        (current as IDisposable)?.Dispose();
        foreach (var field in typeof(T).GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            field.SetValue(current, field.GetValue(fresh));
    }

    /// <summary>The app's output cache store, with one more tag on every entry.</summary>
    private sealed class ResettableOutputCacheStore(IOutputCacheStore inner) : IOutputCacheStore
    {
        private const string EveryEntry = "test:every-entry";

        public void EvictAll() => inner.EvictByTagAsync(EveryEntry, CancellationToken.None).AsTask().GetAwaiter().GetResult();

        public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) => inner.EvictByTagAsync(tag, cancellationToken);

        public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

        public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken) =>
            inner.SetAsync(key, value, [.. tags ?? [], EveryEntry], validFor, cancellationToken);
    }
}

using CityDiplomacy.Data;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Tests.Instances;

/// <summary>Background work runs once across instances: a lease in the database, with an expiry.</summary>
public sealed class LeasesTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromMinutes(5);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Of_two_holders_taking_a_lease_together_one_wins(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, withReference: false);
        await MigrateAsync(database);
        var clock = new Clock();
        var leases = new Leases(database.Factory(), clock);

        var taken = await Task.WhenAll(
            Enumerable.Range(0, 8).Select(i => Task.Run(() => leases.TryTakeAsync("screening", $"instance-{i}", Duration))));

        Assert.Single(taken, t => t);
        var winner = $"instance-{Array.IndexOf(taken, true)}";
        await using var db = database.Open();
        Assert.Equal(winner, (await db.Leases.SingleAsync()).Holder);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_lease_its_holder_stops_renewing_expires_and_another_holder_takes_it(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, withReference: false);
        await MigrateAsync(database);
        var clock = new Clock();
        var leases = new Leases(database.Factory(), clock);

        Assert.True(await leases.TryTakeAsync("directory", "crashed", Duration));
        clock.Advance(Duration / 2);
        Assert.False(await leases.TryTakeAsync("directory", "second", Duration));
        Assert.True(await leases.TryTakeAsync("directory", "crashed", Duration)); // the holder takes it again: a renewal
        clock.Advance(Duration - TimeSpan.FromSeconds(1));
        Assert.False(await leases.TryTakeAsync("directory", "second", Duration));

        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.True(await leases.TryTakeAsync("directory", "second", Duration));
        Assert.False(await leases.RenewAsync("directory", "crashed", Duration));
        Assert.True(await leases.RenewAsync("directory", "second", Duration));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_released_lease_is_free_at_once_and_other_leases_are_independent(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, withReference: false);
        await MigrateAsync(database);
        var leases = new Leases(database.Factory(), new Clock());

        Assert.True(await leases.TryTakeAsync("reminders", "first", Duration));
        Assert.True(await leases.TryTakeAsync("screening", "second", Duration));
        await leases.ReleaseAsync("reminders", "second"); // not its lease: nothing happens
        Assert.False(await leases.TryTakeAsync("reminders", "second", Duration));

        await leases.ReleaseAsync("reminders", "first");

        Assert.True(await leases.TryTakeAsync("reminders", "second", Duration));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Run_once_runs_the_work_in_one_process_only_and_releases_the_lease(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, withReference: false);
        await MigrateAsync(database);
        var first = new Leases(database.Factory(), TimeProvider.System);
        var second = new Leases(database.Factory(), TimeProvider.System);
        var started = new TaskCompletionSource();
        var finish = new TaskCompletionSource();
        var runs = 0;

        var running = first.RunOnceAsync("screening", Duration, async _ =>
        {
            Interlocked.Increment(ref runs);
            started.SetResult();
            await finish.Task;
        });
        await started.Task;
        Assert.False(await second.RunOnceAsync("screening", Duration, _ => { Interlocked.Increment(ref runs); return Task.CompletedTask; }));
        finish.SetResult();
        Assert.True(await running);

        Assert.True(await second.RunOnceAsync("screening", Duration, _ => { Interlocked.Increment(ref runs); return Task.CompletedTask; }));
        Assert.Equal(2, runs);
        await using var db = database.Open();
        Assert.False(await db.Leases.AnyAsync());
    }

    private static async Task MigrateAsync(TestDatabase database)
    {
        await using var db = database.Open();
        await DataSetup.MigrateAsync(db);
    }

    private sealed class Clock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}

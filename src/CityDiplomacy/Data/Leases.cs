using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Data;

/// <summary>
/// Background work that must run once across instances (screening reruns after evidence changes, directory
/// updates, reminders) takes a named <see cref="Lease"/> first. Taking and renewing are one atomic upsert on both
/// providers; a lease nobody renews expires, so a crashed holder blocks the work for one lease duration at most.
/// </summary>
public sealed class Leases(AppDbFactory databases, TimeProvider time, ILogger<Leases>? logger = null)
{
    /// <summary>This process, as a holder: host name, process id and a random part (two hosts in one process differ).</summary>
    public string Holder { get; } = $"{Guid.NewGuid():N}/{Environment.ProcessId}/{Environment.MachineName}" is var holder
        && holder.Length > Lease.HolderMaxLength ? holder[..Lease.HolderMaxLength] : holder;

    /// <summary>Takes the lease when it is free, expired or already ours (then it is renewed); false when another holder has it.</summary>
    public async Task<bool> TryTakeAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        Validate(name, holder, duration);
        var now = time.GetUtcNow().UtcDateTime;
        var expires = now + duration;
        await using var db = databases.Create();
        var changed = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Leases" ("Name", "Holder", "ExpiresAt", "TakenAt") VALUES ({name}, {holder}, {expires}, {now})
            ON CONFLICT ("Name") DO UPDATE SET
                "TakenAt" = CASE WHEN "Leases"."Holder" = excluded."Holder" THEN "Leases"."TakenAt" ELSE excluded."TakenAt" END,
                "Holder" = excluded."Holder", "ExpiresAt" = excluded."ExpiresAt"
            WHERE "Leases"."Holder" = excluded."Holder" OR "Leases"."ExpiresAt" <= excluded."TakenAt"
            """, cancellationToken);
        return changed == 1;
    }

    /// <summary>Extends a lease we still hold; false when it expired and another holder took it.</summary>
    public async Task<bool> RenewAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        Validate(name, holder, duration);
        var expires = time.GetUtcNow().UtcDateTime + duration;
        await using var db = databases.Create();
        return await db.Database.ExecuteSqlAsync(
            $"""UPDATE "Leases" SET "ExpiresAt" = {expires} WHERE "Name" = {name} AND "Holder" = {holder}""", cancellationToken) == 1;
    }

    /// <summary>Gives the lease back at once, if we hold it, so the next holder need not wait for the expiry.</summary>
    public async Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken = default)
    {
        await using var db = databases.Create();
        await db.Database.ExecuteSqlAsync($"""DELETE FROM "Leases" WHERE "Name" = {name} AND "Holder" = {holder}""", cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> if this process takes the lease, renewing it every third of its duration and
    /// cancelling the work if it is lost; releases it at the end. False (nothing run) when another holder has it.
    /// </summary>
    public async Task<bool> RunOnceAsync(string name, TimeSpan duration, Func<CancellationToken, Task> work, CancellationToken cancellationToken = default)
    {
        if (!await TryTakeAsync(name, Holder, duration, cancellationToken)) return false;
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var done = new CancellationTokenSource();
        var renewing = RenewUntilDoneAsync(name, duration, lost, done.Token);
        try
        {
            await work(lost.Token);
        }
        finally
        {
            await done.CancelAsync();
            await renewing;
            try { await ReleaseAsync(name, Holder, CancellationToken.None); }
            catch (Exception e) when (DatabaseUnavailable.Is(e)) { /* it expires on its own */ }
        }
        return true;
    }

    private async Task RenewUntilDoneAsync(string name, TimeSpan duration, CancellationTokenSource lost, CancellationToken done)
    {
        try
        {
            while (true)
            {
                await Task.Delay(duration / 3, time, done);
                if (await RenewAsync(name, Holder, duration, done)) continue;
                logger?.LogWarning("Bail « {Lease} » perdu : le travail en cours est interrompu.", name);
                await lost.CancelAsync();
                return;
            }
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested) { }
        catch (Exception e) when (DatabaseUnavailable.Is(e))
        {
            logger?.LogWarning("Bail « {Lease} » non renouvelé (base injoignable) : le travail en cours est interrompu.", name);
            await lost.CancelAsync();
        }
    }

    private static void Validate(string name, string holder, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(name.Length, Lease.NameMaxLength, nameof(name));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(holder.Length, Lease.HolderMaxLength, nameof(holder));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero, nameof(duration));
    }
}

using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CityDiplomacy.Accounts;

/// <summary>Settings of the « SignIn » section.</summary>
public sealed class SignInThrottleOptions
{
    public const string Section = "SignIn";

    /// <summary>Sign-in attempts one client address may make per minute (a burst of as many, then one by one).</summary>
    public int AttemptsPerMinutePerAddress { get; set; } = 20;

    /// <summary>Failures of one account from one address before each next attempt waits.</summary>
    public int FreeFailures { get; set; } = 5;

    /// <summary>The first wait, doubled at each further failure.</summary>
    public int FirstDelaySeconds { get; set; } = 30;

    /// <summary>The longest wait.</summary>
    public int MaxDelayMinutes { get; set; } = 15;
}

/// <summary>
/// Sign-in throttling, in memory of each instance. Two limits, both answered by 429 with Retry-After:
/// <list type="bullet">
/// <item>per client address: a token bucket over every attempt, whatever the account (password spraying);</item>
/// <item>per account and address: after <see cref="SignInThrottleOptions.FreeFailures"/> failures each next attempt waits,
/// 30 s then twice as long each time, up to 15 min (password guessing). A success clears it.</item>
/// </list>
/// No account is ever locked: a stranger's failures delay the stranger's own address, never the owner signing in from
/// theirs (docs/deployment.md, « Connexion »). The account key is the address typed, whether an account has it or not, so the answers
/// do not tell which addresses have one.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    private const int MaxTracked = 100_000;

    private readonly SignInThrottleOptions _options;
    private readonly TimeProvider _time;
    private readonly PartitionedRateLimiter<string> _perAddress;
    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    private sealed record Failures(int Count, DateTimeOffset Last);

    public SignInThrottle(IOptions<SignInThrottleOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        if (_options.AttemptsPerMinutePerAddress < 1 || _options.FreeFailures < 1 || _options.FirstDelaySeconds < 1 || _options.MaxDelayMinutes < 1)
            throw new InvalidOperationException("SignIn : AttemptsPerMinutePerAddress, FreeFailures, FirstDelaySeconds et MaxDelayMinutes doivent être au moins 1.");
        var perMinute = _options.AttemptsPerMinutePerAddress;
        _perAddress = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(60.0 / perMinute),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>How long this attempt must wait, or null when it may go on (it then counts against the address).</summary>
    public TimeSpan? Wait(string address, string account)
    {
        if (_failures.TryGetValue(Key(address, account), out var failures) && Delay(failures.Count) is { } delay)
        {
            var remaining = failures.Last + delay - _time.GetUtcNow();
            if (remaining > TimeSpan.Zero) return remaining;
        }
        using var lease = _perAddress.AttemptAcquire(address);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
    }

    public void Failed(string address, string account)
    {
        var now = _time.GetUtcNow();
        if (_failures.Count >= MaxTracked) Forget(now);
        _failures.AddOrUpdate(Key(address, account), _ => new Failures(1, now), (_, f) => new Failures(f.Count + 1, now));
    }

    public void Succeeded(string address, string account) => _failures.TryRemove(Key(address, account), out _);

    /// <summary>The wait after that many failures: none while they are free, then 30 s, 60 s… up to the maximum.</summary>
    internal TimeSpan? Delay(int failures)
    {
        if (failures < _options.FreeFailures) return null;
        var doublings = Math.Min(failures - _options.FreeFailures, 20);
        var seconds = Math.Min(_options.FirstDelaySeconds * Math.Pow(2, doublings), _options.MaxDelayMinutes * 60.0);
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>Drops what no longer delays anyone (bounded memory under a flood of invented addresses).</summary>
    private void Forget(DateTimeOffset now)
    {
        var longest = TimeSpan.FromMinutes(_options.MaxDelayMinutes);
        foreach (var (key, failures) in _failures)
            if (now - failures.Last > longest) _failures.TryRemove(key, out _);
    }

    private static string Key(string address, string account) => address + "|" + account.Trim().ToUpperInvariant();

    public void Dispose() => _perAddress.Dispose();
}

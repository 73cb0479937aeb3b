using Microsoft.Extensions.Time.Testing;

namespace CityDiplomacy.Tests.Infrastructure;

/// <summary>
/// The time of the tests: a <see cref="FakeTimeProvider"/> at a fixed instant, so that what a test writes and asserts
/// does not depend on the day it runs. A test that needs time to pass calls <c>Advance</c>.
/// </summary>
public static class TestClock
{
    /// <summary>Monday 15 June 2026, 08:00 UTC.</summary>
    public static readonly DateTimeOffset Start = new(2026, 6, 15, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A new clock at <see cref="Start"/>, for one test.</summary>
    public static FakeTimeProvider Create() => new(Start);

    /// <summary><see cref="Start"/> as the UTC <see cref="DateTime"/> entities store.</summary>
    public static DateTime UtcNow => Start.UtcDateTime;
}

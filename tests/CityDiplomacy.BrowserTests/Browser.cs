using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(CityDiplomacy.BrowserTests.Browser))]

namespace CityDiplomacy.BrowserTests;

/// <summary>
/// Debian's Chromium driven by Playwright, never a downloaded browser. The executable comes from
/// <c>CITYDIPLOMACY_TEST_CHROMIUM</c>, else <c>/usr/bin/chromium</c>; without one the browser tests skip.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public const string ChromiumVariable = "CITYDIPLOMACY_TEST_CHROMIUM";
    public const string DebianChromium = "/usr/bin/chromium";
    public const string AbsentReason =
        "Chromium absent: install Debian's chromium package or set " + ChromiumVariable;

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _chromium;

    /// <summary>The Chromium executable to drive, or null when none is installed.</summary>
    public static string? ChromiumPath()
    {
        var configured = Environment.GetEnvironmentVariable(ChromiumVariable);
        if (!string.IsNullOrWhiteSpace(configured))
            return File.Exists(configured) ? configured : null;
        return File.Exists(DebianChromium) ? DebianChromium : null;
    }

    public async ValueTask InitializeAsync()
    {
        if (ChromiumPath() is not { } path) return;
        _playwright = await Playwright.CreateAsync();
        _chromium = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = path,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh, isolated browser profile (no cookies, no cache) for one test; skips the test without Chromium.</summary>
    public async Task<IBrowserContext> NewContextAsync(RunningApp app, bool javaScriptEnabled = true)
    {
        if (_chromium is null) Assert.Skip(AbsentReason);
        var context = await _chromium.NewContextAsync(new()
        {
            BaseURL = app.BaseUrl.ToString(),
            JavaScriptEnabled = javaScriptEnabled,
            Locale = "fr-FR",
            ViewportSize = new() { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(30_000);
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        if (_chromium is not null) await _chromium.DisposeAsync();
        _playwright?.Dispose();
    }
}

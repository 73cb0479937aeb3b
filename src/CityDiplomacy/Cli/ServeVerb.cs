namespace CityDiplomacy.Cli;

internal static class ServeVerb
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>Configuration sections that « serve » accepts as « --Section:Key=value ».</summary>
    public static readonly string[] ConfigurationRoots =
        ["Database", "ConnectionStrings", "DataDir", "Demo", "PublicCache", "RateLimiting", "Proxy", "Api", "DataProtection", "Logging", "Kestrel", "AllowedHosts", "urls", "environment", "contentRoot", "applicationName"];

    public static async Task<int> RunAsync(CliInvocation invocation)
    {
        var app = WebApp.Build([.. invocation.Values(CliInvocation.ConfigurationArguments)], Overrides(invocation));
        await app.RunAsync();
        return 0;
    }

    /// <summary>The options as settings; « --no-demo » wins over Demo:Enabled, which appsettings.json turns on.</summary>
    internal static IEnumerable<KeyValuePair<string, string?>> Overrides(CliInvocation invocation) =>
        invocation.Flag("--no-demo")
            ? invocation.ConfigurationOverrides().Append(new(Demo.DemoData.EnabledSetting, "false"))
            : invocation.ConfigurationOverrides();
}

namespace CityDiplomacy.Cli;

internal static class ServeVerb
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>Configuration sections that « serve » accepts as « --Section:Key=value ».</summary>
    public static readonly string[] ConfigurationRoots =
        ["Database", "ConnectionStrings", "DataDir", "Logging", "Kestrel", "AllowedHosts", "urls", "environment", "contentRoot", "applicationName"];

    public static async Task<int> RunAsync(CliInvocation invocation)
    {
        var app = WebApp.Build([.. invocation.Values(CliInvocation.ConfigurationArguments)], invocation.ConfigurationOverrides());
        await app.RunAsync();
        return 0;
    }
}

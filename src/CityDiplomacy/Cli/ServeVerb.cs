namespace CityDiplomacy.Cli;

internal static class ServeVerb
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>Configuration sections that « serve » accepts as « --Section:Key=value ».</summary>
    public static readonly string[] ConfigurationRoots =
        ["Database", "Startup", "Shutdown", "ConnectionStrings", "DataDir", "Demo", "Directory", "PublicCache", "RateLimiting", "Places", "Proxy", "Api", "DataProtection", "SignIn", "Screening", "Wikidata", "Logging", "Kestrel", "AllowedHosts", "urls", "environment", "contentRoot", "applicationName"];

    public static async Task<int> RunAsync(CliInvocation invocation)
    {
        var app = WebApp.Build([.. invocation.Values(CliInvocation.ConfigurationArguments)], Overrides(invocation));
        var startup = app.Services.GetRequiredService<Data.StartupState>();
        try
        {
            await app.RunAsync();
        }
        catch (OperationCanceledException) when (startup.Failure is not null)
        {
            // The refused start-up stopped the host while Kestrel was still binding: the failure below says why.
        }
        // The start-up work failed or was refused (« --no-migrate » on a database that is not up to date): the host stopped.
        if (startup.Failure is { } failure)
        {
            await invocation.Error.WriteLineAsync($"CityDiplomacy serve : {failure}");
            return 1;
        }
        return 0;
    }

    /// <summary>
    /// The options as settings; « --no-demo » and « --no-directory » win over Demo:Enabled and Directory:Enabled,
    /// which appsettings.json turns on.
    /// </summary>
    internal static IEnumerable<KeyValuePair<string, string?>> Overrides(CliInvocation invocation)
    {
        var overrides = invocation.ConfigurationOverrides();
        if (invocation.Flag("--no-demo")) overrides = overrides.Append(new(Demo.DemoData.EnabledSetting, "false"));
        if (invocation.Flag("--no-migrate")) overrides = overrides.Append(new(Data.StartupWork.MigrateSetting, "false"));
        if (invocation.Flag("--no-directory")) overrides = overrides.Append(new(Imports.DirectoryLoader.EnabledSetting, "false"));
        return overrides;
    }
}

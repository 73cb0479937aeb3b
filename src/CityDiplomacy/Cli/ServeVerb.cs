namespace CityDiplomacy.Cli;

internal static class ServeVerb
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static async Task<int> RunAsync(CliInvocation invocation)
    {
        var app = WebApp.Build(invocation.ConfigurationOverrides());
        await app.RunAsync();
        return 0;
    }
}

using CityDiplomacy.Data;
using CityDiplomacy.Reference;
using CityDiplomacy.Screening;
using Microsoft.Extensions.Options;

namespace CityDiplomacy.Cli;

/// <summary>
/// « migrate »: the start-up work of « serve » as a deploy step, under the same lock, so that instances started
/// afterwards with « serve --no-migrate » find the database ready and start at once.
/// </summary>
internal static class MigrateVerb
{
    public static async Task<int> RunAsync(CliInvocation invocation)
    {
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(Verbs.Configuration(invocation))
            .AddInMemoryCollection(ServeVerb.Overrides(invocation))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.AddProvider(new WriterLoggerProvider(invocation.Output)));
        services.AddSingleton(TimeProvider.System);
        var options = Verbs.DatabaseOptions(invocation);
        services.AddSingleton(Options.Create(options));
        services.AddAppDb();
        services.AddSharedKeys();
        services.AddSingleton(ReferenceSource.Embedded);
        services.AddScoped<ReferenceLoader>();
        services.AddScreening(); // the national directory step screens what it loads
        await using var provider = services.BuildServiceProvider();
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("CityDiplomacy.Migrate");
        await StartupWork.RunAsync(provider, logger, CancellationToken.None);
        await invocation.Output.WriteLineAsync("Base de données à jour : « serve --no-migrate » peut démarrer dessus.");
        return 0;
    }

    /// <summary>The start-up log, informational lines and above, on the verb's output.</summary>
    private sealed class WriterLoggerProvider(TextWriter output) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) =>
            categoryName.StartsWith("Microsoft.", StringComparison.Ordinal) ? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance : new WriterLogger(output);

        public void Dispose() { }
    }

    private sealed class WriterLogger(TextWriter output) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            lock (output) output.WriteLine(formatter(state, exception));
        }
    }
}

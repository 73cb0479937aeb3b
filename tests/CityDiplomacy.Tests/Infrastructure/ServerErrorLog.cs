using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CityDiplomacy.Tests.Infrastructure;

/// <summary>The errors a test host logged (an unhandled exception behind a 500 page), for assertion messages.</summary>
public sealed class ServerErrorLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _errors = new();

    public IReadOnlyCollection<string> Errors => _errors;

    public override string ToString() => string.Join(Environment.NewLine, _errors);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(ServerErrorLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) log._errors.Enqueue($"{category}: {formatter(state, exception)}{Environment.NewLine}{exception}");
        }
    }
}

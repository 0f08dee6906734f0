using Microsoft.Extensions.Logging;

namespace Xhs.Cli.Mcp;

/// <summary>
/// One line per event on stderr: an MCP server on stdio must keep stdout for the protocol. Messages
/// reach it already redacted (the client never logs the token); control characters are made spaces.
/// </summary>
internal sealed class StandardErrorLoggerProvider(LogLevel minimum) : ILoggerProvider
{
    private static readonly object Gate = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, minimum);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = $"xhs mcp: {logLevel.ToString().ToLowerInvariant()}: {category}: {formatter(state, exception)}" + (exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})");
            lock (Gate)
            {
                Console.Error.WriteLine(UserWriter.ForTerminal(line));
            }
        }
    }
}

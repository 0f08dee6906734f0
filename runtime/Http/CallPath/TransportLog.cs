using Microsoft.Extensions.Logging;

namespace XhsGenerated.Http.CallPath;

/// <summary>The call path's log events (category <c>XhsGenerated.JustOneApi</c>); every text is redacted before it gets here.</summary>
internal static partial class TransportLog
{
    [LoggerMessage(1, LogLevel.Debug, "{OperationId}: attempt {Attempt} to {Url}")]
    public static partial void AttemptStarting(ILogger logger, string operationId, int attempt, string url);

    [LoggerMessage(2, LogLevel.Warning, "{OperationId}: attempt {Attempt} failed, retrying in {DelayMs} ms: {Reason}")]
    public static partial void RetryScheduled(ILogger logger, string? operationId, int attempt, long delayMs, string reason);

    [LoggerMessage(3, LogLevel.Warning, "{OperationId}: switching endpoint from {From} to {To}")]
    public static partial void EndpointSwitched(ILogger logger, string operationId, string from, string to);

    [LoggerMessage(4, LogLevel.Warning, "Endpoint {Endpoint} keeps failing; skipping it for {CooldownSeconds} s")]
    public static partial void EndpointOpened(ILogger logger, string endpoint, long cooldownSeconds);

    [LoggerMessage(5, LogLevel.Error, "{OperationId} failed after {Attempts} attempt(s): {Message}")]
    public static partial void CallFailed(ILogger logger, string operationId, int attempts, string message);

    [LoggerMessage(6, LogLevel.Debug, "{OperationId} succeeded after {Attempts} attempt(s)")]
    public static partial void CallSucceeded(ILogger logger, string operationId, int attempts);

    [LoggerMessage(7, LogLevel.Warning, "{OperationId}: the server's notice: {Notice}")]
    public static partial void ServerNotice(ILogger logger, string operationId, string notice);

    [LoggerMessage(8, LogLevel.Warning, "{OperationId}: the answer could not be recorded: {Reason}")]
    public static partial void RecordFailed(ILogger logger, string operationId, string reason);
}

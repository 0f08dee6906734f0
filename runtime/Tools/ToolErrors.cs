using System;
using System.ComponentModel;
using System.Globalization;

namespace XhsGenerated.Tools;

/// <summary>
/// What a failed call means for an agent, and what it should do next: one short paragraph per kind of
/// failure, built from the typed exception (already redacted: it never holds the token). Generated MCP
/// tools return it as a tool error (<c>isError: true</c>).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ToolErrors
{
    /// <summary>The advice for a failed call.</summary>
    /// <param name="exception">What the client threw.</param>
    /// <param name="time">The clock, for the time left until the daily quota resets.</param>
    /// <returns>A message for the agent.</returns>
    public static string Describe(JustOneApiException exception, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var attempts = exception.Attempts > 1 ? $" after {exception.Attempts.ToString(CultureInfo.InvariantCulture)} attempts" : "";
        var api = string.IsNullOrWhiteSpace(exception.ApiMessage) ? "" : $" The API said: {exception.ApiMessage}";
        return exception switch
        {
            InvalidTokenException => "The Just One API token is invalid or inactive (code 100). Retrying will not help: whoever runs this server must set a valid JUSTONEAPI_TOKEN.",
            CollectionFailedException => $"The API could not collect the data (code 301){attempts}; it was already retried. Try again in a few minutes, or with other arguments.",
            RateLimitExceededException => $"The token's rate limit was exceeded (code 302){attempts}. Wait {Wait(exception.RetryAfter, TimeSpan.FromSeconds(30))} before the next call, and make calls one at a time.",
            DailyQuotaExceededException => $"The token's daily quota is used up (code 303). No call will succeed until the quota resets at 00:00 UTC, in {Wait(UntilMidnight(time), TimeSpan.FromHours(1))}.",
            InvalidParametersException => $"The API refused the arguments (code 400).{api} Check the arguments against the tool's input schema (for example a keyword that is empty or a page out of range) and call again with corrected ones.",
            PermissionDeniedException => "This token may not call this operation (code 600). Retrying will not help: the token's plan must include it.",
            InsufficientBalanceException => "The account's balance is insufficient (code 601). Retrying will not help until the account is topped up.",
            SpendLimitReachedException => "The token's spend limit is reached (code 602). Retrying will not help: whoever runs this server must raise the limit in the Just One API console.",
            CallBudgetExceededException => "This server's daily call budget is spent. No call will be sent until 00:00 UTC; tell the user.",
            ClientRateLimitedException => "Too many calls are waiting in this server's own rate limiter. Wait a little and make calls one at a time.",
            JustOneApiTimeoutException => $"The API did not answer in time{attempts}. It can be slow; try again in a minute.",
            JustOneApiTransportException => $"The API could not be reached{attempts}. Try again in a minute.",
            JustOneApiProtocolException => $"The API answered with something that is not its usual answer{attempts}. Try again later; if it persists, the endpoint may be wrong.",
            { BusinessCode: { } code } => $"The API answered with code {code.ToString(CultureInfo.InvariantCulture)}{attempts}.{api}" + (exception.IsTransient ? " This is transient: try again later." : " Retrying the same call will not help."),
            _ => exception.Message,
        };
    }

    /// <summary>The advice for arguments the client refused before sending (a bound, a required value).</summary>
    /// <param name="tool">The tool's name.</param>
    /// <param name="exception">What the generated method threw.</param>
    /// <returns>A message that names the argument.</returns>
    public static string DescribeArgument(string tool, ArgumentException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        var cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        message = cut >= 0 ? message[..cut] : message;
        return exception.ParamName is { Length: > 0 } name
            ? $"{tool}: argument '{name}' is not usable: {message}"
            : $"{tool}: {message}";
    }

    private static TimeSpan? UntilMidnight(TimeProvider? time)
    {
        var now = (time ?? TimeProvider.System).GetUtcNow();
        return now.Date.AddDays(1) - now.UtcDateTime;
    }

    private static string Wait(TimeSpan? wait, TimeSpan fallback)
    {
        var span = wait is { } w && w > TimeSpan.Zero ? w : fallback;
        return span.TotalSeconds < 1.5
            ? "1 second"
            : span.TotalSeconds < 90
            ? $"{Math.Ceiling(span.TotalSeconds).ToString(CultureInfo.InvariantCulture)} seconds"
            : span.TotalMinutes < 90
                ? $"{Math.Ceiling(span.TotalMinutes).ToString(CultureInfo.InvariantCulture)} minutes"
                : $"{Math.Round(span.TotalHours, 1).ToString(CultureInfo.InvariantCulture)} hours";
    }
}

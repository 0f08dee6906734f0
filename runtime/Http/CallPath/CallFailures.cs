using System;
using System.Globalization;
using Polly.RateLimiting;
using Polly.Timeout;

namespace XhsGenerated.Http.CallPath;

/// <summary>
/// What a failed call surfaces: the typed exception for whatever the pipeline threw (the last failure
/// met when the budget ran out, a limiter's refusal, never an untyped or unredacted exception), and
/// the outcome tag that names it in telemetry.
/// </summary>
internal sealed class CallFailures
{
    private readonly JustOneApiOptions _options;
    private readonly TokenRedactor _redactor;

    public CallFailures(JustOneApiOptions options, TokenRedactor redactor)
    {
        _options = options;
        _redactor = redactor;
    }

    /// <summary>The telemetry outcome of a failure: <c>code_N</c>, <c>timeout</c>, <c>transport</c> or <c>protocol</c>.</summary>
    public static string Outcome(JustOneApiException failure) => failure switch
    {
        { BusinessCode: { } code } => "code_" + code.ToString(CultureInfo.InvariantCulture),
        JustOneApiTimeoutException => "timeout",
        JustOneApiTransportException => "transport",
        _ => "protocol",
    };

    /// <summary>The exception to throw for what the pipeline threw: the last typed failure, with the attempt count.</summary>
    public JustOneApiException Surface<T>(Call<T> call, Exception thrown)
        where T : JustOneApiResponse
    {
        var failure = thrown switch
        {
            JustOneApiException api => api,

            // The call's budget ran out: report the last failure it met.
            TimeoutRejectedException or OperationCanceledException when call.Last is not null => call.Last,
            TimeoutRejectedException or OperationCanceledException => new JustOneApiTimeoutException(
                $"{call.Describe()} did not complete within its time budget (AttemptTimeout {_options.AttemptTimeout}, TotalTimeout {_options.TotalTimeout}). Raise them in JustOneApiOptions or try again later.",
                call.Details() with { IsTransient = true }),

            RateLimiterRejectedException => new ClientRateLimitedException(
                $"{call.Describe()} was refused by the client's own limiter (RequestsPerSecond, MaxConcurrentRequests): its queue is full. Try again later or raise the limits.",
                call.Details() with { IsTransient = true }),

            // Not expected: keep the type and a redacted message, never the original (it may hold the URL).
            _ => new JustOneApiException(
                $"{call.Describe()} failed unexpectedly: {thrown.GetType().Name}: {_redactor.Redact(thrown.Message)}",
                call.Details()),
        };
        failure.Attempts = Math.Max(1, call.Attempts);
        return failure;
    }
}

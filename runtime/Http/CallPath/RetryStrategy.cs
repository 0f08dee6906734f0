using System;
using System.Collections.Generic;
using System.Net;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace XhsGenerated.Http.CallPath;

/// <summary>
/// Which failures are retried and after how long (Polly's retry strategy): transient ones only, with
/// exponential backoff and jitter, a longer base for rate limits unless the adaptive rate paces the
/// retry, a <c>Retry-After</c> honoured when longer, and none that the call's time budget could not wait for.
/// </summary>
internal static class RetryStrategy
{
    public static RetryStrategyOptions Options(JustOneApiOptions options, ILogger logger) => new()
    {
        Name = "Retry",
        MaxRetryAttempts = options.MaxAttempts - 1,
        ShouldHandle = static args => ValueTask.FromResult(ShouldRetry(args.Outcome.Exception, args.Context)),
        DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Delay(options, args.Outcome.Exception, args.AttemptNumber)),
        OnRetry = args =>
        {
            var call = args.Context.Properties.GetValue(ICall.Key, null!);
            var reason = call?.Last?.Message ?? "timeout";
            JustOneApiTelemetry.Retries.Add(1, new KeyValuePair<string, object?>("justoneapi.operation", call?.OperationId), new KeyValuePair<string, object?>("justoneapi.outcome", call?.Last is { } last ? CallFailures.Outcome(last) : "timeout"));
            TransportLog.RetryScheduled(logger, call?.OperationId, args.AttemptNumber + 1, (long)args.RetryDelay.TotalMilliseconds, reason);
            return default;
        },
    };

    /// <summary>Transient failures only, and only while a <c>Retry-After</c> fits in what is left of the call's budget.</summary>
    public static bool ShouldRetry(Exception? exception, ResilienceContext context)
    {
        if (exception is not JustOneApiException { IsTransient: true } || context.CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        var call = context.Properties.GetValue(ICall.Key, null!);
        return exception is not JustOneApiException { RetryAfter: { } after } || call is null || after < call.Remaining;
    }

    /// <summary>The wait before retry number <paramref name="retryIndex"/> (0 for the first retry).</summary>
    public static TimeSpan Delay(JustOneApiOptions options, Exception? exception, int retryIndex)
    {
        var rateLimited = exception is RateLimitExceededException || (exception as JustOneApiException)?.HttpStatusCode == HttpStatusCode.TooManyRequests;

        // With a rate (RequestsPerSecond), the adaptive limiter has just slowed every caller of the token
        // and paces the retry like any request: holding it the longer rate-limit delay on top would only
        // idle the caller (at twice the server's limit, every slot of a harvest sat out 5 s at the start).
        var baseDelay = rateLimited && options.RequestsPerSecond is null ? options.RateLimitBaseDelay : options.RetryBaseDelay;
        var exponential = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retryIndex, 30));
        var jittered = exponential * (0.8 + (0.4 * Random.Shared.NextDouble()));
        var delay = TimeSpan.FromMilliseconds(Math.Min(jittered, options.MaxRetryDelay.TotalMilliseconds));
        return exception is JustOneApiException { RetryAfter: { } after } && after > delay ? after : delay;
    }
}

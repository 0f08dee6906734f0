using System;
using System.Collections.Generic;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.RateLimiting;
using XhsGenerated.Scaling;

namespace XhsGenerated.Http.CallPath;

/// <summary>
/// <see cref="JustOneApiOptions.MaxConcurrentRequests"/> and <see cref="JustOneApiOptions.RequestsPerSecond"/>:
/// a slot in the process, then a permit of the token's rate (shared through the coordination when
/// there is one). Callers queue in order; waits and refusals are measured.
/// </summary>
internal sealed class Limiters : IDisposable
{
    private readonly TimeProvider _time;

    public Limiters(JustOneApiOptions options, string tokenKey, ILogger logger)
    {
        _time = options.TimeProvider;
        if (options.MaxConcurrentRequests is { } concurrency)
        {
            Concurrency = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = concurrency, QueueLimit = int.MaxValue, QueueProcessingOrder = QueueProcessingOrder.OldestFirst });
        }

        if (options.RequestsPerSecond is { } rate)
        {
            // The configured rate is the ceiling; a 302 slows it for every caller, then it probes back up.
            var local = new AdaptiveRateLimiter(LocalRate(rate), rate, options.TimeProvider);
            Rate = options.Coordination?.CreateRateLimiter(tokenKey, rate, local, logger) ?? local;
            _ceiling = rate;
        }
    }

    private readonly double? _ceiling;

    /// <summary>The rate in force now: the ceiling, or less after the server said 302; null without a rate.</summary>
    public double? CurrentRate => _ceiling * ((Rate as IRateLimitFeedback)?.Factor ?? 1);

    /// <summary>A failed attempt: when the server said 302, the token's rate backs off (for every process when the limiter is shared).</summary>
    public void Observe(JustOneApiException failure)
    {
        if (failure is RateLimitExceededException && Rate is IRateLimitFeedback feedback)
        {
            var before = feedback.Factor;
            feedback.RateLimited();
            if (feedback.Factor < before && JustOneApiTelemetry.RateBackoffs.Enabled)
            {
                JustOneApiTelemetry.RateBackoffs.Add(1);
            }
        }
    }

    public RateLimiter? Concurrency { get; }

    public RateLimiter? Rate { get; }

    /// <summary>Adds the configured limiters to a pipeline, the process's slot first.</summary>
    public void AddTo(ResiliencePipelineBuilder builder)
    {
        if (Concurrency is { } concurrency)
        {
            builder.AddRateLimiter(new RateLimiterStrategyOptions { Name = "Concurrency", RateLimiter = args => AcquireAsync(concurrency, "concurrency", args.Context) });
        }

        if (Rate is { } rate)
        {
            builder.AddRateLimiter(new RateLimiterStrategyOptions { Name = "Rate", RateLimiter = args => AcquireAsync(rate, "rate", args.Context) });
        }
    }

    /// <summary>
    /// Strict shaping: a permit every 1/rate seconds, callers queue in order. Timers tick in
    /// milliseconds, so above 100/s the bucket refills every 10 ms with that many permits.
    /// </summary>
    private static TokenBucketRateLimiter LocalRate(double rate)
    {
        var tokensPerPeriod = (int)Math.Clamp(Math.Round(rate / 100), 1, int.MaxValue);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = tokensPerPeriod,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond * tokensPerPeriod / rate)),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    /// <summary>Waits for a permit, recording the wait and any rejection.</summary>
    private async ValueTask<RateLimitLease> AcquireAsync(RateLimiter limiter, string kind, ResilienceContext context)
    {
        var started = _time.GetTimestamp();
        var lease = await limiter.AcquireAsync(1, context.CancellationToken).ConfigureAwait(false);
        var operation = context.Properties.GetValue(ICall.Key, null!)?.OperationId;
        if (JustOneApiTelemetry.LimiterWait.Enabled)
        {
            JustOneApiTelemetry.LimiterWait.Record(
                _time.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("justoneapi.operation", operation),
                new KeyValuePair<string, object?>("justoneapi.limiter", kind));
        }

        if (!lease.IsAcquired)
        {
            JustOneApiTelemetry.LimiterRejections.Add(1, new KeyValuePair<string, object?>("justoneapi.operation", operation), new KeyValuePair<string, object?>("justoneapi.limiter", kind));
        }

        return lease;
    }

    public void Dispose()
    {
        Concurrency?.Dispose();
        Rate?.Dispose();
    }
}

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace XhsGenerated.Http;

/// <summary>
/// The library's <see cref="ActivitySource"/> and <see cref="Meter"/>, both named <c>XhsGenerated</c>:
/// add that name to OpenTelemetry's tracing and metrics. Tags never hold the token or the query string.
/// </summary>
public static class JustOneApiTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "XhsGenerated";

    internal static readonly ActivitySource ActivitySource = new(Name, typeof(JustOneApiTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Meter Meter = new(Name, typeof(JustOneApiTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Requests sent (one per attempt), tagged with operation, endpoint and outcome.</summary>
    internal static readonly Counter<long> Requests = Meter.CreateCounter<long>("justoneapi.client.requests", "{request}", "HTTP requests sent to Just One API, one per attempt.");

    /// <summary>Retries scheduled, tagged with operation and reason.</summary>
    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>("justoneapi.client.retries", "{retry}", "Retries scheduled after a transient failure.");

    /// <summary>Time spent waiting for a limiter's permit, tagged with operation and limiter (<c>rate</c>, <c>concurrency</c>).</summary>
    internal static readonly Histogram<double> LimiterWait = Meter.CreateHistogram<double>("justoneapi.client.limiter.wait", "s", "Time a request waited for the client's rate or concurrency limiter.");

    /// <summary>Requests the client's own limiters refused, tagged with operation and limiter.</summary>
    internal static readonly Counter<long> LimiterRejections = Meter.CreateCounter<long>("justoneapi.client.limiter.rejections", "{request}", "Requests refused by the client's own rate or concurrency limiter.");

    /// <summary>Times the token's rate backed off after a code 302 (it then probes back up to RequestsPerSecond).</summary>
    internal static readonly Counter<long> RateBackoffs = Meter.CreateCounter<long>("justoneapi.client.rate.backoffs", "{backoff}", "Times the rate backed off after the server said 302.");

    /// <summary>Calls answered from the response cache, tagged with operation.</summary>
    internal static readonly Counter<long> CacheHits = Meter.CreateCounter<long>("justoneapi.client.cache.hits", "{call}", "Calls answered from the response cache.");

    /// <summary>Whole-call durations, tagged with operation and outcome.</summary>
    internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("justoneapi.client.call.duration", "s", "Duration of client calls, retries included.");
}

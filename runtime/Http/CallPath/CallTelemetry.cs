using System;
using System.Collections.Generic;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace XhsGenerated.Http.CallPath;

/// <summary>
/// The call's trace, metrics and log lines: an activity per call (operation, attempts, outcome,
/// business code), the call's duration, a request counted per attempt. Tags carry names and codes,
/// never a URL's query or the token.
/// </summary>
internal sealed class CallTelemetry
{
    private readonly ILogger _logger;

    public CallTelemetry(ILogger logger) => _logger = logger;

    /// <summary>Starts the call's activity (null when nobody listens).</summary>
    public static Activity? Start(JustOneApiRequest request)
    {
        var activity = JustOneApiTelemetry.ActivitySource.StartActivity("JustOneApi " + request.OperationId, ActivityKind.Client);
        activity?.SetTag("justoneapi.operation", request.OperationId);
        return activity;
    }

    public void Succeeded(ICall call, int attempts) => TransportLog.CallSucceeded(_logger, call.OperationId, attempts);

    public void Failed(Activity? activity, ICall call, int attempts, JustOneApiException failure)
    {
        activity?.SetStatus(ActivityStatusCode.Error, failure.Message);
        activity?.SetTag("justoneapi.code", failure.BusinessCode);
        TransportLog.CallFailed(_logger, call.OperationId, attempts, failure.Message);
    }

    /// <summary>Closes the call: its attempts and outcome on the activity, its duration in the histogram.</summary>
    public static void Ended(Activity? activity, string operationId, int attempts, string outcome, TimeSpan elapsed)
    {
        activity?.SetTag("justoneapi.attempts", attempts);
        activity?.SetTag("justoneapi.outcome", outcome);
        if (JustOneApiTelemetry.Duration.Enabled)
        {
            JustOneApiTelemetry.Duration.Record(
                elapsed.TotalSeconds,
                new KeyValuePair<string, object?>("justoneapi.operation", operationId),
                new KeyValuePair<string, object?>("justoneapi.outcome", outcome));
        }
    }

    /// <summary>Counts one request sent, with where it went and how it ended.</summary>
    public static void AttemptEnded(string operationId, Uri endpoint, string outcome)
    {
        if (JustOneApiTelemetry.Requests.Enabled)
        {
            JustOneApiTelemetry.Requests.Add(
                1,
                new KeyValuePair<string, object?>("justoneapi.operation", operationId),
                new KeyValuePair<string, object?>("justoneapi.endpoint", endpoint.GetLeftPart(UriPartial.Authority)),
                new KeyValuePair<string, object?>("justoneapi.outcome", outcome));
        }
    }
}

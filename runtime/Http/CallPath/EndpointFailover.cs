using System;
using Microsoft.Extensions.Logging;

namespace XhsGenerated.Http.CallPath;

/// <summary>
/// Endpoint choice across a call's attempts: the selector's first endpoint that has not failed in this
/// call, a switch logged when it moves, and each answer's verdict reported back so that a failing
/// endpoint leaves the rotation for <see cref="JustOneApiOptions.EndpointCooldown"/>.
/// </summary>
internal sealed class EndpointFailover
{
    private readonly EndpointSelector _selector;
    private readonly TimeSpan _cooldown;
    private readonly ILogger _logger;

    public EndpointFailover(EndpointSelector selector, TimeSpan cooldown, ILogger logger)
    {
        _selector = selector;
        _cooldown = cooldown;
        _logger = logger;
    }

    /// <summary>The endpoint for the call's next attempt.</summary>
    public Uri Choose<T>(Call<T> call)
        where T : JustOneApiResponse
    {
        var endpoint = _selector.Select(call.FailedEndpoints);
        if (call.PreviousEndpoint is { } previous && endpoint != previous)
        {
            TransportLog.EndpointSwitched(_logger, call.OperationId, previous.GetLeftPart(UriPartial.Authority), endpoint.GetLeftPart(UriPartial.Authority));
        }

        call.PreviousEndpoint = endpoint;
        return endpoint;
    }

    /// <summary>The endpoint answered (the envelope, or anything below 500).</summary>
    public void Succeeded(Uri endpoint) => _selector.ReportSuccess(endpoint);

    /// <summary>The endpoint failed: a transport failure, a timeout or a 5xx.</summary>
    public void Failed<T>(Call<T> call, Uri endpoint)
        where T : JustOneApiResponse
    {
        call.AddFailedEndpoint(endpoint);
        if (_selector.ReportFailure(endpoint))
        {
            TransportLog.EndpointOpened(_logger, endpoint.GetLeftPart(UriPartial.Authority), (long)_cooldown.TotalSeconds);
        }
    }
}

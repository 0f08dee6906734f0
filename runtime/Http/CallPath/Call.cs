using System;
using System.Buffers;
using System.Collections.Generic;
using System.Threading;
using Polly;

namespace XhsGenerated.Http.CallPath;

/// <summary>What the call's resilience strategies (retry, limiters) read of a call, whatever its response type.</summary>
internal interface ICall
{
    /// <summary>Where the resilience context carries the call.</summary>
    static readonly ResiliencePropertyKey<ICall> Key = new("XhsGenerated.Call");

    string OperationId { get; }

    /// <summary>The last typed failure an attempt met, if any.</summary>
    JustOneApiException? Last { get; }

    /// <summary>What is left of <see cref="JustOneApiOptions.TotalTimeout"/>.</summary>
    TimeSpan Remaining { get; }
}

/// <summary>
/// One call across its attempts: the request, how to read its body, how many attempts were made, the
/// last failure and the endpoints that failed. Every stage reads and writes the call through this.
/// </summary>
/// <typeparam name="T">The generated response type.</typeparam>
internal sealed class Call<T> : ICall
    where T : JustOneApiResponse
{
    private readonly JustOneApiSequenceParser<T> _parser;
    private readonly TimeProvider _time;
    private readonly TimeSpan _totalTimeout;
    private readonly long _started;
    private List<Uri>? _failedEndpoints;
    private int _attempts;

    public Call(JustOneApiTransport transport, JustOneApiRequest request, JustOneApiSequenceParser<T> parser, TimeProvider time, TimeSpan totalTimeout, CancellationToken callerToken)
    {
        Transport = transport;
        Request = request;
        _parser = parser;
        _time = time;
        _totalTimeout = totalTimeout;
        CallerToken = callerToken;
        _started = time.GetTimestamp();
    }

    /// <summary>The transport that runs the call's attempts.</summary>
    public JustOneApiTransport Transport { get; }

    public JustOneApiRequest Request { get; }

    public string OperationId => Request.OperationId;

    /// <summary>The caller's token: a cancellation from it is the caller's, never a timeout.</summary>
    public CancellationToken CallerToken { get; }

    public int Attempts => Volatile.Read(ref _attempts);

    public JustOneApiException? Last { get; set; }

    public TimeSpan Elapsed => _time.GetElapsedTime(_started);

    public TimeSpan Remaining => _totalTimeout - Elapsed;

    /// <summary>Endpoints that failed during this call (the next attempt avoids them).</summary>
    public IReadOnlyCollection<Uri>? FailedEndpoints => _failedEndpoints;

    /// <summary>The endpoint of the previous attempt.</summary>
    public Uri? PreviousEndpoint { get; set; }

    /// <summary>Whether to keep the successful answer's body (for the cache).</summary>
    public bool KeepBody { get; init; }

    /// <summary>The successful answer's body, when <see cref="KeepBody"/>.</summary>
    public byte[]? Body { get; set; }

    /// <summary>The response this call's own request produced (null on a cache hit).</summary>
    public T? Result { get; set; }

    /// <summary>Counts an attempt and returns its number (1 for the first).</summary>
    public int StartAttempt() => Interlocked.Increment(ref _attempts);

    public T Parse(in ReadOnlySequence<byte> body) => _parser(body);

    /// <summary>Remembers that an endpoint failed in this call.</summary>
    /// <returns>False if it had already failed in this call.</returns>
    public bool AddFailedEndpoint(Uri endpoint)
    {
        _failedEndpoints ??= new List<Uri>(2);
        if (_failedEndpoints.Contains(endpoint))
        {
            return false;
        }

        _failedEndpoints.Add(endpoint);
        return true;
    }

    /// <summary>The details every failure of this call starts from.</summary>
    public JustOneApiFailure Details(Uri? endpoint = null) => new(Request.OperationId, Request.Method, Request.Path)
    {
        Endpoint = endpoint is null ? null : new Uri(endpoint.GetLeftPart(UriPartial.Path)),
    };

    /// <summary>The call as messages name it: <c>operation (GET /path)</c>.</summary>
    public string Describe() => $"{Request.OperationId} ({Request.Method} {Request.Path})";
}

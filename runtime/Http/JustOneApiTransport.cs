using System;
using System.Buffers;
using System.Collections.Generic;
using System.ComponentModel;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Timeout;
using XhsGenerated.Http.CallPath;
using XhsGenerated.Scaling;

namespace XhsGenerated.Http;

/// <summary>
/// The request pipeline every generated call goes through: endpoint choice, token, per-attempt
/// timeout, the envelope read whatever the HTTP status, business codes mapped to exceptions, and
/// retries with backoff (Polly). Thread-safe; one instance serves many concurrent calls.
/// </summary>
/// <remarks>
/// Construction and composition only: each stage is a type of its own in <c>Http/CallPath</c>, and
/// <see cref="SendAsync{T}(JustOneApiRequest, JustOneApiSequenceParser{T}, CancellationToken)"/> and
/// the attempt below run them in the order of <c>docs/architecture.md</c>.
/// </remarks>
public sealed class JustOneApiTransport : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly JustOneApiOptions _options;
    private readonly EndpointSelector _selector;
    private readonly CallTelemetry _telemetry;
    private readonly CallFailures _failures;
    private readonly ResponseCache? _cache;
    private readonly Limiters _limiters;
    private readonly ResiliencePipeline _resilience;
    private readonly EndpointFailover _endpoints;
    private readonly BudgetGate? _budget;
    private readonly HttpExchange _exchange;
    private readonly ServerNotices _notices;
    private readonly ResponseRecorder? _recorder;
    private readonly EnvelopeInterpreter _interpreter;
    private readonly ILogger _logger;
    private int _disposed;

    /// <summary>Creates a transport that owns its <see cref="HttpClient"/>.</summary>
    /// <param name="options">The client's options; read once, here.</param>
    /// <param name="servers">The document's servers.</param>
    /// <param name="logger">Where to log attempts, retries and failures (redacted).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="JustOneApiConfigurationException">The options are not usable.</exception>
    public JustOneApiTransport(JustOneApiOptions options, IReadOnlyList<JustOneApiServer> servers, ILogger? logger = null)
        : this(CreateHttpClient(), ownsHttp: true, options, servers, logger)
    {
    }

    /// <summary>Creates a transport on a borrowed <see cref="HttpClient"/>, which it never disposes.</summary>
    /// <param name="httpClient">The client to send with.</param>
    /// <param name="options">The client's options; read once, here.</param>
    /// <param name="servers">The document's servers.</param>
    /// <param name="logger">Where to log attempts, retries and failures (redacted).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="JustOneApiConfigurationException">The options are not usable.</exception>
    public JustOneApiTransport(HttpClient httpClient, JustOneApiOptions options, IReadOnlyList<JustOneApiServer> servers, ILogger? logger = null)
        : this(httpClient ?? throw new ArgumentNullException(nameof(httpClient)), ownsHttp: false, options, servers, logger)
    {
    }

    private JustOneApiTransport(HttpClient http, bool ownsHttp, JustOneApiOptions options, IReadOnlyList<JustOneApiServer> servers, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(servers);
        try
        {
            options.Validate();
            _selector = new EndpointSelector(options, servers);
            _cache = ResponseCache.Create(options, TokenKey.Of(options.Token!));
        }
        catch when (ownsHttp)
        {
            http.Dispose();
            throw;
        }

        (_http, _ownsHttp, _options, _logger) = (http, ownsHttp, options, logger ??= NullLogger.Instance);
        var redactor = new TokenRedactor(options.Token!);
        var tokenKey = TokenKey.Of(options.Token!);

        _telemetry = new CallTelemetry(logger);
        _failures = new CallFailures(options, redactor);
        _limiters = new Limiters(options, tokenKey, logger);
        _resilience = BuildResilience(options, _limiters, logger);
        _endpoints = new EndpointFailover(_selector, options.EndpointCooldown, logger);
        _budget = options.DailyCallBudget is { } budget ? new BudgetGate(new CallBudget(budget, tokenKey, options.Coordination, options.TimeProvider, logger)) : null;
        _exchange = new HttpExchange(http, options, redactor, _endpoints);
        _notices = new ServerNotices(redactor, logger);
        _recorder = ResponseRecorder.Create(options, redactor, logger);
        _interpreter = new EnvelopeInterpreter(redactor, _endpoints, options.TimeProvider);
    }

    /// <summary>The endpoints in priority order (for diagnostics).</summary>
    public IReadOnlyList<Uri> Endpoints => _selector.Endpoints;

    /// <summary>The requests per second in force: <see cref="JustOneApiOptions.RequestsPerSecond"/>, or less for a while after a 302; null without a rate.</summary>
    public double? CurrentRequestsPerSecond => _limiters.CurrentRate;

    /// <summary>Sends a request, retrying transient failures, and returns the response when its code is 0.</summary>
    /// <typeparam name="T">The generated response type.</typeparam>
    /// <param name="request">What to call.</param>
    /// <param name="parser">Reads the body.</param>
    /// <param name="cancellationToken">Cancels the call, including waits between retries.</param>
    /// <returns>The response.</returns>
    /// <exception cref="JustOneApiException">A non-zero code, a protocol error, a timeout or a transport failure, after retries.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Task<T> SendAsync<T>(JustOneApiRequest request, JustOneApiResponseParser<T> parser, CancellationToken cancellationToken = default)
        where T : JustOneApiResponse
    {
        ArgumentNullException.ThrowIfNull(parser);
        return SendAsync(request, (in ReadOnlySequence<byte> body) => body.IsSingleSegment ? parser(body.FirstSpan) : parser(body.ToArray()), cancellationToken);
    }

    /// <summary>
    /// Sends a request, retrying transient failures, and returns the response when its code is 0. The
    /// body is parsed where it was read from the network, in pooled buffers, without a copy.
    /// </summary>
    /// <typeparam name="T">The generated response type.</typeparam>
    /// <param name="request">What to call.</param>
    /// <param name="parser">Reads the body.</param>
    /// <param name="cancellationToken">Cancels the call, including waits between retries.</param>
    /// <returns>The response.</returns>
    /// <exception cref="JustOneApiException">A non-zero code, a protocol error, a timeout or a transport failure, after retries.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async Task<T> SendAsync<T>(JustOneApiRequest request, JustOneApiSequenceParser<T> parser, CancellationToken cancellationToken = default)
        where T : JustOneApiResponse
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(parser);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        // 1. Telemetry around the whole call.
        using var activity = CallTelemetry.Start(request);
        var cacheDuration = _cache?.DurationFor(request.OperationId);
        var call = new Call<T>(this, request, parser, _options.TimeProvider, _options.TotalTimeout, cancellationToken) { KeepBody = cacheDuration is not null };
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(ICall.Key, call);
        var outcome = "success";
        try
        {
            T response;
            if (cacheDuration is { } duration)
            {
                // 2. The response cache, in front of everything that sends.
                response = await _cache!.GetOrSendAsync(call, duration, context, static ctx => Resilient(ctx), cancellationToken).ConfigureAwait(false);
                outcome = call.Attempts == 0 ? "cached" : outcome;
            }
            else
            {
                response = await Resilient(context).ConfigureAwait(false);
            }

            _telemetry.Succeeded(call, call.Attempts);
            return response;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var failure = _failures.Surface(call, ex);
            outcome = CallFailures.Outcome(failure);
            _telemetry.Failed(activity, call, call.Attempts, failure);
            throw failure;
        }
        catch (OperationCanceledException)
        {
            outcome = "canceled";
            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
            CallTelemetry.Ended(activity, request.OperationId, call.Attempts, outcome, call.Elapsed);
        }

        // 3-6. Total timeout, retry, concurrency and rate (Polly), around each attempt.
        static ValueTask<T> Resilient(ResilienceContext context)
        {
            var call = (Call<T>)context.Properties.GetValue(ICall.Key, null!);
            return call.Transport._resilience.ExecuteAsync(static (ctx, c) => c.Transport.AttemptAsync(c, ctx.CancellationToken), context, call);
        }
    }

    /// <summary>One attempt: 7. endpoint choice, 8. attempt timeout, 9. daily budget, 10. send and read, 11. notices, 12. record, 13. interpret.</summary>
    private async ValueTask<T> AttemptAsync<T>(Call<T> call, CancellationToken cancellationToken)
        where T : JustOneApiResponse
    {
        var attempt = call.StartAttempt();
        var endpoint = _endpoints.Choose(call);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            TransportLog.AttemptStarting(_logger, call.OperationId, attempt, call.Request.DisplayUrl(endpoint));
        }

        var outcome = "transport";

        // The attempt's own timeout, on the options' clock; the call's budget is Polly's, outside.
        using var attemptTimeout = new CancellationTokenSource(_options.AttemptTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimeout.Token);
        try
        {
            if (_budget is { } budget)
            {
                await budget.ConsumeAsync(call, linked.Token).ConfigureAwait(false);
            }

            using var answer = await _exchange.SendAsync(call, endpoint, linked.Token).ConfigureAwait(false);
            var notice = _notices.Read(call.OperationId, answer.Response);
            if (_recorder is { } recorder)
            {
                await recorder.RecordAsync(call, answer, linked.Token).ConfigureAwait(false);
            }

            var response = _interpreter.Interpret(call, endpoint, answer);
            response.Notice = notice;
            if (call.KeepBody)
            {
                call.Body = answer.Body.Sequence.ToArray();
            }

            outcome = "success";
            return response;
        }
        catch (JustOneApiException ex)
        {
            call.Last = ex;
            outcome = CallFailures.Outcome(ex);
            _limiters.Observe(ex);
            throw;
        }
        catch (OperationCanceledException) when (attemptTimeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            outcome = "timeout";
            _endpoints.Failed(call, endpoint);
            throw call.Last = new JustOneApiTimeoutException(
                $"{call.Describe()} got no answer from {endpoint.GetLeftPart(UriPartial.Authority)} within {_options.AttemptTimeout}. The API can be slow: the vendor advises at least 60 s (JustOneApiOptions.AttemptTimeout).",
                call.Details(endpoint) with { IsTransient = true });
        }
        catch (OperationCanceledException) when (!call.CallerToken.IsCancellationRequested)
        {
            // The call's time budget ran out: Polly turns this into its timeout exception.
            // Not the endpoint's fault; the failure to report stays the last one met, if any.
            outcome = "timeout";
            call.Last ??= new JustOneApiTimeoutException(
                $"{call.Describe()} did not complete within the total timeout of {_options.TotalTimeout}. Raise JustOneApiOptions.TotalTimeout or try again later.",
                call.Details(endpoint) with { IsTransient = true });
            throw;
        }
        finally
        {
            CallTelemetry.AttemptEnded(call.OperationId, endpoint, outcome);
        }
    }

    /// <summary>Disposes the <see cref="HttpClient"/> if this transport created it, and the limiters and cache.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _limiters.Dispose();
        _cache?.Dispose();
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    /// <summary>The call's budget outside, then retries, then per attempt a slot in the process and a permit of the rate.</summary>
    private static ResiliencePipeline BuildResilience(JustOneApiOptions options, Limiters limiters, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider };
        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = options.TotalTimeout, Name = "TotalTimeout" });
        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(RetryStrategy.Options(options, logger));
        }

        limiters.AddTo(builder);
        return builder.Build();
    }

    // Timeouts are the transport's (AttemptTimeout, TotalTimeout), not HttpClient's.
    private static HttpClient CreateHttpClient()
        => new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = DecompressionMethods.All }) { Timeout = Timeout.InfiniteTimeSpan };
}

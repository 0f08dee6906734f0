using System;
using System.Buffers;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;

using XhsGenerated.Scaling;

namespace XhsGenerated.Http;

/// <summary>Reads a whole response body into a typed response; generated as <c>XResponse.Parse</c>.</summary>
/// <typeparam name="T">The response type.</typeparam>
/// <param name="utf8Json">The body.</param>
/// <returns>The response, whatever its code.</returns>
public delegate T JustOneApiResponseParser<out T>(ReadOnlySpan<byte> utf8Json)
    where T : JustOneApiResponse;

/// <summary>Reads a whole response body held in one or more buffers; generated as <c>XResponse.Parse(in ReadOnlySequence&lt;byte&gt;)</c>.</summary>
/// <typeparam name="T">The response type.</typeparam>
/// <param name="utf8Json">The body.</param>
/// <returns>The response, whatever its code.</returns>
public delegate T JustOneApiSequenceParser<out T>(in ReadOnlySequence<byte> utf8Json)
    where T : JustOneApiResponse;

/// <summary>
/// The request pipeline every generated call goes through: endpoint choice, token, per-attempt
/// timeout, the envelope read whatever the HTTP status, business codes mapped to exceptions, and
/// retries with backoff (Polly). Thread-safe; one instance serves many concurrent calls.
/// </summary>
public sealed partial class JustOneApiTransport : IDisposable
{
    /// <summary>The most <see cref="JustOneApiOptions.MaxResponseBytes"/> can be: one array.</summary>
    private const int MaxBodyBytes = int.MaxValue - 64;

    /// <summary>How much of an unreadable body a message quotes, in UTF-16 characters.</summary>
    private const int ExcerptChars = 160;

    /// <summary>How much of the body is redacted before the excerpt is cut from it: any token that starts in the excerpt ends inside.</summary>
    private const int ExcerptWindowBytes = 16 * 1024;

    private static readonly ResiliencePropertyKey<ICallState> CallStateKey = new("XhsGenerated.Call");

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly string _token;
    private readonly string _userAgent;
    private readonly TokenRedactor _redactor;
    private readonly EndpointSelector _endpoints;
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly JustOneApiOptions _options;
    private readonly ServerNotices _notices = new();
    private readonly string? _recordTo;
    private readonly string _tokenKey;
    private readonly RateLimiter? _rateLimiter;
    private readonly ConcurrencyLimiter? _concurrency;
    private readonly CallBudget? _budget;
    private readonly ServiceProvider? _cacheServices;
    private readonly HybridCache? _cache;
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
            _endpoints = new EndpointSelector(options, servers);
        }
        catch when (ownsHttp)
        {
            http.Dispose();
            throw;
        }

        _http = http;
        _ownsHttp = ownsHttp;
        _options = options;
        _token = options.Token!;
        _redactor = new TokenRedactor(_token);
        _userAgent = UserAgent.For(options.UserAgent);
        _time = options.TimeProvider;
        _logger = logger ?? NullLogger.Instance;
        _recordTo = string.IsNullOrWhiteSpace(options.RecordTo) ? null : options.RecordTo;
        _tokenKey = TokenKey.Of(_token);
        if (options.RequestsPerSecond is { } rate)
        {
            // Strict shaping: a permit every 1/rate seconds, callers queue in order. Timers tick in
            // milliseconds, so above 100/s the bucket refills every 10 ms with that many permits.
            var tokensPerPeriod = (int)Math.Clamp(Math.Round(rate / 100), 1, int.MaxValue);
            var local = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = tokensPerPeriod,
                TokensPerPeriod = tokensPerPeriod,
                ReplenishmentPeriod = TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond * tokensPerPeriod / rate)),
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            });
            _rateLimiter = options.Coordination?.CreateRateLimiter(_tokenKey, rate, local, _logger) ?? local;
        }

        if (options.MaxConcurrentRequests is { } concurrency)
        {
            _concurrency = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = concurrency, QueueLimit = int.MaxValue, QueueProcessingOrder = QueueProcessingOrder.OldestFirst });
        }

        if (options.DailyCallBudget is { } budget)
        {
            _budget = new CallBudget(budget, _tokenKey, options.Coordination, _time, _logger);
        }

        if (options.CacheDurations is { Count: > 0 })
        {
            if (!Features.IsResponseCacheSupported)
            {
                throw new JustOneApiConfigurationException(
                    $"{JustOneApiOptions.SectionName}:{nameof(JustOneApiOptions.CacheDurations)} is set, but this trimmed app left the response cache out. Add <RuntimeHostConfigurationOption Include=\"{Features.ResponseCacheSwitch}\" Value=\"true\" Trim=\"true\" /> to the project (HybridCache then reports trim warnings that do not apply: the cache keeps bytes only).",
                    JustOneApiOptions.SectionName + ":" + nameof(JustOneApiOptions.CacheDurations));
            }

            (_cacheServices, _cache) = CreateCache(options);
        }

        _pipeline = BuildPipeline(options);
    }

    /// <summary>The endpoints in priority order (for diagnostics).</summary>
    public IReadOnlyList<Uri> Endpoints => _endpoints.Endpoints;

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

        using var activity = JustOneApiTelemetry.ActivitySource.StartActivity("JustOneApi " + request.OperationId, ActivityKind.Client);
        activity?.SetTag("justoneapi.operation", request.OperationId);
        var cacheDuration = _cache is null ? null : CacheDuration(request.OperationId);
        var call = new CallState<T>(this, request, parser, cancellationToken) { KeepBody = cacheDuration is not null };
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(CallStateKey, call);
        string outcome = "success";
        try
        {
            T response;
            if (cacheDuration is { } duration)
            {
                response = await CachedAsync(call, context, duration, cancellationToken).ConfigureAwait(false);
                outcome = call.Attempts == 0 ? "cached" : outcome;
            }
            else
            {
                response = await _pipeline.ExecuteAsync(static (ctx, state) => state.AttemptAsync(ctx.CancellationToken), context, call).ConfigureAwait(false);
            }

            Log.CallSucceeded(_logger, request.OperationId, call.Attempts);
            return response;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var failure = call.Surface(ex);
            outcome = Outcome(failure);
            activity?.SetStatus(ActivityStatusCode.Error, failure.Message);
            activity?.SetTag("justoneapi.code", failure.BusinessCode);
            Log.CallFailed(_logger, request.OperationId, call.Attempts, failure.Message);
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
            activity?.SetTag("justoneapi.attempts", call.Attempts);
            activity?.SetTag("justoneapi.outcome", outcome);
            if (JustOneApiTelemetry.Duration.Enabled)
            {
                JustOneApiTelemetry.Duration.Record(
                    call.Elapsed.TotalSeconds,
                    new KeyValuePair<string, object?>("justoneapi.operation", request.OperationId),
                    new KeyValuePair<string, object?>("justoneapi.outcome", outcome));
            }
        }
    }

    /// <summary>HybridCache in memory, with the coordination's distributed cache as the second level.</summary>
    private static (ServiceProvider Services, HybridCache Cache) CreateCache(JustOneApiOptions options)
    {
        var services = new ServiceCollection();
        services.AddHybridCache(cache => cache.MaximumPayloadBytes = options.MaxResponseBytes);
        if (options.Coordination?.DistributedCache is { } secondLevel)
        {
            services.AddSingleton(secondLevel);
        }

        var provider = services.BuildServiceProvider();
        return (provider, provider.GetRequiredService<HybridCache>());
    }

    /// <summary>
    /// A cached call: the answer's body (code 0 only) is kept under the operation, its parameters and
    /// a hash of the token; concurrent identical calls wait for the one request. A hit is parsed
    /// from the kept bytes.
    /// </summary>
    private async Task<T> CachedAsync<T>(CallState<T> call, ResilienceContext context, TimeSpan duration, CancellationToken cancellationToken)
        where T : JustOneApiResponse
    {
        var key = CacheKey(call.Request);
        var body = await _cache!.GetOrCreateAsync(
            key,
            (Transport: this, Call: call, Context: context),
            static async (state, _) =>
            {
                var response = await state.Transport._pipeline.ExecuteAsync(static (ctx, s) => s.AttemptAsync(ctx.CancellationToken), state.Context, state.Call).ConfigureAwait(false);
                state.Call.Result = response;
                return state.Call.Body!;
            },
            new HybridCacheEntryOptions { Expiration = duration, LocalCacheExpiration = duration },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        if (call.Result is { } fresh)
        {
            return fresh;
        }

        if (JustOneApiTelemetry.CacheHits.Enabled)
        {
            JustOneApiTelemetry.CacheHits.Add(1, new KeyValuePair<string, object?>("justoneapi.operation", call.OperationId));
        }

        return call.Parse(body);
    }

    private TimeSpan? CacheDuration(string operationId)
        => _options.CacheDurations.TryGetValue(operationId, out var duration) || _options.CacheDurations.TryGetValue("*", out duration) ? duration : null;

    /// <summary>
    /// <c>xhs:{token hash}:{operation}:{hash of the call}</c>, never the token itself; the call is
    /// canonical as a replay matches it (<see cref="Recording.JustOneApiRecord.MatchKey(string, string, IEnumerable{KeyValuePair{string, string}})"/>).
    /// </summary>
    private string CacheKey(JustOneApiRequest request)
    {
        var call = Recording.JustOneApiRecord.MatchKey(request.Method, request.Path, request.Parameters);
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(call))).ToLowerInvariant();
        return "xhs:" + _tokenKey + ":" + request.OperationId + ":" + hash;
    }

    /// <summary>Waits for a permit of one of the limiters, recording the wait and any rejection.</summary>
    private async ValueTask<RateLimitLease> AcquireAsync(RateLimiter limiter, string kind, ResilienceContext context)
    {
        var started = _time.GetTimestamp();
        var lease = await limiter.AcquireAsync(1, context.CancellationToken).ConfigureAwait(false);
        var operation = context.Properties.GetValue(CallStateKey, null!)?.OperationId;
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

    /// <summary>Disposes the <see cref="HttpClient"/> if this transport created it, and the limiters and cache.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _concurrency?.Dispose();
        _rateLimiter?.Dispose();
        _cacheServices?.Dispose();
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static HttpClient CreateHttpClient()
        => new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = DecompressionMethods.All })
        {
            // Timeouts are the transport's (AttemptTimeout, TotalTimeout), not HttpClient's.
            Timeout = Timeout.InfiniteTimeSpan,
        };

    private ResiliencePipeline BuildPipeline(JustOneApiOptions options)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider };
        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = options.TotalTimeout, Name = "TotalTimeout" });
        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                Name = "Retry",
                MaxRetryAttempts = options.MaxAttempts - 1,
                ShouldHandle = static args => ValueTask.FromResult(ShouldRetry(args.Outcome.Exception, args.Context)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(RetryDelay(args.Outcome.Exception, args.AttemptNumber)),
                OnRetry = args =>
                {
                    var call = args.Context.Properties.GetValue(CallStateKey, null!);
                    var reason = call?.Last?.Message ?? "timeout";
                    JustOneApiTelemetry.Retries.Add(1, new KeyValuePair<string, object?>("justoneapi.operation", call?.OperationId), new KeyValuePair<string, object?>("justoneapi.outcome", call?.Last is { } last ? Outcome(last) : "timeout"));
                    Log.RetryScheduled(_logger, call?.OperationId, args.AttemptNumber + 1, (long)args.RetryDelay.TotalMilliseconds, reason);
                    return default;
                },
            });
        }

        // Per attempt, inside the call's budget: a slot in the process, then a permit of the rate.
        if (_concurrency is { } concurrency)
        {
            builder.AddRateLimiter(new RateLimiterStrategyOptions { Name = "Concurrency", RateLimiter = args => AcquireAsync(concurrency, "concurrency", args.Context) });
        }

        if (_rateLimiter is { } rate)
        {
            builder.AddRateLimiter(new RateLimiterStrategyOptions { Name = "Rate", RateLimiter = args => AcquireAsync(rate, "rate", args.Context) });
        }

        return builder.Build();
    }

    private static bool ShouldRetry(Exception? exception, ResilienceContext context)
    {
        if (exception is not JustOneApiException { IsTransient: true } || context.CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        // A Retry-After longer than what is left of the budget cannot be honoured: give up now.
        var call = context.Properties.GetValue(CallStateKey, null!);
        return exception is not JustOneApiException { RetryAfter: { } after } || call is null || after < call.Remaining;
    }

    private TimeSpan RetryDelay(Exception? exception, int retryIndex)
    {
        var rateLimited = exception is RateLimitExceededException || (exception as JustOneApiException)?.HttpStatusCode == HttpStatusCode.TooManyRequests;
        var baseDelay = rateLimited ? _options.RateLimitBaseDelay : _options.RetryBaseDelay;
        var exponential = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retryIndex, 30));
        var jittered = exponential * (0.8 + (0.4 * Random.Shared.NextDouble()));
        var delay = TimeSpan.FromMilliseconds(Math.Min(jittered, _options.MaxRetryDelay.TotalMilliseconds));
        return exception is JustOneApiException { RetryAfter: { } after } && after > delay ? after : delay;
    }

    private static string Outcome(JustOneApiException failure) => failure switch
    {
        { BusinessCode: { } code } => "code_" + code.ToString(System.Globalization.CultureInfo.InvariantCulture),
        JustOneApiTimeoutException => "timeout",
        JustOneApiTransportException => "transport",
        _ => "protocol",
    };

    private interface ICallState
    {
        string OperationId { get; }

        JustOneApiException? Last { get; }

        TimeSpan Remaining { get; }
    }

    /// <summary>One call across its attempts: counts them, remembers the last failure and the endpoints that failed.</summary>
    private sealed class CallState<T> : ICallState
        where T : JustOneApiResponse
    {
        private readonly JustOneApiTransport _owner;
        private readonly JustOneApiRequest _request;
        private readonly JustOneApiSequenceParser<T> _parser;
        private readonly CancellationToken _callerToken;
        private readonly long _started;
        private readonly List<Uri> _failedEndpoints = new();
        private int _attempts;
        private Uri? _previous;

        public CallState(JustOneApiTransport owner, JustOneApiRequest request, JustOneApiSequenceParser<T> parser, CancellationToken callerToken)
        {
            _owner = owner;
            _request = request;
            _parser = parser;
            _callerToken = callerToken;
            _started = owner._time.GetTimestamp();
        }

        public string OperationId => _request.OperationId;

        public JustOneApiRequest Request => _request;

        /// <summary>Whether to keep the successful answer's body (for the cache).</summary>
        public bool KeepBody { get; init; }

        /// <summary>The successful answer's body, when <see cref="KeepBody"/>.</summary>
        public byte[]? Body { get; private set; }

        /// <summary>The response this call's own request produced (null on a cache hit).</summary>
        public T? Result { get; set; }

        public T Parse(byte[] body) => _parser(new ReadOnlySequence<byte>(body));

        public int Attempts => Volatile.Read(ref _attempts);

        public JustOneApiException? Last { get; private set; }

        public TimeSpan Elapsed => _owner._time.GetElapsedTime(_started);

        public TimeSpan Remaining => _owner._options.TotalTimeout - Elapsed;

        /// <summary>The exception to throw for what the pipeline threw: the last typed failure, with the attempt count.</summary>
        public JustOneApiException Surface(Exception thrown)
        {
            var call = $"{_request.OperationId} ({_request.Method} {_request.Path})";
            var failure = thrown switch
            {
                JustOneApiException api => api,

                // The call's budget ran out: report the last failure it met.
                TimeoutRejectedException or OperationCanceledException when Last is not null => Last,
                TimeoutRejectedException or OperationCanceledException => new JustOneApiTimeoutException(
                    $"{call} did not complete within its time budget (AttemptTimeout {_owner._options.AttemptTimeout}, TotalTimeout {_owner._options.TotalTimeout}). Raise them in JustOneApiOptions or try again later.",
                    Details() with { IsTransient = true }),

                RateLimiterRejectedException => new ClientRateLimitedException(
                    $"{call} was refused by the client's own limiter (RequestsPerSecond, MaxConcurrentRequests): its queue is full. Try again later or raise the limits.",
                    Details() with { IsTransient = true }),

                // Not expected: keep the type and a redacted message, never the original (it may hold the URL).
                _ => new JustOneApiException(
                    $"{call} failed unexpectedly: {thrown.GetType().Name}: {_owner._redactor.Redact(thrown.Message)}",
                    Details()),
            };
            failure.Attempts = Math.Max(1, Attempts);
            return failure;
        }

        public async ValueTask<T> AttemptAsync(CancellationToken cancellationToken)
        {
            var attempt = Interlocked.Increment(ref _attempts);
            var endpoint = _owner._endpoints.Select(_failedEndpoints);
            if (_previous is not null && endpoint != _previous)
            {
                Log.EndpointSwitched(_owner._logger, OperationId, _previous.GetLeftPart(UriPartial.Authority), endpoint.GetLeftPart(UriPartial.Authority));
            }

            _previous = endpoint;
            if (_owner._logger.IsEnabled(LogLevel.Debug))
            {
                Log.AttemptStarting(_owner._logger, OperationId, attempt, _request.DisplayUrl(endpoint));
            }

            var status = "transport";

            // The attempt's own timeout, on the options' clock; the call's budget is Polly's, outside.
            using var attemptTimeout = new CancellationTokenSource(_owner._options.AttemptTimeout, _owner._time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimeout.Token);
            try
            {
                if (_owner._budget is { } budget && !await budget.TryConsumeAsync(linked.Token).ConfigureAwait(false))
                {
                    status = "budget";
                    throw Last = new CallBudgetExceededException(
                        $"{_request.OperationId} ({_request.Method} {_request.Path}) was not sent: it would exceed the daily call budget of {budget.Budget} (JustOneApiOptions.DailyCallBudget). Raise it, or wait until 00:00 UTC.",
                        Details(),
                        budget.Budget);
                }

                var response = await SendOnceAsync(endpoint, linked.Token).ConfigureAwait(false);
                status = "success";
                return response;
            }
            catch (JustOneApiException ex)
            {
                Last = ex;
                status = Outcome(ex);
                throw;
            }
            catch (OperationCanceledException) when (attemptTimeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                status = "timeout";
                EndpointFailed(endpoint);
                throw Last = new JustOneApiTimeoutException(
                    $"{_request.OperationId} ({_request.Method} {_request.Path}) got no answer from {endpoint.GetLeftPart(UriPartial.Authority)} within {_owner._options.AttemptTimeout}. The API can be slow: the vendor advises at least 60 s (JustOneApiOptions.AttemptTimeout).",
                    Details(endpoint) with { IsTransient = true });
            }
            catch (OperationCanceledException) when (!_callerToken.IsCancellationRequested)
            {
                // The call's time budget ran out: Polly turns this into its timeout exception.
                // Not the endpoint's fault; the failure to report stays the last one met, if any.
                status = "timeout";
                Last ??= new JustOneApiTimeoutException(
                    $"{_request.OperationId} ({_request.Method} {_request.Path}) did not complete within the total timeout of {_owner._options.TotalTimeout}. Raise JustOneApiOptions.TotalTimeout or try again later.",
                    Details(endpoint) with { IsTransient = true });
                throw;
            }
            finally
            {
                if (JustOneApiTelemetry.Requests.Enabled)
                {
                    JustOneApiTelemetry.Requests.Add(
                        1,
                        new KeyValuePair<string, object?>("justoneapi.operation", OperationId),
                        new KeyValuePair<string, object?>("justoneapi.endpoint", endpoint.GetLeftPart(UriPartial.Authority)),
                        new KeyValuePair<string, object?>("justoneapi.outcome", status));
                }
            }
        }

        private async Task<T> SendOnceAsync(Uri endpoint, CancellationToken cancellationToken)
        {
            using var message = _request.ToHttpRequest(endpoint, _owner._token, _owner._userAgent);
            HttpResponseMessage response;
            try
            {
                response = await _owner._http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                throw TransportFailure(endpoint, ex);
            }

            using (response)
            {
                var status = response.StatusCode;
                var retryAfter = RetryAfter(response, _owner._time);
                ResponseBody body;
                try
                {
                    body = await ResponseBody.ReadAsync(response.Content, (int)_owner._options.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
                }
                catch (ResponseTooLargeException tooLarge)
                {
                    // Not transient: the same request would bring the same body.
                    throw new JustOneApiProtocolException(
                        $"{_request.OperationId} ({_request.Method} {_request.Path}, HTTP {(int)status}) answered with {tooLarge.Size}, more than JustOneApiOptions.MaxResponseBytes ({_owner._options.MaxResponseBytes} bytes). Raise it if the answer is expected to be that large.",
                        Details(endpoint) with { HttpStatusCode = status });
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException)
                {
                    throw TransportFailure(endpoint, ex);
                }

                using (body)
                {
                    var notice = _owner._notices.Read(response, _owner._redactor, out var newNotice);
                    if (newNotice)
                    {
                        Log.ServerNotice(_owner._logger, OperationId, notice!);
                    }

                    if (_owner._recordTo is { } folder)
                    {
                        await RecordAsync(folder, response, status, body.Contiguous, cancellationToken).ConfigureAwait(false);
                    }

                    var parsed = Interpret(endpoint, response, status, retryAfter, body);
                    parsed.Notice = notice;
                    if (KeepBody)
                    {
                        Body = body.Sequence.ToArray();
                    }

                    return parsed;
                }
            }
        }

        /// <summary>Keeps the answer as a record file; the token is masked wherever it appears. A failure is logged, not thrown.</summary>
        private async Task RecordAsync(string folder, HttpResponseMessage response, HttpStatusCode status, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
        {
            var redactor = _owner._redactor;
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var name in new[] { "Retry-After", ServerNotices.HeaderName })
            {
                if (response.Headers.TryGetValues(name, out var values))
                {
                    headers.Add(new(name, redactor.Redact(string.Join(", ", values))!));
                }
            }

            var record = new Recording.JustOneApiRecord(OperationId, _request.Method, _request.Path, (int)status, RedactBody(body))
            {
                Parameters = _request.Parameters.Select(p => new KeyValuePair<string, string>(p.Key, redactor.Redact(p.Value)!)).ToArray(),
                ContentType = response.Content.Headers.ContentType?.ToString(),
                Headers = headers,
                RecordedAt = _owner._time.GetUtcNow(),
            };
            try
            {
                await record.WriteToDirectoryAsync(folder, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.RecordFailed(_owner._logger, OperationId, redactor.Redact(ex.Message)!);
            }
        }

        /// <summary>The body with the token masked: the same bytes when it does not hold the token.</summary>
        private ReadOnlyMemory<byte> RedactBody(ReadOnlyMemory<byte> body)
        {
            var text = Encoding.UTF8.GetString(body.Span);
            var redacted = _owner._redactor.Redact(text)!;
            return ReferenceEquals(text, redacted) || text == redacted ? body.ToArray() : Encoding.UTF8.GetBytes(redacted);
        }

        private T Interpret(Uri endpoint, HttpResponseMessage response, HttpStatusCode status, TimeSpan? retryAfter, ResponseBody body)
        {
            var serverError = (int)status >= 500;
            T parsed;
            try
            {
                parsed = _parser(body.Sequence);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The generated parsers throw only JsonException; any other exception from a parser is
                // still an unreadable body, never an escape from the typed contract.
                if (serverError)
                {
                    EndpointFailed(endpoint);
                }

                var transient = serverError || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
                var contentType = response.Content.Headers.ContentType?.MediaType ?? "no content type";
                var reason = _owner._redactor.Redact(ex.Message);
                var message = _owner._redactor.Redact(
                    $"{_request.OperationId} ({_request.Method} {_request.Path}, HTTP {(int)status}) answered with something that is not the Just One API envelope ({contentType}, {body.Length} bytes: {reason}){Excerpt(body.Start(ExcerptWindowBytes))}. "
                    + (transient ? "A proxy or gateway may have answered for the API; this is transient." : "Check the endpoint: it may not be Just One API."));
                throw new JustOneApiProtocolException(
                    message!,
                    Details(endpoint) with { HttpStatusCode = status, RetryAfter = retryAfter, IsTransient = transient },
                    new JsonException(reason));
            }

            if (serverError)
            {
                EndpointFailed(endpoint);
            }
            else
            {
                _owner._endpoints.ReportSuccess(endpoint);
            }

            if (parsed.Code == BusinessCodes.Success)
            {
                return parsed;
            }

            throw JustOneApiException.FromBusinessCode(Details(endpoint) with
            {
                BusinessCode = parsed.Code,
                HttpStatusCode = status,
                RequestId = _owner._redactor.Redact(parsed.RequestId),
                ApiMessage = _owner._redactor.Redact(parsed.Message),
                RetryAfter = retryAfter,
                IsTransient = BusinessCodes.IsTransient(parsed.Code),
            });
        }

        private JustOneApiTransportException TransportFailure(Uri endpoint, Exception ex)
        {
            EndpointFailed(endpoint);

            // The inner exception is a redacted copy: the original may carry the URL, query and token.
            var message = _owner._redactor.Redact(ex.Message);
            return new JustOneApiTransportException(
                $"{_request.OperationId} ({_request.Method} {_request.Path}) could not reach {endpoint.GetLeftPart(UriPartial.Authority)}: {message} Check the network or the endpoint; this is transient.",
                Details(endpoint) with { IsTransient = true },
                new HttpRequestException(message, null, (ex as HttpRequestException)?.StatusCode));
        }

        private void EndpointFailed(Uri endpoint)
        {
            if (!_failedEndpoints.Contains(endpoint))
            {
                _failedEndpoints.Add(endpoint);
            }

            if (_owner._endpoints.ReportFailure(endpoint))
            {
                Log.EndpointOpened(_owner._logger, endpoint.GetLeftPart(UriPartial.Authority), (long)_owner._options.EndpointCooldown.TotalSeconds);
            }
        }

        private JustOneApiFailure Details(Uri? endpoint = null) => new(_request.OperationId, _request.Method, _request.Path)
        {
            Endpoint = endpoint is null ? null : new Uri(endpoint.GetLeftPart(UriPartial.Path)),
        };

        private string Excerpt(ReadOnlySpan<byte> body)
        {
            if (body.IsEmpty)
            {
                return "";
            }

            // Redact before cutting: a token across the cut would otherwise survive in part.
            var text = _owner._redactor.Redact(Encoding.UTF8.GetString(body[..Math.Min(body.Length, ExcerptWindowBytes)]))!;
            var builder = new StringBuilder(ExcerptChars);
            foreach (var rune in text.EnumerateRunes())
            {
                if (builder.Length + rune.Utf16SequenceLength > ExcerptChars)
                {
                    break;
                }

                // Control characters, bidi overrides and other invisible formatting, and U+FFFD from a cut sequence.
                if (Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) == System.Globalization.UnicodeCategory.Format || rune.Value == 0xFFFD)
                {
                    builder.Append(' ');
                }
                else
                {
                    builder.Append(rune.ToString());
                }
            }

            return ": \"" + builder.ToString().Trim() + "\"";
        }

        private static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
        {
            var header = response.Headers.RetryAfter;
            if (header?.Delta is { } delta)
            {
                return delta;
            }

            if (header?.Date is { } date)
            {
                var wait = date - time.GetUtcNow();
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }

            return null;
        }
    }

    private static partial class Log
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
}

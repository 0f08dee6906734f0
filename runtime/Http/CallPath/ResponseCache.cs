using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using XhsGenerated.Recording;
using XhsGenerated.Scaling;

namespace XhsGenerated.Http.CallPath;

/// <summary>
/// <see cref="JustOneApiOptions.CacheDurations"/>: the body of a code-0 answer is kept (HybridCache in
/// memory, the coordination's distributed cache as the second level) under the operation, its
/// parameters and a hash of the token; concurrent identical calls wait for the one request, and a hit
/// is parsed from the kept bytes.
/// </summary>
internal sealed class ResponseCache : IDisposable
{
    private readonly IDictionary<string, TimeSpan> _durations;
    private readonly string _tokenKey;
    private readonly ServiceProvider _services;
    private readonly HybridCache _cache;

    private ResponseCache(JustOneApiOptions options, string tokenKey)
    {
        _durations = options.CacheDurations;
        _tokenKey = tokenKey;
        var services = new ServiceCollection();
        services.AddHybridCache(cache => cache.MaximumPayloadBytes = options.MaxResponseBytes);
        if (options.Coordination?.DistributedCache is { } secondLevel)
        {
            services.AddSingleton(secondLevel);
        }

        _services = services.BuildServiceProvider();
        _cache = _services.GetRequiredService<HybridCache>();
    }

    /// <summary>The cache the options ask for, or null when they set no durations.</summary>
    /// <exception cref="JustOneApiConfigurationException">Durations are set in a trimmed app that left the cache out.</exception>
    public static ResponseCache? Create(JustOneApiOptions options, string tokenKey)
    {
        if (options.CacheDurations is not { Count: > 0 })
        {
            return null;
        }

        if (!Features.IsResponseCacheSupported)
        {
            throw new JustOneApiConfigurationException(
                $"{JustOneApiOptions.SectionName}:{nameof(JustOneApiOptions.CacheDurations)} is set, but this trimmed app left the response cache out. Add <RuntimeHostConfigurationOption Include=\"{Features.ResponseCacheSwitch}\" Value=\"true\" Trim=\"true\" /> to the project (HybridCache then reports trim warnings that do not apply: the cache keeps bytes only).",
                JustOneApiOptions.SectionName + ":" + nameof(JustOneApiOptions.CacheDurations));
        }

        return new ResponseCache(options, tokenKey);
    }

    /// <summary>How long answers of an operation are kept (its own duration, else <c>*</c>), or null: not cached.</summary>
    public TimeSpan? DurationFor(string operationId)
        => _durations.TryGetValue(operationId, out var duration) || _durations.TryGetValue("*", out duration) ? duration : null;

    /// <summary>The kept answer, or the one <paramref name="send"/> brings (kept when its code is 0: it throws otherwise).</summary>
    public async Task<T> GetOrSendAsync<T, TState>(Call<T> call, TimeSpan duration, TState state, Func<TState, ValueTask<T>> send, CancellationToken cancellationToken)
        where T : JustOneApiResponse
    {
        byte[] body;
        try
        {
            body = await _cache.GetOrCreateAsync(
                Key(call.Request),
                (Call: call, State: state, Send: send),
                static async (s, _) =>
                {
                    s.Call.Result = await s.Send(s.State).ConfigureAwait(false);

                    // Code 201 (no content) is a success, but not kept: the data may come next time.
                    return s.Call.Result.IsNoContent ? throw new NotKeptException(s.Call.Result) : s.Call.Body!;
                },
                new HybridCacheEntryOptions { Expiration = duration, LocalCacheExpiration = duration },
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (NotKeptException notKept)
        {
            // This call's own answer, or the one a concurrent twin of it was given (the same operation, so the same type).
            return call.Result ?? (T)notKept.Response;
        }

        if (call.Result is { } fresh)
        {
            return fresh;
        }

        if (JustOneApiTelemetry.CacheHits.Enabled)
        {
            JustOneApiTelemetry.CacheHits.Add(1, new KeyValuePair<string, object?>("justoneapi.operation", call.OperationId));
        }

        return call.Parse(new System.Buffers.ReadOnlySequence<byte>(body));
    }

    /// <summary>
    /// <c>xhs:{token hash}:{operation}:{hash of the call}</c>, never the token itself; the call is
    /// canonical as a replay matches it (<see cref="JustOneApiRecord.MatchKey(string, string, IEnumerable{KeyValuePair{string, string}})"/>).
    /// </summary>
    private string Key(JustOneApiRequest request)
    {
        var call = JustOneApiRecord.MatchKey(request.Method, request.Path, request.Parameters);
        return "xhs:" + _tokenKey + ":" + request.OperationId + ":" + TokenKey.Fingerprint(call, 32);
    }

    public void Dispose() => _services.Dispose();

    /// <summary>Leaves the cache's factory without keeping an answer (code 201), carrying it to every caller that waited on it.</summary>
    private sealed class NotKeptException(JustOneApiResponse response) : Exception
    {
        public JustOneApiResponse Response { get; } = response;
    }
}

using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using XhsGenerated.Scaling;

namespace XhsGenerated.Redis;

/// <summary>
/// Shares a token's rate limiter, response cache (second level) and daily call count between every
/// process that points at the same Redis. Keys hold a hash of the token, never the token
/// (<c>xhs:{hash}:rate</c>, <c>xhs:{hash}:calls:{yyyyMMdd}</c>, <c>xhs:cache:…</c>). While Redis is
/// unreachable, each process falls back to its own limits and count, warns once, and never throws
/// for it; it goes back to Redis as soon as Redis answers.
/// </summary>
public sealed class RedisCoordination : IJustOneApiCoordination, IDisposable
{
    private static readonly ConcurrentDictionary<string, Lazy<RedisCoordination>> Shared = new(StringComparer.Ordinal);

    /// <summary>Adds one call to today's count (the key expires after two days) and returns the count.</summary>
    private const string Increment = "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('EXPIRE', KEYS[1], 172800) end return n";

    private readonly ConnectionMultiplexer _redis;
    private readonly Fallback _fallback;

    /// <summary>Connects to Redis (in the background: an unreachable server is no error).</summary>
    /// <param name="configuration">A StackExchange.Redis configuration, e.g. <c>127.0.0.1:6379</c> or <c>host:6379,password=…</c>.</param>
    /// <param name="logger">Where to warn about fallbacks; none when null.</param>
    /// <exception cref="ArgumentException">The configuration cannot be read.</exception>
    public RedisCoordination(string configuration, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(configuration);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or RedisException)
        {
            // Not echoed: a Redis configuration may hold a password.
            throw new ArgumentException($"The Redis configuration is not one (host:port[,option=value…]): {ex.GetType().Name}.", nameof(configuration));
        }

        options.AbortOnConnectFail = false;
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 2000);
        options.SyncTimeout = Math.Min(options.SyncTimeout, 2000);
        options.AsyncTimeout = Math.Min(options.AsyncTimeout, 2000);
        options.ConnectRetry = 1;
        options.ClientName ??= "xhsgenerated";
        _redis = ConnectionMultiplexer.Connect(options);
        _fallback = new Fallback(logger ?? NullLogger.Instance);
        DistributedCache = new TolerantCache(
            new RedisCache(new RedisCacheOptions { ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(_redis), InstanceName = "xhs:cache:" }),
            _fallback);
    }

    /// <summary>One coordination per configuration in the process, shared by every client that names it.</summary>
    /// <param name="configuration">The Redis configuration.</param>
    /// <param name="logger">Where to warn about fallbacks (the first caller's).</param>
    /// <returns>The coordination.</returns>
    public static RedisCoordination For(string configuration, ILogger? logger = null)
        => Shared.GetOrAdd(configuration, c => new Lazy<RedisCoordination>(() => new RedisCoordination(c, logger))).Value;

    /// <inheritdoc/>
    public IDistributedCache? DistributedCache { get; }

    /// <summary>Whether Redis answers now.</summary>
    public bool IsConnected => _redis.IsConnected;

    /// <inheritdoc/>
    public RateLimiter CreateRateLimiter(string tokenKey, double requestsPerSecond, RateLimiter local, ILogger logger)
        => new RedisRateLimiter(_redis.GetDatabase(), "xhs:" + tokenKey + ":rate", requestsPerSecond, local, _fallback);

    /// <inheritdoc/>
    public async ValueTask<long?> IncrementDailyCountAsync(string tokenKey, DateOnly day, CancellationToken cancellationToken)
    {
        if (!_fallback.ShouldTry())
        {
            return null;
        }

        try
        {
            var result = await _redis.GetDatabase().ScriptEvaluateAsync(Increment, new RedisKey[] { CountKey(tokenKey, day) }).ConfigureAwait(false);
            _fallback.Recovered();
            return (long)result;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _fallback.Failed("the daily call count", ex);
            return null;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DecrementDailyCountAsync(string tokenKey, DateOnly day, CancellationToken cancellationToken)
    {
        if (!_fallback.ShouldTry())
        {
            return;
        }

        try
        {
            await _redis.GetDatabase().StringDecrementAsync(CountKey(tokenKey, day)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _fallback.Failed("the daily call count", ex);
        }
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose() => _redis.Dispose();

    private static string CountKey(string tokenKey, DateOnly day) => "xhs:" + tokenKey + ":calls:" + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>
    /// Says once that Redis is unreachable and once that it is back. While it is away, one operation
    /// a second tries it (<see cref="ShouldTry"/>) and the others go straight to this process's own
    /// state: a Redis that hangs costs one timeout a second, not one (or three) per call.
    /// </summary>
    internal sealed class Fallback(ILogger logger)
    {
        private const long ProbeIntervalMilliseconds = 1000;
        private int _down;
        private long _probeAt;

        /// <summary>Whether the process is on its own state now.</summary>
        public bool IsFallingBack => Volatile.Read(ref _down) == 1;

        /// <summary>Whether to ask Redis now: always while it answers; once a second while it does not.</summary>
        public bool ShouldTry()
        {
            if (Volatile.Read(ref _down) == 0)
            {
                return true;
            }

            var now = Environment.TickCount64;
            var at = Interlocked.Read(ref _probeAt);
            return now >= at && Interlocked.CompareExchange(ref _probeAt, now + ProbeIntervalMilliseconds, at) == at;
        }

        public void Failed(string what, Exception ex)
        {
            Interlocked.Exchange(ref _probeAt, Environment.TickCount64 + ProbeIntervalMilliseconds);
            if (Interlocked.Exchange(ref _down, 1) == 0)
            {
                logger.LogWarning("Redis is unreachable ({Reason}); {What} and the other shared state fall back to this process until it answers again.", ex.GetType().Name, what);
            }
        }

        public void Recovered()
        {
            if (Interlocked.Exchange(ref _down, 0) == 1)
            {
                logger.LogInformation("Redis answers again; the shared rate limit, cache and call count are back.");
            }
        }
    }
}

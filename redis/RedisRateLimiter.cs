using System;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace XhsGenerated.Redis;

/// <summary>
/// A rate shared through Redis (GCRA): each caller reserves the next free slot, one every
/// 1/rate seconds on Redis's own clock, and waits until its slot. So every process together keeps
/// the rate, with no burst. While Redis is unreachable, the process's own limiter takes over.
/// </summary>
internal sealed class RedisRateLimiter : RateLimiter
{
    /// <summary>Returns the wait in microseconds and moves the key's "next free slot" one interval on.</summary>
    private const string Reserve = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local interval = tonumber(ARGV[1])
        local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
        if tat < now then tat = now end
        local nexttat = tat + interval
        redis.call('SET', KEYS[1], string.format('%.0f', nexttat), 'PX', math.floor((nexttat - now) / 1000) + 1000)
        return tat - now
        """;

    private readonly IDatabase _redis;
    private readonly string _key;
    private readonly long _intervalMicroseconds;
    private readonly RateLimiter _local;
    private readonly RedisCoordination.Fallback _fallback;

    public RedisRateLimiter(IDatabase redis, string key, double requestsPerSecond, RateLimiter local, RedisCoordination.Fallback fallback)
    {
        _redis = redis;
        _key = key;
        _intervalMicroseconds = Math.Max(1, (long)(1_000_000 / requestsPerSecond));
        _local = local;
        _fallback = fallback;
    }

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => _local.AttemptAcquire(permitCount);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        long wait;
        try
        {
            var result = await _redis.ScriptEvaluateAsync(Reserve, new RedisKey[] { _key }, new RedisValue[] { _intervalMicroseconds * Math.Max(1, permitCount) }).ConfigureAwait(false);
            wait = (long)result;
            _fallback.Recovered();
        }
        catch (RedisException ex)
        {
            _fallback.Failed("the rate limit", ex);
            return await _local.AcquireAsync(permitCount, cancellationToken).ConfigureAwait(false);
        }

        if (wait > 0)
        {
            await Task.Delay(TimeSpan.FromTicks(wait * 10), cancellationToken).ConfigureAwait(false);
        }

        return Granted.Instance;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _local.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class Granted : RateLimitLease
    {
        public static readonly Granted Instance = new();

        public override bool IsAcquired => true;

        public override System.Collections.Generic.IEnumerable<string> MetadataNames => Array.Empty<string>();

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}

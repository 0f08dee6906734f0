using System;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using StackExchange.Redis;
using XhsGenerated.Scaling;

namespace XhsGenerated.Redis;

/// <summary>
/// A rate shared through Redis (GCRA): each caller reserves the next free slot, one every
/// 1/rate seconds on Redis's own clock, and waits until its slot. So every process together keeps
/// the rate, with no burst. The rate is the ceiling: a code 302 seen by any process lowers it for all
/// of them (the adaptive rate's state is a Redis hash, its arithmetic the runtime's AdaptiveRate), and
/// it probes back up. While Redis is unreachable, the process's own limiter takes over.
/// </summary>
internal sealed class RedisRateLimiter : RateLimiter, IRateLimitFeedback
{
    /// <summary>The share of the ceiling in force at Redis's time, from the hash KEYS[2] (the runtime's AdaptiveRate, in Lua).</summary>
    internal const string FactorFunction = """
        local function factor(state, now)
          if not state[1] then return 1 end
          local start, objected, seconds = tonumber(state[1]), tonumber(state[2]), (now - tonumber(state[3])) / 1000000
          if state[4] == '1' then
            if seconds < 20 then return start end
            return math.min(1, start + 0.01 * (seconds - 20))
          end
          local target = math.max(start, objected * 0.95)
          local fast = start + 0.1 * seconds
          if fast <= target then return fast end
          return math.min(1, target + 0.01 * (seconds - (target - start) / 0.1))
        end
        local function after(current, previous)
          if previous and current >= previous * (1 - 0.1) and current <= previous * (1 + 0.1) then
            return math.max(0.05, current * 0.95), '1'
          end
          return math.max(0.05, current * 0.7), '0'
        end
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local state = redis.call('HMGET', KEYS[2], 'start', 'objected', 'since', 'settled')
        """;

    /// <summary>Returns the wait in microseconds and the factor (millionths), and moves the "next free slot" one interval on.</summary>
    private const string Reserve = FactorFunction + """
        local f = factor(state, now)
        local interval = tonumber(ARGV[1]) / f
        local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
        if tat < now then tat = now end
        local nexttat = tat + interval
        redis.call('SET', KEYS[1], string.format('%.0f', nexttat), 'PX', math.floor((nexttat - now) / 1000) + 1000)
        return { tat - now, math.floor(f * 1000000) }
        """;

    /// <summary>A 302: lower the shared rate (at most once a second, down to 5 %) as <c>AdaptiveRate.After</c> says, remembering where the server objected.</summary>
    private const string Backoff = FactorFunction + """
        if state[3] and now - tonumber(state[3]) < 1000000 then return 0 end
        local current = factor(state, now)
        local start, settled = after(current, state[1] and tonumber(state[2]) or nil)
        redis.call('HSET', KEYS[2], 'start', tostring(start), 'objected', tostring(current), 'since', string.format('%.0f', now), 'settled', settled)
        redis.call('PEXPIRE', KEYS[2], 600000)
        return 1
        """;

    /// <summary>How many slots one acquisition may reserve when the rate keeps slowing while it waits.</summary>
    private const int MaxReservations = 4;

    private readonly IDatabase _redis;
    private readonly string _key;
    private readonly string _stateKey;
    private double _factor = 1;
    private long _slowdowns;
    private readonly long _intervalMicroseconds;
    private readonly RateLimiter _local;
    private readonly RedisCoordination.Fallback _fallback;

    public RedisRateLimiter(IDatabase redis, string key, double requestsPerSecond, RateLimiter local, RedisCoordination.Fallback fallback)
    {
        _redis = redis;
        _key = key;
        _stateKey = key + ":adaptive";
        _intervalMicroseconds = Math.Max(1, (long)(1_000_000 / requestsPerSecond));
        _local = local;
        _fallback = fallback;
    }

    public override TimeSpan? IdleDuration => null;

    /// <summary>The shared factor as the last reservation saw it (the local limiter's while Redis is away).</summary>
    public double Factor => _fallback.IsFallingBack ? (_local as IRateLimitFeedback)?.Factor ?? 1 : Volatile.Read(ref _factor);

    /// <summary>Lowers the shared rate, and the local one it would fall back to.</summary>
    public void RateLimited()
    {
        Interlocked.Increment(ref _slowdowns);
        (_local as IRateLimitFeedback)?.RateLimited();
        _ = BackoffAsync();
    }

    private async Task BackoffAsync()
    {
        if (!_fallback.ShouldTry())
        {
            return;
        }

        try
        {
            await _redis.ScriptEvaluateAsync(Backoff, new RedisKey[] { _key, _stateKey }).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _fallback.Failed("the rate limit", ex);
        }
    }

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => _local.AttemptAcquire(permitCount);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (!_fallback.ShouldTry())
        {
            return await _local.AcquireAsync(permitCount, cancellationToken).ConfigureAwait(false);
        }

        // A slot reserved at the old rate is given up when the rate slowed while it was awaited (a 302 here,
        // or a lower factor seen by another reservation): sent, it would land in the window the server
        // just said is full. Every caller waiting at once would otherwise be one more 302.
        for (var attempt = 0; ; attempt++)
        {
            var seen = Volatile.Read(ref _slowdowns);
            long wait;
            try
            {
                var result = (RedisResult[])(await _redis.ScriptEvaluateAsync(Reserve, new RedisKey[] { _key, _stateKey }, new RedisValue[] { _intervalMicroseconds * Math.Max(1, permitCount) }).ConfigureAwait(false))!;
                wait = (long)result[0];
                var factor = (long)result[1] / 1_000_000.0;
                if (factor < Volatile.Read(ref _factor))
                {
                    Interlocked.Increment(ref _slowdowns);
                    seen++;
                }

                Volatile.Write(ref _factor, factor);
                _fallback.Recovered();
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                _fallback.Failed("the rate limit", ex);
                return await _local.AcquireAsync(permitCount, cancellationToken).ConfigureAwait(false);
            }

            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromTicks(wait * 10), cancellationToken).ConfigureAwait(false);
            }

            if (attempt >= MaxReservations - 1 || Volatile.Read(ref _slowdowns) == seen)
            {
                return Granted.Instance;
            }
        }
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

#if XHS_REDIS
using System.Collections.Concurrent;
using System.Globalization;
using StackExchange.Redis;
using XhsGenerated;

namespace Xhs.Cli.Harvest;

/// <summary>
/// Page claims on Redis: <c>SET NX</c> with a lifetime, renewed while the page is in flight, released
/// if it fails.
/// <para>
/// A Redis that restarts loses the claims it held (without persistence) or comes back with an older
/// snapshot of them, while pages are in flight. Two rules keep another process from taking such a
/// page, so that no page is paid for twice:
/// <list type="bullet">
/// <item>A process whose connection drops and comes back claims again, at once, the pages it has in
/// flight, and claims no new page for <see cref="RestartGrace"/>: time enough for every other holder to
/// have done the same.</item>
/// <item>Each harvest keeps a marker key. When it is missing (Redis restarted empty, or this is the
/// first run), the first process to see it recreates it with a grace key, and no process claims a new
/// page until the grace key lapses. Every process checks the marker every quarter second and claims
/// its pages in flight again when it has gone. This covers a process that started after the restart.</item>
/// </list>
/// Claiming waits for a Redis that does not answer (up to <c>--wait</c>, then exit 75). A
/// renewal or release that fails is let go: the claim lapses on its own, or is claimed again at the
/// next beat.
/// </para>
/// </summary>
internal sealed class RedisPageClaims : IPageClaims
{
    /// <summary>How long no page is claimed after Redis may have lost claims: holders claim theirs again well within it.</summary>
    public static readonly TimeSpan RestartGrace = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan Beat = TimeSpan.FromMilliseconds(250);

    // KEYS: marker, grace, page. ARGV: owner, lifetime ms, grace ms. 1 claimed, 0 held elsewhere,
    // -n: a grace with n ms left (started now when the marker was missing).
    private const string Claim = """
        if redis.call('EXISTS', KEYS[1]) == 0 then
          redis.call('SET', KEYS[1], '1', 'PX', 86400000)
          redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
        end
        local grace = redis.call('PTTL', KEYS[2])
        if grace > 0 then return -grace end
        redis.call('PEXPIRE', KEYS[1], 86400000)
        if redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[2], 'NX') then return 1 end
        return 0
        """;

    // KEYS: marker, grace. ARGV: grace ms. Recreates a missing marker with its grace; 1 when it was missing.
    private const string Mark = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('SET', KEYS[1], '1', 'PX', 86400000)
        redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
        return 1
        """;

    // KEYS: page. ARGV: owner, lifetime ms. Sets the claim when it is free or already ours: a renewal,
    // and a claim restored after a restart.
    private const string Reclaim = """
        local holder = redis.call('GET', KEYS[1])
        if (not holder) or holder == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return 1
        end
        return 0
        """;

    private readonly ConnectionMultiplexer _connection;
    private readonly IDatabase _redis;
    private readonly TimeSpan _wait;
    private readonly string _prefix;
    private readonly RedisKey _marker;
    private readonly RedisKey _grace;
    private readonly string _owner = Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "@" + Environment.MachineName + "#" + Guid.NewGuid().ToString("N")[..8];
    private readonly ConcurrentDictionary<string, byte> _held = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _heartbeat;
    private long _claimAfterTicks;
    private int _reconnected;
    private int _warned;
    private int _graceWarned;

    public RedisPageClaims(ConnectionMultiplexer connection, string storeIdentity, TimeSpan wait)
    {
        _connection = connection;
        _redis = connection.GetDatabase();
        _wait = wait;
        _prefix = "xhs:harvest:" + Claims.Hash(storeIdentity) + ":";
        _marker = _prefix + "marker";
        _grace = _prefix + "grace";
        _connection.ConnectionRestored += OnConnectionRestored;
        _heartbeat = HeartbeatAsync(_stop.Token);
    }

    public async Task<bool> TryClaimAsync(string keyword, int page, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        var started = DateTimeOffset.UtcNow;
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            var wait = new DateTimeOffset(Interlocked.Read(ref _claimAfterTicks), TimeSpan.Zero) - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, linked.Token).ConfigureAwait(false);
                continue;
            }

            try
            {
                var key = Key(keyword, page);
                var result = (long)await _redis.ScriptEvaluateAsync(Claim, [_marker, _grace, key], [_owner, Milliseconds(Claims.Lifetime), Milliseconds(RestartGrace)]).ConfigureAwait(false);
                if (Interlocked.Exchange(ref _warned, 0) == 1)
                {
                    Console.Error.WriteLine("xhs: Redis answers again; claims go on.");
                }

                if (result < 0)
                {
                    // Redis may have lost claims: ours are claimed again, then the grace is waited out.
                    if (Interlocked.Exchange(ref _graceWarned, 1) == 0)
                    {
                        Console.Error.WriteLine($"xhs: Redis holds no claims for this harvest (a first run, or Redis restarted empty); new pages wait {RestartGrace.TotalSeconds:0} s for pages in flight to be claimed again.");
                    }

                    await ReclaimHeldAsync().ConfigureAwait(false);
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(-result, 1000)), linked.Token).ConfigureAwait(false);
                    continue;
                }

                if (result == 1)
                {
                    _held[key] = 0;
                }

                return result == 1;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                if (DateTimeOffset.UtcNow - started > _wait)
                {
                    throw new DependencyUnavailableException($"--redis: Redis did not come back within {_wait.TotalSeconds:0.#} s (--wait; {ex.GetType().Name}). The pages stored so far are kept; run again to go on.", ex);
                }

                if (Interlocked.Exchange(ref _warned, 1) == 0)
                {
                    Console.Error.WriteLine($"xhs: Redis does not answer ({ex.GetType().Name}); waiting for it before claiming more pages (at most {_wait.TotalSeconds:0.#} s; --wait).");
                }

                await Task.Delay(delay, linked.Token).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
            }
        }
    }

    /// <summary>How soon after creating a run its creator may mark it fresh: far inside <see cref="RestartGrace"/>.</summary>
    public static readonly TimeSpan FreshWithin = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A run this process just created has no claims anywhere: its marker is set without a grace, so the
    /// first harvest on a Redis starts at once. Safe because the marker is set only within
    /// <see cref="FreshWithin"/> of the run's creation: any other process joined later, and one that found
    /// no marker before this set it started a grace of <see cref="RestartGrace"/> before it could claim
    /// anything, a grace that outlasts this window; when the marker is already there, nothing is changed.
    /// </summary>
    public async Task RunCreatedAsync(TimeSpan elapsedSinceCreated)
    {
        if (elapsedSinceCreated >= FreshWithin)
        {
            return;
        }

        try
        {
            await _redis.StringSetAsync(_marker, "1", TimeSpan.FromDays(1), When.NotExists).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Redis is away: the first claim finds no marker and waits out the grace, as before.
        }
    }

    public async Task FinishAsync(string keyword, int page, bool stored)
    {
        var key = Key(keyword, page);
        _held.TryRemove(key, out _);
        if (stored)
        {
            return;
        }

        try
        {
            if (await _redis.StringGetAsync(key).ConfigureAwait(false) == _owner)
            {
                await _redis.KeyDeleteAsync(key).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Redis is away: the claim lapses on its own after its lifetime.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _connection.ConnectionRestored -= OnConnectionRestored;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _heartbeat.ConfigureAwait(false);
        _stop.Dispose();
    }

    // A connection back may be a Redis restarted: claim nothing new for a grace, and (at the next beat) our pages again.
    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        Interlocked.Exchange(ref _claimAfterTicks, (DateTimeOffset.UtcNow + RestartGrace).UtcTicks);
        Interlocked.Exchange(ref _reconnected, 1);
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        var renewed = DateTimeOffset.UtcNow;
        while (true)
        {
            try
            {
                await Task.Delay(Beat, cancellationToken).ConfigureAwait(false);
                var lost = (long)await _redis.ScriptEvaluateAsync(Mark, [_marker, _grace], [Milliseconds(RestartGrace)]).ConfigureAwait(false) == 1;
                var reconnected = Interlocked.Exchange(ref _reconnected, 0) == 1;
                if (lost || reconnected || DateTimeOffset.UtcNow - renewed >= Claims.Lifetime / 3)
                {
                    if ((lost || reconnected) && !_held.IsEmpty)
                    {
                        Console.Error.WriteLine($"xhs: Redis came back; claiming again the {_held.Count} page(s) in flight here.");
                    }

                    await ReclaimHeldAsync().ConfigureAwait(false);
                    renewed = DateTimeOffset.UtcNow;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Redis is away: the next beat tries again.
            }
        }
    }

    private async Task ReclaimHeldAsync()
    {
        foreach (var key in _held.Keys)
        {
            await _redis.ScriptEvaluateAsync(Reclaim, [key], [_owner, Milliseconds(Claims.Lifetime)]).ConfigureAwait(false);
        }
    }

    private static long Milliseconds(TimeSpan span) => (long)span.TotalMilliseconds;

    private string Key(string keyword, int page) => _prefix + Claims.Hash(keyword) + ":" + page.ToString(CultureInfo.InvariantCulture);
}
#endif

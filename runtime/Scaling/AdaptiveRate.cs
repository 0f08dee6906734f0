using System;

namespace XhsGenerated.Scaling;

/// <summary>
/// Lets a rate limiter hear that the server said "rate limit exceeded" (code 302), so that it slows
/// down for every caller of the token and then probes back up. The client calls it on each such
/// answer; limiters that can adapt implement it (the process's own, and the one shared through Redis).
/// </summary>
public interface IRateLimitFeedback
{
    /// <summary>The server refused a request for exceeding its rate.</summary>
    void RateLimited();

    /// <summary>The share of the configured rate in force now: 1 at full rate, less after a 302.</summary>
    double Factor { get; }
}

/// <summary>
/// The arithmetic of the adaptive rate, the same in every process and in Redis's script: on a 302 the
/// rate drops to 70 % of what it was (at most once a second, down to 5 %), remembers where the server
/// objected, climbs back quickly (10 % of the ceiling a second) to 95 % of that point, then probes on
/// slowly (1 % a second) up to the ceiling. A 302 within 10 % of the point where the server last
/// objected means the limit is found: the rate then drops only to 95 % of it, holds there for
/// <see cref="SettledSeconds"/>, and only then probes again, so a steady limit costs one 302 every
/// half minute or so instead of one per sawtooth. At a ceiling equal to the server's real limit it
/// settles just under it; at twice the real limit it finds the limit within a few seconds.
/// </summary>
internal sealed class AdaptiveRate
{
    public const double Decrease = 0.7;
    public const double Floor = 0.05;
    public const double FastRecoveryPerSecond = 0.1;
    public const double ProbePerSecond = 0.01;
    public const double Margin = 0.95;
    public const double Near = 0.1;
    public const double SettledSeconds = 20;

    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private double _start = 1;
    private double _objected = 1;
    private bool _settled;
    private long _since;
    private bool _backedOff;

    public AdaptiveRate(TimeProvider time) => _time = time;

    /// <summary>How many times the rate was lowered.</summary>
    public long Backoffs { get; private set; }

    /// <summary>The share of the ceiling in force now.</summary>
    public double Factor
    {
        get
        {
            lock (_gate)
            {
                return _backedOff ? At(_start, _objected, _settled, _time.GetElapsedTime(_since).TotalSeconds) : 1;
            }
        }
    }

    /// <summary>Lowers the rate, unless it was lowered less than a second ago (a burst of 302s is one signal).</summary>
    public void RateLimited()
    {
        lock (_gate)
        {
            var elapsed = _time.GetElapsedTime(_since).TotalSeconds;
            if (_backedOff && elapsed < 1)
            {
                return;
            }

            var current = _backedOff ? At(_start, _objected, _settled, elapsed) : 1;
            (_start, _settled) = After(current, _backedOff ? _objected : null);
            _objected = current;
            _since = _time.GetTimestamp();
            _backedOff = true;
            Backoffs++;
        }
    }

    /// <summary>Where a 302 at <paramref name="current"/> takes the rate: 95 % of it, settled, near the previous objection; else 70 % of it.</summary>
    /// <param name="current">The factor in force when the server objected.</param>
    /// <param name="previous">Where it objected before, if it did.</param>
    public static (double Start, bool Settled) After(double current, double? previous)
    {
        var near = previous is { } point && current >= point * (1 - Near) && current <= point * (1 + Near);
        return (Math.Max(Floor, current * (near ? Margin : Decrease)), near);
    }

    /// <summary>
    /// The factor <paramref name="seconds"/> after a backoff to <paramref name="start"/> where the server
    /// objected at <paramref name="objected"/>: settled, flat for <see cref="SettledSeconds"/> then a slow
    /// probe; else a quick climb to 95 % of the objection, then the slow probe.
    /// </summary>
    public static double At(double start, double objected, bool settled, double seconds)
    {
        if (settled)
        {
            return seconds < SettledSeconds ? start : Math.Min(1, start + (ProbePerSecond * (seconds - SettledSeconds)));
        }

        var target = Math.Max(start, objected * Margin);
        var fast = start + (FastRecoveryPerSecond * seconds);
        if (fast <= target)
        {
            return fast;
        }

        var reached = (target - start) / FastRecoveryPerSecond;
        return Math.Min(1, target + (ProbePerSecond * (seconds - reached)));
    }
}

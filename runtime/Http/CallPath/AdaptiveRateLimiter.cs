using System;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using XhsGenerated.Scaling;

namespace XhsGenerated.Http.CallPath;

/// <summary>
/// The process's own rate: <see cref="JustOneApiOptions.RequestsPerSecond"/> is the ceiling (the inner
/// limiter), and after a code 302 the pace slows to the <see cref="AdaptiveRate"/> share of it, then
/// climbs back. Callers queue in order; nothing is rejected.
/// </summary>
internal sealed class AdaptiveRateLimiter : RateLimiter, IRateLimitFeedback
{
    /// <summary>How many slots one acquisition may reserve when the rate keeps slowing while it waits.</summary>
    private const int MaxReservations = 4;

    private readonly RateLimiter _ceiling;
    private readonly double _rate;
    private readonly TimeProvider _time;
    private readonly AdaptiveRate _adaptive;
    private readonly object _gate = new();
    private long _next;

    public AdaptiveRateLimiter(RateLimiter ceiling, double rate, TimeProvider time)
    {
        _ceiling = ceiling;
        _rate = rate;
        _time = time;
        _adaptive = new AdaptiveRate(time);
    }

    public double Factor => _adaptive.Factor;

    public override TimeSpan? IdleDuration => _ceiling.IdleDuration;

    public void RateLimited() => _adaptive.RateLimited();

    public override RateLimiterStatistics? GetStatistics() => _ceiling.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => _ceiling.AttemptAcquire(permitCount);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        var lease = await _ceiling.AcquireAsync(permitCount, cancellationToken).ConfigureAwait(false);

        // Below the ceiling: one slot every 1/(rate × factor) seconds, in arrival order. A slot reserved
        // at the old rate is given up when the rate slowed while it was awaited (it would land in the
        // window the server just said is full), a few times at most.
        for (var attempt = 0; attempt < MaxReservations; attempt++)
        {
            var factor = _adaptive.Factor;
            if (!lease.IsAcquired || factor >= 1)
            {
                return lease;
            }

            var backoffs = _adaptive.Backoffs;
            TimeSpan wait;
            lock (_gate)
            {
                var now = _time.GetTimestamp();
                var interval = (long)(_time.TimestampFrequency * Math.Max(1, permitCount) / (_rate * factor));
                var slot = Math.Max(_next, now);
                _next = slot + interval;
                wait = TimeSpan.FromSeconds((slot - now) / (double)_time.TimestampFrequency);
            }

            if (wait <= TimeSpan.Zero)
            {
                return lease;
            }

            try
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                lease.Dispose();
                throw;
            }

            if (_adaptive.Backoffs == backoffs)
            {
                return lease;
            }
        }

        return lease;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ceiling.Dispose();
        }

        base.Dispose(disposing);
    }
}

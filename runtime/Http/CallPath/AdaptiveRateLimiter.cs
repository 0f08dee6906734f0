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
        var factor = _adaptive.Factor;
        if (!lease.IsAcquired || factor >= 1)
        {
            return lease;
        }

        // Below the ceiling: one slot every 1/(rate × factor) seconds, in arrival order.
        TimeSpan wait;
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var interval = (long)(_time.TimestampFrequency * Math.Max(1, permitCount) / (_rate * factor));
            var slot = Math.Max(_next, now);
            _next = slot + interval;
            wait = TimeSpan.FromSeconds((slot - now) / (double)_time.TimestampFrequency);
        }

        if (wait > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                lease.Dispose();
                throw;
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

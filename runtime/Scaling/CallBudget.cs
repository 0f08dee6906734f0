using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace XhsGenerated.Scaling;

/// <summary>
/// <see cref="JustOneApiOptions.DailyCallBudget"/>: every request counts one call against the UTC
/// day; one that would exceed the budget is refused before it is sent. The count is the
/// coordination's (Redis) when there is one and it answers, else the process's.
/// </summary>
internal sealed class CallBudget
{
    private readonly long _budget;
    private readonly string _tokenKey;
    private readonly IJustOneApiCoordination? _coordination;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<DateOnly, long> _local = new();
    private int _warned;

    public CallBudget(long budget, string tokenKey, IJustOneApiCoordination? coordination, TimeProvider time, ILogger logger)
    {
        _budget = budget;
        _tokenKey = tokenKey;
        _coordination = coordination;
        _time = time;
        _logger = logger;
    }

    public long Budget => _budget;

    /// <summary>Counts one call; false (and nothing counted) when it would exceed the budget.</summary>
    public async ValueTask<bool> TryConsumeAsync(CancellationToken cancellationToken)
    {
        var day = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        if (_coordination is not null)
        {
            long? shared = null;
            try
            {
                shared = await _coordination.IncrementDailyCountAsync(_tokenKey, day, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Warn(ex.GetType().Name);
            }

            if (shared is { } count)
            {
                if (count <= _budget)
                {
                    return true;
                }

                await _coordination.DecrementDailyCountAsync(_tokenKey, day, CancellationToken.None).ConfigureAwait(false);
                return false;
            }

            Warn("no answer");
        }

        while (true)
        {
            var used = _local.GetOrAdd(day, 0);
            if (used >= _budget)
            {
                return false;
            }

            if (_local.TryUpdate(day, used + 1, used))
            {
                return true;
            }
        }
    }

    private void Warn(string reason)
    {
        if (Interlocked.Exchange(ref _warned, 1) == 0)
        {
            _logger.LogWarning("The shared daily call count is unreachable ({Reason}); counting in this process only.", reason);
        }
    }
}

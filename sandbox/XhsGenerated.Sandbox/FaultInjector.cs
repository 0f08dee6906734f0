using System.Collections.Concurrent;

namespace XhsGenerated.Sandbox;

/// <summary>
/// Decides which fault, if any, a request meets: first a fault queued by a test, else a roll of the
/// seeded random source against each configured rate, in <see cref="SandboxFault"/> order. The same
/// seed and the same request order give the same faults.
/// </summary>
internal sealed class FaultInjector
{
    private readonly ConcurrentQueue<InjectedFault> _queued = new();
    private readonly KeyValuePair<InjectedFault, double>[] _rates;
    private readonly Random _random;
    private readonly object _gate = new();

    public FaultInjector(SandboxOptions options)
    {
        _rates = options.FaultRates.Where(r => r.Value > 0).OrderBy(r => r.Key).Select(r => KeyValuePair.Create(new InjectedFault(r.Key, null), r.Value))
            .Concat(options.CodeFaults.Where(c => c.Rate > 0).Select(c => KeyValuePair.Create(new InjectedFault(null, c), c.Rate)))
            .ToArray();
        _random = new Random(options.Seed);
    }

    public void Enqueue(IEnumerable<SandboxFault> faults)
    {
        foreach (var fault in faults)
        {
            _queued.Enqueue(new InjectedFault(fault, null));
        }
    }

    public void Enqueue(SandboxCodeFault fault) => _queued.Enqueue(new InjectedFault(null, fault));

    public InjectedFault? Next()
    {
        if (_queued.TryDequeue(out var queued))
        {
            return queued;
        }

        if (_rates.Length == 0)
        {
            return null;
        }

        lock (_gate)
        {
            // One roll per request, against the cumulative rates: at most one fault each time.
            var roll = _random.NextDouble();
            var cumulative = 0.0;
            foreach (var (fault, rate) in _rates)
            {
                cumulative += rate;
                if (roll < cumulative)
                {
                    return fault;
                }
            }
        }

        return null;
    }
}

/// <summary>A fault to meet: one of the named kinds, or a business code.</summary>
internal readonly record struct InjectedFault(SandboxFault? Kind, SandboxCodeFault? Code)
{
    public bool Is(SandboxFault kind) => Kind == kind;
}

/// <summary>Per-token rate limit (a one-second window) and daily quota.</summary>
internal sealed class TokenLimits(SandboxOptions options)
{
    private readonly ConcurrentDictionary<string, (long Second, int Count)> _windows = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (DateOnly Day, int Count)> _days = new(StringComparer.Ordinal);

    public bool OverRateLimit(string token)
    {
        if (options.RateLimitPerSecond is not { } limit)
        {
            return false;
        }

        var second = options.TimeProvider.GetUtcNow().ToUnixTimeSeconds();
        var window = _windows.AddOrUpdate(token, (second, 1), (_, w) => w.Second == second ? (second, w.Count + 1) : (second, 1));
        return window.Count > limit;
    }

    public bool OverDailyQuota(string token)
    {
        if (options.DailyQuota is not { } quota)
        {
            return false;
        }

        var day = DateOnly.FromDateTime(options.TimeProvider.GetUtcNow().UtcDateTime);
        var used = _days.AddOrUpdate(token, (day, 1), (_, d) => d.Day == day ? (day, d.Count + 1) : (day, 1));
        return used.Count > quota;
    }
}

using Microsoft.Extensions.Time.Testing;

namespace XhsGenerated.Tests.Infrastructure;

/// <summary>Runs an operation on fake time, moving the clock forward whenever the operation waits, so backoff costs no real time.</summary>
internal static class FakeClock
{
    public static FakeTimeProvider Create() => new(DateTimeOffset.Parse("2026-11-28T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public static async Task<T> RunAsync<T>(FakeTimeProvider time, Func<Task<T>> operation, TimeSpan? step = null)
    {
        var task = operation();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (!task.IsCompleted)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The operation did not finish.");
            }

            // Real requests take real milliseconds: give them a moment before time moves on.
            await Task.WhenAny(task, Task.Delay(5));
            time.Advance(step ?? TimeSpan.FromMilliseconds(250));
        }

        return await task;
    }

    public static Task RunAsync(FakeTimeProvider time, Func<Task> operation, TimeSpan? step = null)
        => RunAsync(time, async () => { await operation(); return 0; }, step);
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using XhsGenerated.Http;

namespace XhsGenerated.Tests.Infrastructure;

/// <summary>Everything the library logs, traces and measures during a test, as text to scan.</summary>
internal sealed class Telemetry : ILoggerProvider, IDisposable
{
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters;

    public Telemetry()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == JustOneApiTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                Texts.Add(activity.DisplayName);
                Texts.Add(activity.StatusDescription ?? "");
                foreach (var tag in activity.TagObjects)
                {
                    Texts.Add($"{tag.Key}={tag.Value}");
                }
            },
        };
        ActivitySource.AddActivityListener(_activities);

        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == JustOneApiTelemetry.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Measure(instrument, value, tags));
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Measure(instrument, value, tags));
        _meters.Start();
    }

    /// <summary>Every log line, activity name, status and tag, and metric tag seen.</summary>
    public ConcurrentBag<string> Texts { get; } = new();

    /// <summary>Log events: level, event name and rendered message.</summary>
    public ConcurrentQueue<(LogLevel Level, string Event, string Message, IReadOnlyList<KeyValuePair<string, object?>> State)> Logs { get; } = new();

    /// <summary>Sum of each counter, by instrument name.</summary>
    public ConcurrentDictionary<string, double> Counters { get; } = new();

    public ILoggerFactory LoggerFactory => Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.AddProvider(this).SetMinimumLevel(LogLevel.Trace));

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    /// <summary>The retry delays the pipeline scheduled, in order.</summary>
    public TimeSpan[] RetryDelays => Logs.Where(l => l.Event == "RetryScheduled")
        .Select(l => TimeSpan.FromMilliseconds(Convert.ToDouble(l.State.First(s => s.Key == "DelayMs").Value, System.Globalization.CultureInfo.InvariantCulture)))
        .ToArray();

    public void AssertNeverContains(string secret)
    {
        var leaks = Texts.Where(t => t.Contains(secret, StringComparison.Ordinal)).ToList();
        Assert.True(leaks.Count == 0, "The token leaked into telemetry: " + string.Join(" | ", leaks.Take(3)));
        Assert.NotEmpty(Texts);
    }

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }

    private void Measure(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        Counters.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
        foreach (var tag in tags)
        {
            Texts.Add($"{tag.Key}={tag.Value}");
        }
    }

    private sealed class Logger(Telemetry owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? Array.Empty<KeyValuePair<string, object?>>();
            owner.Logs.Enqueue((logLevel, eventId.Name ?? "", message, values));
            owner.Texts.Add(message + " " + exception);
            foreach (var value in values)
            {
                owner.Texts.Add($"{value.Key}={value.Value}");
            }
        }
    }
}

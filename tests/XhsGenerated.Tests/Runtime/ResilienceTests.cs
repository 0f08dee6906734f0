using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using XhsGenerated.Sandbox;
using XhsGenerated.Tests.Client;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Runtime;

/// <summary>Retries, budgets, failover, timeouts and cancellation against the sandbox's faults, on fake time.</summary>
[Collection(TelemetryCollection.Name)]
public sealed partial class ResilienceTests : IAsyncLifetime, IDisposable
{
    private readonly Telemetry _telemetry = new();
    private SandboxServer _sandbox = null!;

    public async Task InitializeAsync()
    {
        var options = new SandboxOptions();
        options.Tokens.Add(Seed.Token);
        _sandbox = await SandboxServer.StartAsync(options);
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    public void Dispose() => _telemetry.Dispose();

    private XiaohongshuClient NewClient(FakeTimeProvider time, Action<JustOneApiOptions>? configure = null)
    {
        var options = new JustOneApiOptions { Token = Seed.Token, BaseAddress = _sandbox.BaseAddress, TimeProvider = time };
        configure?.Invoke(options);
        return new XiaohongshuClient(new XhsGenerated.Http.JustOneApiTransport(options, XiaohongshuClient.Servers, _telemetry.LoggerFactory.CreateLogger("test")));
    }

    public static TheoryData<SandboxFault, double, double> Retryable => new()
    {
        // Fault, and the band of the first retry delay in seconds (1 s base, 5 s after a rate limit, ±20 % jitter).
        { SandboxFault.Code301, 0.8, 1.2 },
        { SandboxFault.Code302, 4.0, 6.0 },
        { SandboxFault.Code500, 0.8, 1.2 },
        { SandboxFault.Html503, 0.8, 1.2 },
        { SandboxFault.Truncated, 0.8, 1.2 },
        { SandboxFault.Drop, 0.8, 1.2 },
    };

    [Theory]
    [MemberData(nameof(Retryable))]
    public async Task Each_retryable_failure_is_retried_with_backoff_and_succeeds(SandboxFault fault, double minDelay, double maxDelay)
    {
        var time = FakeClock.Create();
        using var client = NewClient(time);
        _sandbox.EnqueueFaults(fault);

        var response = await FakeClock.RunAsync(time, () => client.SearchUserV2Async("穿搭"));

        Assert.Equal(20, response.Data!.Users.Count);
        Assert.Equal(2, _sandbox.Stats.Total);
        var delay = Assert.Single(_telemetry.RetryDelays);
        Assert.InRange(delay.TotalSeconds, minDelay, maxDelay);
        _telemetry.AssertNeverContains(Seed.Token);
    }

    [Fact]
    public async Task With_a_rate_a_302_is_retried_after_the_short_delay_since_the_adaptive_rate_paces_the_retry()
    {
        var time = FakeClock.Create();
        using var client = NewClient(time, o => o.RequestsPerSecond = 50);
        _sandbox.EnqueueFaults(SandboxFault.Code302);

        var response = await FakeClock.RunAsync(time, () => client.SearchUserV2Async("穿搭"));

        Assert.Equal(20, response.Data!.Users.Count);
        var delay = Assert.Single(_telemetry.RetryDelays);
        // RetryBaseDelay (1 s, ±20 %) or the sandbox's Retry-After (1 s), not the 5 s of RateLimitBaseDelay.
        Assert.InRange(delay.TotalSeconds, 0.8, 1.2);
    }

    [Fact]
    public async Task Code_503_in_the_envelope_is_retried()
    {
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            var first = Interlocked.Increment(ref calls) == 1;
            context.Response.StatusCode = first ? 503 : 200;
            await context.Response.WriteAsync(first ? Seed.Envelope(503, "busy") : Seed.Example);
        });
        var time = FakeClock.Create();
        using var client = NewClient(time, o => o.BaseAddress = server.BaseAddress);

        await FakeClock.RunAsync(time, () => client.SearchUserV2Async("x"));

        Assert.Equal(2, calls);
    }

    [Theory]
    [InlineData(100, 401, typeof(InvalidTokenException))]
    [InlineData(303, 429, typeof(DailyQuotaExceededException))]
    [InlineData(400, 400, typeof(InvalidParametersException))]
    [InlineData(600, 403, typeof(PermissionDeniedException))]
    [InlineData(601, 200, typeof(InsufficientBalanceException))]
    [InlineData(602, 200, typeof(SpendLimitReachedException))]
    [InlineData(202, 200, typeof(JustOneApiException))]
    public async Task A_code_that_is_never_retried_fails_after_exactly_one_request(int code, int status, Type expected)
    {
        await using var server = await LoopbackServer.StartAsync(status, Seed.Envelope(code, "rejected token=" + Seed.Token));
        var time = FakeClock.Create();
        using var client = NewClient(time, o => o.BaseAddress = server.BaseAddress);

        var ex = await Assert.ThrowsAnyAsync<JustOneApiException>(() => FakeClock.RunAsync(time, () => client.SearchUserV2Async("x")));

        Assert.Equal(expected, ex.GetType());
        Assert.Equal(1, ex.Attempts);
        Assert.Single(server.Requests);
        Assert.Empty(_telemetry.RetryDelays);
        Assert.Equal("rejected token=***", ex.ApiMessage);
        Assert.DoesNotContain(Seed.Token, ex.ToString(), StringComparison.Ordinal);
        _telemetry.AssertNeverContains(Seed.Token);
    }

    [Fact]
    public async Task Wrong_token_and_daily_quota_from_the_sandbox_are_not_retried()
    {
        var time = FakeClock.Create();
        using var wrong = new XiaohongshuClient(new JustOneApiOptions { Token = "tok_not_accepted_000000000000", BaseAddress = _sandbox.BaseAddress, TimeProvider = time });
        using var client = NewClient(time);
        _sandbox.EnqueueFaults(SandboxFault.Code303);

        await Assert.ThrowsAsync<DailyQuotaExceededException>(() => FakeClock.RunAsync(time, () => client.SearchUserV2Async("x")));
        await Assert.ThrowsAsync<InvalidTokenException>(() => FakeClock.RunAsync(time, () => wrong.SearchUserV2Async("x")));

        Assert.Equal(2, _sandbox.Stats.Total);
    }

    [Fact]
    public async Task Retry_after_is_honoured_when_longer_than_the_computed_delay()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { RetryAfter = TimeSpan.FromSeconds(10) });
        var time = FakeClock.Create();
        using var client = NewClient(time, o =>
        {
            o.Token = SandboxOptions.DefaultToken;
            o.BaseAddress = sandbox.BaseAddress;
            o.RateLimitBaseDelay = TimeSpan.FromMilliseconds(100);
        });
        sandbox.EnqueueFaults(SandboxFault.Code302);

        await FakeClock.RunAsync(time, () => client.SearchUserV2Async("x"));

        Assert.Equal(TimeSpan.FromSeconds(10), Assert.Single(_telemetry.RetryDelays));
    }

    [Fact]
    public async Task The_attempt_budget_ends_with_the_last_typed_failure_and_its_attempt_count()
    {
        var time = FakeClock.Create();
        using var client = NewClient(time, o => o.MaxAttempts = 3);
        _sandbox.EnqueueFaults(SandboxFault.Code301, SandboxFault.Code301, SandboxFault.Code500, SandboxFault.Code301);

        var ex = await Assert.ThrowsAsync<ServerErrorException>(() => FakeClock.RunAsync(time, () => client.SearchUserV2Async("x")));

        Assert.Equal(3, ex.Attempts);
        Assert.Contains("after 3 attempts", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, _sandbox.Stats.Total);
        var delays = _telemetry.RetryDelays;
        Assert.Equal(2, delays.Length);
        Assert.InRange(delays[1].TotalSeconds, 1.6, 2.4);
    }

    [Fact]
    public async Task The_time_budget_stops_retrying()
    {
        var time = FakeClock.Create();
        using var client = NewClient(time, o =>
        {
            o.MaxAttempts = 20;
            o.TotalTimeout = TimeSpan.FromSeconds(10);
        });
        _sandbox.EnqueueFaults(Enumerable.Repeat(SandboxFault.Code301, 20).ToArray());
        var started = time.GetUtcNow();

        var ex = await Assert.ThrowsAsync<CollectionFailedException>(() => FakeClock.RunAsync(time, () => client.SearchUserV2Async("x")));

        Assert.InRange(ex.Attempts, 2, 5);
        Assert.Equal(ex.Attempts, _sandbox.Stats.Total);
        Assert.InRange((time.GetUtcNow() - started).TotalSeconds, 9, 12);
    }

    [Fact]
    public async Task A_retry_after_beyond_the_time_budget_is_not_waited_for()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { RetryAfter = TimeSpan.FromMinutes(10) });
        var time = FakeClock.Create();
        using var client = NewClient(time, o =>
        {
            o.Token = SandboxOptions.DefaultToken;
            o.BaseAddress = sandbox.BaseAddress;
        });
        sandbox.EnqueueFaults(SandboxFault.Code302);

        var ex = await Assert.ThrowsAsync<RateLimitExceededException>(() => FakeClock.RunAsync(time, () => client.SearchUserV2Async("x")));

        Assert.Equal(TimeSpan.FromMinutes(10), ex.RetryAfter);
        Assert.Equal(1, sandbox.Stats.Total);
    }

    [Fact]
    public async Task A_slow_attempt_times_out_and_the_retry_succeeds()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { Delay = TimeSpan.FromSeconds(5) });
        sandbox.EnqueueFaults(SandboxFault.Delay);
        using var client = new XiaohongshuClient(new JustOneApiOptions
        {
            Token = SandboxOptions.DefaultToken,
            BaseAddress = sandbox.BaseAddress,
            AttemptTimeout = TimeSpan.FromSeconds(1),
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        });

        var response = await client.SearchUserV2Async("x");

        Assert.Equal(20, response.Data!.Users.Count);
        Assert.Equal(2, sandbox.Stats.Total);
    }

    [Fact]
    public async Task A_timeout_surfaces_as_a_transient_timeout_exception()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { Delay = TimeSpan.FromSeconds(5) });
        sandbox.EnqueueFaults(SandboxFault.Delay);
        using var client = new XiaohongshuClient(new JustOneApiOptions { Token = SandboxOptions.DefaultToken, BaseAddress = sandbox.BaseAddress, AttemptTimeout = TimeSpan.FromMilliseconds(200), MaxAttempts = 1 });

        var ex = await Assert.ThrowsAsync<JustOneApiTimeoutException>(() => client.SearchUserV2Async("x"));

        Assert.True(ex.IsTransient);
        Assert.Contains("within 00:00:00.2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_stuck_past_the_total_budget_reports_the_total_timeout()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { Delay = TimeSpan.FromSeconds(5) });
        sandbox.EnqueueFaults(SandboxFault.Delay);
        using var client = new XiaohongshuClient(new JustOneApiOptions { Token = SandboxOptions.DefaultToken, BaseAddress = sandbox.BaseAddress, TotalTimeout = TimeSpan.FromMilliseconds(300) });

        var ex = await Assert.ThrowsAsync<JustOneApiTimeoutException>(() => client.SearchUserV2Async("x"));

        Assert.Contains("total timeout", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, ex.Attempts);
    }

    [Fact]
    public async Task Cancellation_during_a_backoff_returns_promptly()
    {
        var time = FakeClock.Create();
        using var client = NewClient(time);
        _sandbox.EnqueueFaults(SandboxFault.Code301);
        using var cts = new CancellationTokenSource();

        var call = client.SearchUserV2Async("x", cancellationToken: cts.Token);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (_telemetry.RetryDelays.Length == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        // The client now waits ~1 s of fake time that never passes: only cancellation can end it.
        cts.Cancel();
        var finished = await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(10)));

        Assert.Same(call, finished);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(1, _sandbox.Stats.Total);
    }

    [Fact]
    public async Task Cancellation_before_the_call_throws_operation_canceled()
    {
        using var client = NewClient(FakeClock.Create());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SearchUserV2Async("x", cancellationToken: new CancellationToken(canceled: true)));
    }
}

using Microsoft.AspNetCore.Http;
using XhsGenerated.Sandbox;
using XhsGenerated.Tests.Client;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Runtime;

/// <summary>Rate and concurrency limits, the response cache and the daily call budget, in one process and shared through Redis.</summary>
[Collection(TelemetryCollection.Name)]
public sealed partial class ScalingTests : IDisposable
{
    private readonly Telemetry _telemetry = new();

    public void Dispose() => _telemetry.Dispose();

    private XiaohongshuClient NewClient(Uri baseAddress, Action<JustOneApiOptions> configure)
    {
        var options = new JustOneApiOptions { Token = Seed.Token, BaseAddress = baseAddress, MaxAttempts = 1 };
        configure(options);
        return new XiaohongshuClient(new XhsGenerated.Http.JustOneApiTransport(options, XiaohongshuClient.Servers, _telemetry.LoggerFactory.CreateLogger("scaling")));
    }

    private static async Task<SandboxServer> SandboxAsync(int? rateLimit = null)
    {
        var options = new SandboxOptions { RateLimitPerSecond = rateLimit };
        options.Tokens.Add(Seed.Token);
        return await SandboxServer.StartAsync(options);
    }

    [Fact]
    public async Task Requests_per_second_keeps_a_burst_of_calls_under_the_servers_rate_limit()
    {
        await using var sandbox = await SandboxAsync(rateLimit: 10);
        using var client = NewClient(sandbox.BaseAddress, o => o.RequestsPerSecond = 6);

        await Task.WhenAll(Enumerable.Range(0, 24).Select(i => client.SearchUserV2Async("k" + i)));

        Assert.Equal(24, sandbox.Stats.Total);
        Assert.Equal(0, sandbox.Stats.Count("code_302"));
        Assert.True(_telemetry.Counters.TryGetValue("justoneapi.client.limiter.wait", out var waited) && waited > 1, $"waited {waited} s in all");
    }

    [Fact]
    public async Task Without_a_limit_the_same_burst_meets_the_servers_rate_limit()
    {
        await using var sandbox = await SandboxAsync(rateLimit: 10);
        using var client = NewClient(sandbox.BaseAddress, _ => { });

        await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
        {
            try
            {
                await client.SearchUserV2Async("k" + i);
            }
            catch (RateLimitExceededException)
            {
            }
        }));

        Assert.True(sandbox.Stats.Count("code_302") > 0);
    }

    [Theory]
    [InlineData(1_000.0)]
    [InlineData(1_000_000.0)]
    public async Task A_high_rate_lets_calls_through_and_never_stalls(double rate)
    {
        await using var sandbox = await SandboxAsync();
        using var client = NewClient(sandbox.BaseAddress, o => { o.RequestsPerSecond = rate; o.TotalTimeout = TimeSpan.FromSeconds(30); });

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => client.SearchUserV2Async("k" + i)));

        Assert.Equal(40, sandbox.Stats.Total);
    }

    [Fact]
    public async Task Waiting_for_a_permit_counts_against_the_calls_budget_and_can_be_canceled()
    {
        await using var sandbox = await SandboxAsync();
        using var client = NewClient(sandbox.BaseAddress, o => { o.RequestsPerSecond = 0.2; o.TotalTimeout = TimeSpan.FromMilliseconds(400); });
        await client.SearchUserV2Async("first");

        var timedOut = await Assert.ThrowsAsync<JustOneApiTimeoutException>(() => client.SearchUserV2Async("second"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        using var patient = NewClient(sandbox.BaseAddress, o => o.RequestsPerSecond = 0.2);
        await patient.SearchUserV2Async("first");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => patient.SearchUserV2Async("third", cancellationToken: cancel.Token));

        Assert.Equal(2, sandbox.Stats.Total);
        Assert.Contains("time budget", timedOut.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Max_concurrent_requests_bounds_the_requests_in_flight()
    {
        var inFlight = 0;
        var most = 0;
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            await Task.Delay(50);
            Interlocked.Decrement(ref inFlight);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(Seed.Example);
        });
        using var client = NewClient(server.BaseAddress, o => o.MaxConcurrentRequests = 3);

        await Task.WhenAll(Enumerable.Range(0, 15).Select(i => client.SearchUserV2Async("k" + i)));

        Assert.InRange(most, 1, 3);
        Assert.Equal(15, server.Requests.Count);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var current = Volatile.Read(ref target); value > current; current = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current)
            {
                return;
            }
        }
    }

    [Fact]
    public async Task A_cached_operation_answers_repeats_and_concurrent_twins_from_one_request_and_never_caches_failures()
    {
        await using var sandbox = await SandboxAsync();
        using var client = NewClient(sandbox.BaseAddress, o => o.CacheDurations["getSearchUserV2"] = TimeSpan.FromMinutes(5));

        var first = await client.SearchUserV2Async("穿搭", page: 2);
        var again = await client.SearchUserV2Async("穿搭", page: 2);
        var twins = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.SearchUserV2Async("twins")));
        var other = await client.SearchUserV2Async("穿搭", page: 3);
        sandbox.EnqueueFaults(SandboxFault.Code301);
        await Assert.ThrowsAsync<CollectionFailedException>(() => client.SearchUserV2Async("flaky"));
        var recovered = await client.SearchUserV2Async("flaky");

        Assert.Equal(first.Data!.Users.Select(u => u.Id), again.Data!.Users.Select(u => u.Id));
        Assert.All(twins, t => Assert.Equal(twins[0].Data!.Users.Select(u => u.Id), t.Data!.Users.Select(u => u.Id)));
        Assert.NotEqual(first.Data.Users[0].Id, other.Data!.Users[0].Id);
        Assert.Equal(20, recovered.Data!.Users.Count);
        var requests = sandbox.Stats.Requests("getSearchUserV2");
        Assert.Equal(1, requests.Single(r => r.Keyword == "穿搭" && r.Page == 2).Count);
        Assert.Equal(1, requests.Single(r => r.Keyword == "twins").Count);
        Assert.Equal(2, requests.Single(r => r.Keyword == "flaky").Count);
        Assert.Equal(5, sandbox.Stats.Total);
        Assert.True(_telemetry.Counters.GetValueOrDefault("justoneapi.client.cache.hits") >= 10);
    }

    [Fact]
    public async Task An_operation_not_listed_is_not_cached()
    {
        await using var sandbox = await SandboxAsync();
        using var client = NewClient(sandbox.BaseAddress, o => o.CacheDurations["getSomethingElse"] = TimeSpan.FromMinutes(5));

        await client.SearchUserV2Async("a");
        await client.SearchUserV2Async("a");

        Assert.Equal(2, sandbox.Stats.Total);
    }

    [Fact]
    public async Task A_call_over_the_daily_budget_throws_before_any_request_is_sent()
    {
        await using var sandbox = await SandboxAsync();
        using var client = NewClient(sandbox.BaseAddress, o => o.DailyCallBudget = 2);

        await client.SearchUserV2Async("a");
        await client.SearchUserV2Async("b");
        var refused = await Assert.ThrowsAsync<CallBudgetExceededException>(() => client.SearchUserV2Async("c"));

        Assert.Equal(2, sandbox.Stats.Total);
        Assert.Equal(2, refused.Budget);
        Assert.False(refused.IsTransient);
        Assert.Contains("DailyCallBudget", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Seed.Token, refused.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void A_bad_rate_is_a_configuration_error(double rate)
    {
        var ex = Assert.Throws<JustOneApiConfigurationException>(() => new XiaohongshuClient(new JustOneApiOptions { Token = "t", RequestsPerSecond = rate }));

        Assert.Contains("RequestsPerSecond", ex.Message, StringComparison.Ordinal);
    }
}

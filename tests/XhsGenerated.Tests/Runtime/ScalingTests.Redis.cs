using StackExchange.Redis;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Runtime;

/// <summary>The same limits shared through Redis, and what happens when Redis is away or hangs.</summary>
public sealed partial class ScalingTests
{
    [RedisFact]
    public async Task Through_redis_two_processes_share_the_daily_budget_and_the_cache_and_keys_never_hold_the_token()
    {
        using var redis = await RedisServer.StartAsync();
        await using var sandbox = await SandboxAsync();

        // Two clients with their own coordination objects: as two processes would be.
        using var coordinationA = new XhsGenerated.Redis.RedisCoordination(redis.Configuration);
        using var coordinationB = new XhsGenerated.Redis.RedisCoordination(redis.Configuration);
        void Configure(JustOneApiOptions o, XhsGenerated.Redis.RedisCoordination c)
        {
            o.Coordination = c;
            o.DailyCallBudget = 3;
            o.CacheDurations["getSearchUserV2"] = TimeSpan.FromMinutes(5);
        }

        using var a = NewClient(sandbox.BaseAddress, o => Configure(o, coordinationA));
        using var b = NewClient(sandbox.BaseAddress, o => Configure(o, coordinationB));

        await a.SearchUserV2Async("shared");

        // HybridCache writes its second level in the background: wait until the answer is in Redis.
        using var inspect = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        for (var i = 0; i < 100 && !inspect.GetServer(redis.Configuration).Keys(pattern: "xhs:cache:*").Any(); i++)
        {
            await Task.Delay(50);
        }

        var fromRedis = await b.SearchUserV2Async("shared");
        await a.SearchUserV2Async("x1");
        await b.SearchUserV2Async("x2");
        await Assert.ThrowsAsync<CallBudgetExceededException>(() => a.SearchUserV2Async("x3"));
        await Assert.ThrowsAsync<CallBudgetExceededException>(() => b.SearchUserV2Async("x4"));

        Assert.Equal(20, fromRedis.Data!.Users.Count);
        Assert.Equal(3, sandbox.Stats.Total);
        var keys = inspect.GetServer(redis.Configuration).Keys(pattern: "*").Select(k => k.ToString()).ToList();
        Assert.Contains(keys, k => k.StartsWith("xhs:cache:", StringComparison.Ordinal));
        Assert.Contains(keys, k => k.Contains(":calls:", StringComparison.Ordinal));
        Assert.DoesNotContain(keys, k => k.Contains(Seed.Token, StringComparison.Ordinal) || k.Contains(Uri.EscapeDataString(Seed.Token), StringComparison.Ordinal));
        Assert.Equal(3, (long)await inspect.GetDatabase().StringGetAsync(keys.Single(k => k.Contains(":calls:", StringComparison.Ordinal))));
    }

    [RedisFact]
    public async Task Through_redis_the_rate_is_shared_by_clients_that_do_not_know_of_each_other()
    {
        using var redis = await RedisServer.StartAsync();
        await using var sandbox = await SandboxAsync(rateLimit: 10);
        var clients = Enumerable.Range(0, 3).Select(_ => new XhsGenerated.Redis.RedisCoordination(redis.Configuration)).ToList();
        var apis = clients.Select(c => NewClient(sandbox.BaseAddress, o => { o.Coordination = c; o.RequestsPerSecond = 6; })).ToList();

        // 6 per second together (each alone would also be allowed 6): well under the sandbox's 10, even on a busy machine.
        await Task.WhenAll(apis.SelectMany((api, n) => Enumerable.Range(0, 8).Select(i => api.SearchUserV2Async($"c{n}-{i}"))));
        var (first, last) = sandbox.Stats.Arrivals;

        Assert.Equal(24, sandbox.Stats.Total);
        Assert.True((last!.Value - first!.Value).TotalSeconds >= 23 / 6.0 * 0.9, $"24 requests in {(last.Value - first.Value).TotalSeconds:F2} s: the rate was not shared");
        Assert.Equal(0, sandbox.Stats.Count("code_302"));
        apis.ForEach(a => a.Dispose());
        clients.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task With_redis_unreachable_the_client_falls_back_to_local_limits_warns_and_never_crashes()
    {
        await using var sandbox = await SandboxAsync();
        var port = ServerBinaries.FreePort();
        using var coordination = new XhsGenerated.Redis.RedisCoordination("127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture), _telemetry.LoggerFactory.CreateLogger("redis"));
        using var client = NewClient(sandbox.BaseAddress, o =>
        {
            o.Coordination = coordination;
            o.RequestsPerSecond = 50;
            o.DailyCallBudget = 2;
            o.CacheDurations["getSearchUserV2"] = TimeSpan.FromMinutes(1);
        });

        var first = await client.SearchUserV2Async("a");
        var cached = await client.SearchUserV2Async("a");
        await client.SearchUserV2Async("b");
        await Assert.ThrowsAsync<CallBudgetExceededException>(() => client.SearchUserV2Async("c"));

        Assert.Equal(20, first.Data!.Users.Count);
        Assert.Equal(first.Data.Users[0].Id, cached.Data!.Users[0].Id);
        Assert.Equal(2, sandbox.Stats.Total);
        Assert.Contains(_telemetry.Logs, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Warning && l.Message.Contains("unreachable", StringComparison.Ordinal));
    }

    [RedisFact]
    public async Task A_redis_that_hangs_mid_run_is_fallen_back_from_and_no_redis_exception_escapes_a_call()
    {
        // A frozen Redis keeps its connections open: commands time out (RedisTimeoutException, a
        // TimeoutException and not a RedisException) instead of failing at once.
        using var redis = await RedisServer.StartAsync();
        await using var sandbox = await SandboxAsync();
        using var coordination = new XhsGenerated.Redis.RedisCoordination(redis.Configuration, _telemetry.LoggerFactory.CreateLogger("redis"));
        using var client = NewClient(sandbox.BaseAddress, o =>
        {
            o.Coordination = coordination;
            o.RequestsPerSecond = 50;
            o.DailyCallBudget = 100;
            o.CacheDurations["getSearchUserV2"] = TimeSpan.FromMinutes(1);
        });
        await client.SearchUserV2Async("before");

        redis.Pause();
        try
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => client.SearchUserV2Async($"hung {i}")));

            Assert.All(answers, a => Assert.Equal(20, a.Data!.Users.Count));
            Assert.Equal(13, sandbox.Stats.Total);
            Assert.Contains(_telemetry.Logs, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Warning && l.Message.Contains("RedisTimeoutException", StringComparison.Ordinal));
        }
        finally
        {
            redis.Resume();
        }

        // Back: the shared state is used again (the cached answer from before the freeze is served from Redis or memory alike).
        await client.SearchUserV2Async("after");
        Assert.Equal(14, sandbox.Stats.Total);
    }
}

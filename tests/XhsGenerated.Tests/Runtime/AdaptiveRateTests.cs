using CsCheck;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using XhsGenerated.Tests.Infrastructure;
using XhsGenerated.Scaling;

namespace XhsGenerated.Tests.Runtime;

/// <summary>The adaptive rate's arithmetic: down on a 302 (once a second), quickly back near where the server objected, then a slow probe to the ceiling.</summary>
public sealed class AdaptiveRateTests
{
    [Fact]
    public void A_302_lowers_the_rate_once_a_second_and_it_climbs_back_to_the_ceiling()
    {
        var time = new FakeTimeProvider();
        var rate = new AdaptiveRate(time);

        rate.RateLimited();
        rate.RateLimited();
        var after = rate.Factor;
        time.Advance(TimeSpan.FromSeconds(2.5));
        var recovering = rate.Factor;
        time.Advance(TimeSpan.FromSeconds(2));
        var probing = rate.Factor;
        time.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(0.7, after, 6);
        Assert.Equal(1, rate.Backoffs);
        Assert.Equal(0.95, recovering, 6);
        Assert.InRange(probing, 0.95, 0.99);
        Assert.Equal(1, rate.Factor, 6);
    }

    [Fact]
    public void Repeated_302s_find_a_lower_limit_and_never_go_under_the_floor()
    {
        var time = new FakeTimeProvider();
        var rate = new AdaptiveRate(time);

        for (var i = 0; i < 3; i++)
        {
            rate.RateLimited();
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.InRange(rate.Factor, 0.5, 0.6);
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.InRange(rate.Factor, 0.6, 1.0);
        var lowest = 1.0;
        for (var i = 0; i < 100; i++)
        {
            rate.RateLimited();
            lowest = Math.Min(lowest, rate.Factor);
            time.Advance(TimeSpan.FromSeconds(1.01));
        }

        // A 302 every second holds the rate low, and never under the floor.
        Assert.InRange(lowest, AdaptiveRate.Floor, 0.3);
    }

    [RedisFact]
    public async Task The_shared_rate_on_redis_computes_the_same_factor_as_the_process_rate()
    {
        // The Lua copy of AdaptiveRate.At (RedisRateLimiter.FactorFunction) run on a real Redis,
        // against the C# one, over starts, objections and elapsed times: one algorithm, two places.
        using var redis = await RedisServer.StartAsync();
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var database = connection.GetDatabase();
        const string script = XhsGenerated.Redis.RedisRateLimiter.FactorFunction + """
            return tostring(factor({ ARGV[1], ARGV[2], '0' }, tonumber(ARGV[3])))
            """;

        Gen.Select(Gen.Double[AdaptiveRate.Floor, 1], Gen.Double[AdaptiveRate.Floor, 1], Gen.Double[0, 300]).Sample((start, objected, seconds) =>
        {
            var lua = double.Parse((string)database.ScriptEvaluate(script, ["xhs:test:tat", "xhs:test:state"], [start.ToString("R", System.Globalization.CultureInfo.InvariantCulture), objected.ToString("R", System.Globalization.CultureInfo.InvariantCulture), Math.Round(seconds * 1_000_000)])!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(AdaptiveRate.At(start, objected, Math.Round(seconds * 1_000_000) / 1_000_000), lua, 9);
        }, iter: 300);
    }
}

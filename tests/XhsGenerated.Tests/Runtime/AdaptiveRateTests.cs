using CsCheck;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using XhsGenerated.Tests.Infrastructure;
using XhsGenerated.Scaling;

namespace XhsGenerated.Tests.Runtime;

/// <summary>The adaptive rate's arithmetic: down on a 302 (once a second), quickly back near where the server objected, settled when it objects there again, then a slow probe to the ceiling.</summary>
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

    [Fact]
    public void A_302_near_the_last_objection_settles_just_under_it_and_probes_again_only_after_a_while()
    {
        var time = new FakeTimeProvider();
        var rate = new AdaptiveRate(time);

        rate.RateLimited();                        // at 1: down to 0.7, back quickly to 0.95
        time.Advance(TimeSpan.FromSeconds(7.5));   // probing: 1.0 again
        rate.RateLimited();                        // within 10 % of the last objection: the limit is here
        var settled = rate.Factor;
        time.Advance(TimeSpan.FromSeconds(AdaptiveRate.SettledSeconds - 1));
        var held = rate.Factor;
        time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(0.95, settled, 6);
        Assert.Equal(0.95, held, 6);
        Assert.Equal(0.97, rate.Factor, 6);
        Assert.Equal(2, rate.Backoffs);
    }

    [RedisFact]
    public async Task The_shared_rate_on_redis_computes_the_same_factor_and_backoff_as_the_process_rate()
    {
        // The Lua copy of AdaptiveRate.At and AdaptiveRate.After (RedisRateLimiter.FactorFunction) run on
        // a real Redis, against the C# ones, over starts, objections, settled or not, and elapsed times:
        // one algorithm, two places.
        using var redis = await RedisServer.StartAsync();
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var database = connection.GetDatabase();
        const string script = XhsGenerated.Redis.RedisRateLimiter.FactorFunction + """
            local start, settled = after(tonumber(ARGV[1]), ARGV[5] == '1' and tonumber(ARGV[2]) or nil)
            return { tostring(factor({ ARGV[1], ARGV[2], '0', ARGV[4] }, tonumber(ARGV[3]))), tostring(start), settled }
            """;
        static string Text(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

        Gen.Select(Gen.Double[AdaptiveRate.Floor, 1], Gen.Double[AdaptiveRate.Floor, 1], Gen.Double[0, 300], Gen.Bool, Gen.Bool).Sample((start, objected, seconds, settled, hasPrevious) =>
        {
            var micros = Math.Round(seconds * 1_000_000);
            var lua = (RedisResult[])database.ScriptEvaluate(script, ["xhs:test:tat", "xhs:test:state"], [Text(start), Text(objected), micros, settled ? "1" : "0", hasPrevious ? "1" : "0"])!;
            var (next, nextSettled) = AdaptiveRate.After(start, hasPrevious ? objected : null);
            Assert.Equal(AdaptiveRate.At(start, objected, settled, micros / 1_000_000), double.Parse((string)lua[0]!, System.Globalization.CultureInfo.InvariantCulture), 9);
            Assert.Equal(next, double.Parse((string)lua[1]!, System.Globalization.CultureInfo.InvariantCulture), 9);
            Assert.Equal(nextSettled ? "1" : "0", (string)lua[2]!);
        }, iter: 300);
    }
}

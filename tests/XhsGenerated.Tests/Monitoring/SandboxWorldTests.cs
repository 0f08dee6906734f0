using System.Text.Json.Nodes;
using XhsGenerated.Sandbox;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Monitoring;

/// <summary>The sandbox's world moves from day to day, deterministically, and related keywords share creators.</summary>
public sealed class SandboxWorldTests
{
    private static readonly UserSearchPages Pages = new(Seed.ExampleNode(), 20);

    private static List<JsonObject> Users(string keyword, int day)
        => Enumerable.Range(1, UserSearchPages.PageCount(keyword)).SelectMany(p => Pages.Data(keyword, p, day)["users"]!.AsArray().Select(u => u!.AsObject())).ToList();

    [Fact]
    public void The_same_day_answers_identically_and_the_next_day_moves_a_little()
    {
        foreach (var keyword in new[] { "穿搭", "coffee shop", "a&b #c/d?e+f g" })
        {
            var today = Users(keyword, 20500);
            Assert.Equal(today.Select(u => u.ToJsonString()), Users(keyword, 20500).Select(u => u.ToJsonString()));
            Assert.Equal(today.Count, today.Select(u => u["id"]!.GetValue<string>()).Distinct().Count());

            var tomorrow = Users(keyword, 20501);
            var ids = today.Select(u => u["id"]!.GetValue<string>()).ToList();
            var next = tomorrow.Select(u => u["id"]!.GetValue<string>()).ToList();
            var stayed = ids.Intersect(next).Count();
            Assert.InRange(stayed, ids.Count * 80 / 100, ids.Count * 99 / 100);
            Assert.InRange(ids.Count(id => next.IndexOf(id) is var i && i >= 0 && i != ids.IndexOf(id)), ids.Count / 10, ids.Count);
        }
    }

    [Fact]
    public void A_few_percent_of_creators_change_name_description_or_verification_from_one_day_to_the_next()
    {
        var creators = Enumerable.Range(0, CreatorWorld.PoolSize).Select(i => new CreatorWorld.Creator("穿搭", i)).ToList();
        var changed = 0;
        for (var day = 20500; day < 20530; day++)
        {
            changed += creators.Count(c => c.Profile(day) != c.Profile(day + 1));
        }

        // About one creator in fifty a day (each keeps a profile for 20 to 120 days).
        Assert.InRange(changed / 30.0 / creators.Count, 0.005, 0.06);
        Assert.Contains(creators, c => c.Profile(20500).Name != c.Profile(20700).Name);
        Assert.Contains(creators, c => c.Profile(20500).Verified != c.Profile(20700).Verified);
        Assert.All(creators, c => Assert.StartsWith("小红书号:" + c.Profile(20500).RedId, c.Profile(20500).Desc, StringComparison.Ordinal));
    }

    [Fact]
    public void Related_keywords_share_part_of_their_creators_and_unrelated_ones_share_none()
    {
        HashSet<string> Ids(string keyword) => Users(keyword, 20500).Select(u => u["id"]!.GetValue<string>()).ToHashSet();

        Assert.InRange(Ids("穿搭").Intersect(Ids("穿搭男")).Count(), 5, 120);
        Assert.InRange(Ids("coffee").Intersect(Ids("coffee shop")).Count(), 5, 120);
        Assert.Empty(Ids("穿搭").Intersect(Ids("咖啡")));
        Assert.Equal(["穿搭男", "穿搭", "搭男"], CreatorWorld.Pools("穿搭男"));
        Assert.Equal(["Coffee Shop", "coffee", "shop"], CreatorWorld.Pools("Coffee Shop"));
    }

    [Theory]
    [InlineData("20793", 20793)]
    [InlineData("2026-12-06", 20793)]
    [InlineData("1970-01-01", 0)]
    public void A_day_is_a_number_or_a_date_and_today_is_todays_utc_date(string text, int day)
    {
        Assert.Equal(day, CreatorWorld.ParseDay(text));
        Assert.Equal(20793, CreatorWorld.DayOf(new DateTimeOffset(2026, 12, 6, 23, 59, 0, TimeSpan.Zero)));
        Assert.Equal(20793, CreatorWorld.DayOf(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.FromHours(8))));
        Assert.Throws<ArgumentException>(() => CreatorWorld.ParseDay("tomorrow"));
    }

    [Fact]
    public async Task The_embedded_sandbox_is_on_todays_utc_date_by_its_clock_and_on_its_pinned_day()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
        await using var today = await SandboxServer.StartAsync(new SandboxOptions { TimeProvider = clock });
        await using var pinned = await SandboxServer.StartAsync(new SandboxOptions { Day = 20000 });
        Assert.Equal(20793, today.Day);
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(20794, today.Day);
        Assert.Equal(20000, pinned.Day);
    }
}

using System.Text.Json.Nodes;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Monitoring;

/// <summary>What the monitoring tests share: keyword files, the sandbox's answers read over HTTP, and the changes they imply.</summary>
internal static class MonitoringFixture
{
    /// <summary>Related keywords (shared pools), an unrelated one, and one whose creators' names are markup.</summary>
    public static readonly string[] Keywords = { "穿搭", "穿搭男", "男士穿搭", "咖啡", "咖啡店" };

    public static string KeywordFile(string folder, IEnumerable<string> keywords)
    {
        var path = Path.Combine(folder, "keywords-" + Guid.NewGuid().ToString("N")[..8] + ".txt");
        File.WriteAllLines(path, keywords.Prepend("# keywords"));
        return path;
    }

    /// <summary>
    /// A keyword's users in rank order as the sandbox at <paramref name="address"/> answers pages
    /// 1..<paramref name="pages"/> (stopping after an empty page): rank is the 1-based position across the
    /// pages, the first listing of a user kept.
    /// </summary>
    public static async Task<Dictionary<string, (int Rank, JsonObject User)>> RankingAsync(string address, string keyword, int pages)
    {
        using var http = new HttpClient();
        var ranking = new Dictionary<string, (int, JsonObject)>(StringComparer.Ordinal);
        var position = 0;
        for (var page = 1; page <= pages; page++)
        {
            var body = JsonNode.Parse(await http.GetStringAsync($"{address.TrimEnd('/')}/api/xiaohongshu/search-user/v2?token=sandbox-token&keyword={Uri.EscapeDataString(keyword)}&page={page}"))!;
            var users = body["data"]!["users"]!.AsArray();
            foreach (var user in users)
            {
                position++;
                ranking.TryAdd(user!["id"]!.GetValue<string>(), (position, user.AsObject()));
            }

            if (users.Count == 0)
            {
                break;
            }
        }

        return ranking;
    }

    /// <summary>The new, gone and moved users that two days' answers imply, as "kind|keyword|user|from|to" lines, sorted.</summary>
    public static async Task<List<string>> ExpectedChangesAsync(string dayOne, string dayTwo, IEnumerable<string> keywords, int pages)
    {
        var lines = new List<string>();
        foreach (var keyword in keywords)
        {
            var before = await RankingAsync(dayOne, keyword, pages);
            var after = await RankingAsync(dayTwo, keyword, pages);
            lines.AddRange(after.Where(a => !before.ContainsKey(a.Key)).Select(a => $"new|{keyword}|{a.Key}||{a.Value.Rank}"));
            lines.AddRange(before.Where(b => !after.ContainsKey(b.Key)).Select(b => $"gone|{keyword}|{b.Key}|{b.Value.Rank}|"));
            lines.AddRange(after.Where(a => before.TryGetValue(a.Key, out var b) && b.Rank != a.Value.Rank).Select(a => $"moved|{keyword}|{a.Key}|{before[a.Key].Rank}|{a.Value.Rank}"));
        }

        return lines.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The same lines from <c>xhs changes --format json</c>'s rows.</summary>
    public static List<string> RankChanges(JsonArray changes)
        => changes.Where(c => c!["kind"]!.GetValue<string>() != "profile")
            .Select(c => $"{c!["kind"]}|{c["keyword"]}|{c["user_id"]}|{c["from_rank"]?.GetValue<int>()}|{c["to_rank"]?.GetValue<int>()}")
            .Order(StringComparer.Ordinal)
            .ToList();

    public static async Task<JsonArray> JsonAsync(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);
        Assert.True(result.ExitCode == 0, $"xhs {string.Join(' ', args)}: {result.ExitCode} {result.Stderr}");
        return JsonNode.Parse(result.Stdout)!.AsArray();
    }
}

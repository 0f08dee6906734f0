using System.Text.Json;
using CsCheck;
using XhsGenerated.Tools;

namespace XhsGenerated.Tests.Robustness;

/// <summary>An agent can send any JSON as tool arguments: reading them never throws, and every refusal names an argument.</summary>
public sealed class ToolArgumentFuzzTests
{
    private static readonly string[] Known = ["keyword", "page", "count", "ratio", "flag"];

    private static readonly Gen<string> Value = Gen.OneOf(
        Gen.String.Select(s => JsonSerializer.Serialize(s)),
        Gen.Long.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Double.Where(double.IsFinite).Select(d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Bool.Select(b => b ? "true" : "false"),
        Gen.Const("null"), Gen.Const("[]"), Gen.Const("{\"a\":1}"), Gen.Const("\"\""), Gen.Const("\"  \""),
        Gen.Int[-5, 5].Select(n => JsonSerializer.Serialize(n.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    private static readonly Gen<string> Name = Gen.OneOf(Gen.Int[0, Known.Length - 1].Select(i => Known[i]), Gen.String[1, 12]);

    [Fact]
    public void Any_arguments_are_read_without_throwing_and_every_refusal_names_an_argument()
    {
        Gen.Dictionary(Name, Value)[0, 7].Sample(arguments =>
        {
            var json = "{" + string.Join(",", arguments.Select(a => JsonSerializer.Serialize(a.Key) + ":" + a.Value)) + "}";
            var parsed = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

            var reader = new ToolArguments(parsed, "tool", Known);
            var keyword = reader.String("keyword", required: true);
            var page = reader.Int32("page", required: false, minimum: 1);
            var count = reader.Int64("count", required: false, minimum: 0, maximum: 100);
            var ratio = reader.Double("ratio", required: false);
            var flag = reader.Boolean("flag", required: false);

            if (reader.Error is { } error)
            {
                Assert.StartsWith("tool", error, StringComparison.Ordinal);
                Assert.True(error.Contains("argument '", StringComparison.Ordinal) || error.Contains("take an argument '", StringComparison.Ordinal), error);
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(keyword));
                Assert.True(page is null or >= 1);
                Assert.True(count is null or >= 0 and <= 100);
                Assert.True(ratio is null || double.IsFinite(ratio.Value));
                GC.KeepAlive(flag);
            }
        }, iter: 3000);
    }

    [Fact]
    public void Any_query_and_platform_find_operations_without_throwing_at_most_the_limit_and_only_on_that_platform()
    {
        var schema = ToolJson.Parse("{\"type\":\"object\"}");
        var operations = new[] { "xiaohongshu", "douyin", "bilibili" }
            .SelectMany(p => new[] { "search_user_v2", "note_detail_v1", "search_note_v3", "user_notes_v2" }.Select(o => new ToolOperation($"{p}_{o}", p, o.Replace('_', ' '), $"{p}: {o}。详情", schema, null)))
            .ToArray();
        var text = Gen.OneOf(Gen.String, Gen.String[Gen.Char['\u4E00', '\u9FFF'], 0, 6], Gen.Const("user search"), Gen.Const("搜索用户"), Gen.Const("  "), Gen.Const(""));

        Gen.Select(text, Gen.OneOf(Gen.Const((string?)null), text.Select(t => (string?)t), Gen.Const((string?)"Xiaohongshu")), Gen.Int[-3, 30]).Sample((query, platform, max) =>
        {
            var found = ToolOperation.Find(operations, query, platform, max);

            Assert.InRange(found.Count, 0, Math.Max(1, max));
            Assert.Equal(found.Count, found.Distinct().Count());
            if (!string.IsNullOrWhiteSpace(platform))
            {
                Assert.All(found, o => Assert.Equal(platform.Trim().ToLowerInvariant().Replace(' ', '_'), o.Platform));
            }
        }, iter: 2000);
    }
}

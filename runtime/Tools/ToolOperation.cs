using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace XhsGenerated.Tools;

/// <summary>
/// One generated MCP tool as the discovery tools (<c>find_operations</c>, <c>describe_operation</c>,
/// <c>call_operation</c>) see it: its name, platform, title, description and schemas. Generated code
/// builds the table; nothing is reflected.
/// </summary>
/// <param name="Name">The tool's name (<c>xiaohongshu_search_user_v2</c>).</param>
/// <param name="Platform">The platform in snake case (<c>xiaohongshu</c>).</param>
/// <param name="Title">The title.</param>
/// <param name="Description">The description.</param>
/// <param name="InputSchema">The input schema.</param>
/// <param name="OutputSchema">The output schema, when it has one.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed record ToolOperation(string Name, string Platform, string? Title, string? Description, JsonElement InputSchema, JsonElement? OutputSchema)
{
    /// <summary>What an operation's business codes mean for a caller (the vendor's words, condensed; 201 and 602 from its MCP server).</summary>
    public static IReadOnlyList<(int Code, string Meaning)> BusinessCodeMeanings { get; } = new[]
    {
        (0, "success"),
        (100, "invalid or inactive token: never retried; the server's token must be fixed"),
        (201, "no content: a success with no data (billed); the result is empty"),
        (301, "collection failed: retried with a short backoff, then a tool error; try again later"),
        (302, "rate limit exceeded: retried honouring Retry-After; make calls one at a time"),
        (303, "daily quota exceeded: never retried; no call succeeds until 00:00 UTC"),
        (400, "invalid parameters: never retried; correct the arguments against the input schema"),
        (500, "internal server error: retried"),
        (503, "service unavailable: retried"),
        (600, "permission denied: never retried; the token's plan must include the operation"),
        (601, "insufficient balance: never retried; the account must be topped up"),
        (602, "the token's spend limit is reached: never retried; raise it in the console"),
    };

    /// <summary>
    /// The operations that match <paramref name="query"/>, best first, at most <paramref name="max"/>:
    /// each query word (Chinese words are also read through a small glossary: 搜索 is search, 用户 is
    /// user…) scores in the name, then the title, then the description; a platform narrows the list.
    /// </summary>
    /// <param name="operations">The operations.</param>
    /// <param name="query">What the agent looks for.</param>
    /// <param name="platform">Only this platform (snake case), or null.</param>
    /// <param name="max">At most this many.</param>
    /// <returns>The matches.</returns>
    public static IReadOnlyList<ToolOperation> Find(IEnumerable<ToolOperation> operations, string query, string? platform = null, int max = 20)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(query);
        var terms = Terms(query);
        var wanted = string.IsNullOrWhiteSpace(platform) ? null : Normal(platform!).Replace(" ", "_", StringComparison.Ordinal);
        return operations
            .Where(o => wanted is null || string.Equals(o.Platform, wanted, StringComparison.Ordinal))
            .Select(o => (Operation: o, Score: Score(o, terms)))
            .Where(s => s.Score > 0 || terms.Count == 0)
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Operation.Name, StringComparer.Ordinal)
            .Take(Math.Max(1, max))
            .Select(s => s.Operation)
            .ToList();
    }

    /// <summary>Writes this operation for <c>describe_operation</c>: name, platform, title, description, schemas and what the business codes mean.</summary>
    /// <param name="writer">Where to write one JSON object.</param>
    public void WriteDescription(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("name", Name);
        writer.WriteString("platform", Platform);
        writer.WriteString("title", Title);
        writer.WriteString("description", Description);
        writer.WritePropertyName("input_schema");
        InputSchema.WriteTo(writer);
        writer.WritePropertyName("output_schema");
        if (OutputSchema is { } output)
        {
            output.WriteTo(writer);
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WriteStartObject("business_codes");
        foreach (var (code, meaning) in BusinessCodeMeanings)
        {
            writer.WriteString(code.ToString(CultureInfo.InvariantCulture), meaning);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>One line for <c>find_operations</c>: the description's first sentence, at most 200 characters.</summary>
    /// <returns>The line.</returns>
    public string OneLine()
    {
        var text = (Description ?? Title ?? Name).Trim();
        var end = text.IndexOfAny(new[] { '\n', '。' });
        var line = end > 0 ? text[..end] : text;
        return line.Length <= 200 ? line : line[..197] + "...";
    }

    private static readonly (string Chinese, string English)[] Glossary =
    {
        ("搜索", "search"), ("用户", "user"), ("博主", "user"), ("达人", "user"), ("笔记", "note"), ("视频", "video"), ("评论", "comment"),
        ("详情", "detail"), ("关键词", "keyword"), ("粉丝", "fans"), ("关注", "follow"), ("作品", "post"), ("直播", "live"), ("商品", "product"),
        ("话题", "topic"), ("热榜", "hot"), ("热门", "hot"), ("列表", "list"), ("信息", "info"), ("主页", "profile"), ("小红书", "xiaohongshu"),
        ("抖音", "douyin"), ("快手", "kuaishou"), ("微博", "weibo"), ("哔哩哔哩", "bilibili"), ("B站", "bilibili"), ("知乎", "zhihu"), ("淘宝", "taobao"),
    };

    private static List<string> Terms(string query)
    {
        var text = Normal(query);
        var terms = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => t.Length > 1 || char.IsDigit(t[0])).ToList();
        foreach (var (chinese, english) in Glossary)
        {
            if (text.Contains(chinese.ToLowerInvariant(), StringComparison.Ordinal))
            {
                terms.Add(english);
            }
        }

        return terms.Distinct(StringComparer.Ordinal).ToList();
    }

    private static int Score(ToolOperation operation, List<string> terms)
    {
        var name = " " + Normal(operation.Name) + " ";
        var title = " " + Normal(operation.Title ?? "") + " ";
        var description = " " + Normal(operation.Description ?? "") + " ";
        var score = 0;
        foreach (var term in terms)
        {
            score += Weigh(name, term, 6) + Weigh(title, term, 4) + Weigh(description, term, 1);
        }

        return score;
    }

    /// <summary>A whole word counts fully, the start of a word (users, searching) half.</summary>
    private static int Weigh(string text, string term, int weight)
        => text.Contains(" " + term + " ", StringComparison.Ordinal) ? weight * 2 : text.Contains(" " + term, StringComparison.Ordinal) ? weight : text.Contains(term, StringComparison.Ordinal) && term.Any(c => c > 0x2E80) ? weight : 0;

    /// <summary>Lower case, with every character that is not a letter or digit a space (snake and kebab case become words).</summary>
    private static string Normal(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            builder.Append(char.IsLetterOrDigit(c) ? c : ' ');
        }

        return builder.ToString();
    }
}

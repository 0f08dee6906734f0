using System.Text.Json.Nodes;

namespace XhsGenerated.Tests.Infrastructure;

/// <summary>
/// A combined catalog shaped like the vendor's (see VENDOR-FACTS): OpenAPI 3.1, dozens of platform
/// tags, ids such as <c>getApiXiaohongshuSearchNoteV3</c>, query parameters with string enums
/// (<c>_1</c>, <c>DAY_30</c>, non-ASCII values) and 3.1 type arrays, form POSTs whose token travels
/// in the body, a shared <c>Result</c> envelope by <c>$ref</c>, and some operations with examples.
/// Shared by the tests and the benchmarks (linked there), so both measure the same document.
/// </summary>
public static class CatalogDocument
{
    /// <summary>Platforms as the vendor tags them; "1688" starts with a digit.</summary>
    public static readonly string[] Platforms =
    {
        "Xiaohongshu (RedNote)", "Douyin (TikTok China)", "Kuaishou", "Bilibili", "Weibo", "Zhihu", "Toutiao", "Weixin (WeChat)",
        "Taobao", "Tmall", "JD", "Pinduoduo", "1688", "Xianyu", "Dianping", "Meituan", "Ctrip", "TikTok", "YouTube", "Instagram",
        "Twitter (X)", "Facebook", "Reddit", "LinkedIn", "Amazon", "Shopee", "Lazada", "Temu", "Shein", "NetEase Music", "QQ Music", "Baidu",
    };

    private static readonly string[] Things = { "SearchNote", "SearchUser", "NoteDetail", "UserDetail", "NoteComments", "UserNotes", "HotList", "SearchVideo", "VideoDetail", "Publish" };

    /// <summary>The document's JSON: <paramref name="platforms"/> tags × <paramref name="operationsPerPlatform"/> operations.</summary>
    public static string Build(int platforms = 32, int operationsPerPlatform = 10)
    {
        var paths = new JsonObject();
        for (var p = 0; p < platforms; p++)
        {
            var tag = Platforms[p % Platforms.Length] + (p >= Platforms.Length ? " " + (p / Platforms.Length).ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
            var platform = new string(tag.Split('(')[0].Where(char.IsLetterOrDigit).ToArray());
            for (var o = 0; o < operationsPerPlatform; o++)
            {
                var thing = Things[o % Things.Length];
                var version = 1 + (o / Things.Length) + (p % 3);
                var slug = platform.ToLowerInvariant();
                var path = $"/api/{slug}/{Kebab(thing)}/v{version}";
                var id = (o % 2 == 0 ? "getApi" : "get") + platform + thing + "V" + version;
                paths[path] = thing == "Publish" ? FormPost(tag, "postApi" + platform + thing + "V" + version, thing) : Get(tag, id, thing, o);
            }
        }

        var document = new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject { ["title"] = "Just One API", ["version"] = "1.0.0" },
            ["servers"] = new JsonArray(
                new JsonObject { ["url"] = "https://api.justoneapi.com", ["description"] = "prod-global" },
                new JsonObject { ["url"] = "http://47.117.133.51:30015", ["description"] = "prod-cn" }),
            ["tags"] = new JsonArray(Platforms.Take(platforms).Select(t => (JsonNode)new JsonObject { ["name"] = t }).ToArray()),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = new JsonObject
                {
                    ["Result"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["properties"] = new JsonObject
                        {
                            ["code"] = new JsonObject { ["type"] = "integer", ["format"] = "int32" },
                            ["message"] = new JsonObject { ["type"] = new JsonArray("string", "null") },
                            ["data"] = new JsonObject(),
                            ["recordTime"] = new JsonObject { ["type"] = new JsonArray("string", "null") },
                            ["requestId"] = new JsonObject { ["type"] = "string" },
                        },
                    },
                },
                ["responses"] = new JsonObject
                {
                    ["Default"] = new JsonObject
                    {
                        ["description"] = "The envelope",
                        ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Result" } } },
                    },
                    ["403"] = new JsonObject { ["description"] = "Permission denied", ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Result" } } } },
                },
            },
        };
        return document.ToJsonString();
    }

    private static JsonObject Get(string tag, string id, string thing, int index)
    {
        var parameters = new JsonArray(
            Query("token", new JsonObject { ["type"] = "string" }, required: true, "Access token for this API service."),
            Query(thing.Contains("Detail", StringComparison.Ordinal) ? "id" : "keyword", new JsonObject { ["type"] = "string" }, required: true, "What to look up."),
            Query("page", new JsonObject { ["type"] = "integer", ["format"] = "int32", ["default"] = 1 }, required: false, "Page number for pagination."),
            Query("sort", new JsonObject { ["type"] = new JsonArray("string", "null"), ["enum"] = new JsonArray("_0", "_1", "_2", null) }, required: false, "Sort: _0 general, _1 newest, _2 most liked."),
            Query("publishTime", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("DAY_1", "DAY_7", "DAY_30", "综合"), ["default"] = "DAY_30" }, required: false, "Published within."),
            Query("level", new JsonObject { ["type"] = "integer", ["enum"] = new JsonArray(0, 1, 2) }, required: false, "Detail level."));
        var responses = new JsonObject
        {
            ["403"] = new JsonObject { ["$ref"] = "#/components/responses/403" },
        };
        responses["default"] = index % 3 == 0
            ? new JsonObject
            {
                ["description"] = "default response",
                ["content"] = new JsonObject
                {
                    ["application/json"] = new JsonObject
                    {
                        ["example"] = new JsonObject
                        {
                            ["code"] = 0,
                            ["data"] = new JsonObject
                            {
                                ["items"] = new JsonArray(
                                    new JsonObject { ["id"] = "a1", ["title"] = "标题", ["likes"] = 12, ["author"] = new JsonObject { ["id"] = "u1", ["name"] = "名字" }, ["tags"] = new JsonArray("a", "b") },
                                    new JsonObject { ["id"] = "a2", ["title"] = null, ["likes"] = 3.5, ["cover"] = "https://x/y.jpg" }),
                                ["has_more"] = true,
                                ["cursor"] = "c2",
                            },
                        },
                    },
                },
            }
            : new JsonObject { ["$ref"] = "#/components/responses/Default" };
        return new JsonObject
        {
            ["get"] = new JsonObject
            {
                ["tags"] = new JsonArray(tag),
                ["summary"] = $"{thing} ({tag})",
                ["description"] = "Returns data for the given keyword or id, paginated.\n\nTypical use cases:\n- monitoring\n- analytics",
                ["operationId"] = id,
                ["parameters"] = parameters,
                ["responses"] = responses,
            },
        };
    }

    private static JsonObject FormPost(string tag, string id, string thing)
        => new()
        {
            ["post"] = new JsonObject
            {
                ["tags"] = new JsonArray(tag),
                ["summary"] = $"{thing} ({tag})",
                ["operationId"] = id,
                ["requestBody"] = new JsonObject
                {
                    ["content"] = new JsonObject
                    {
                        ["application/x-www-form-urlencoded"] = new JsonObject
                        {
                            ["schema"] = new JsonObject
                            {
                                ["type"] = "object",
                                ["required"] = new JsonArray("token", "title"),
                                ["properties"] = new JsonObject
                                {
                                    ["token"] = new JsonObject { ["type"] = "string" },
                                    ["title"] = new JsonObject { ["type"] = "string", ["description"] = "The <b>title</b>." },
                                    ["draft"] = new JsonObject { ["type"] = new JsonArray("boolean", "null") },
                                    ["visibility"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("PUBLIC", "PRIVATE") },
                                },
                            },
                        },
                    },
                },
                ["responses"] = new JsonObject { ["default"] = new JsonObject { ["$ref"] = "#/components/responses/Default" } },
            },
        };

    private static JsonObject Query(string name, JsonObject schema, bool required, string description)
        => new() { ["name"] = name, ["in"] = "query", ["required"] = required, ["description"] = description, ["schema"] = schema };

    private static string Kebab(string pascal)
        => string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}

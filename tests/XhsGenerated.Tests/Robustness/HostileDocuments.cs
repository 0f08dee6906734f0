using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Robustness;

/// <summary>
/// Hostile OpenAPI documents, made with CsCheck generators from the vendored one: names that are C#
/// keywords, digit-first, emoji, invisible or the emitted code's own; texts that try to close a
/// comment or a string; bounds on the wrong types; missing, self and cyclic <c>$ref</c>s and recursive
/// schemas; deep and wide examples; wrong versions, YAML and binary garbage.
/// </summary>
internal static class HostileDocuments
{
    private static readonly string[] Names =
    {
        "class", "event", "namespace", "1abc", "123", "🙂", "🙂search", "", " ", "us\u200Bers", "users\u00AD", "users",
        "request", "response", "read", "current", "max_pages", "firstPage", "cancellationToken", "page",
        "AdditionalProperties", "additional_properties", "WriteTo", "write_to", "Data", "data", "Equals", "_", "__", "@x",
        "a-b", "a.b", "get", "Get", "getGet", "名字", "x\"y", "*/", "</summary>", "#pragma warning disable", "line\nbreak",
        "value", "global", "item0", "writer", "reader", "member", "checkpoint", "p0", "hasData", "envelope", "http_client",
        "search_user_v2_response", "search_user_v2_data", "\uFFFF", "\\u0041", "Code", "Message", "IsSuccess", "GetType",
    };

    private static readonly string[] Texts =
    {
        "*/ class X {} /*", "</summary><summary>", "\"", "line one\n#pragma warning disable\nline three", "\uFFFF", "\uFFFE", "]]>", "<!--",
        "&amp; & &", "\\", "\u2028\u2029\u0085", "\r\n#error boom", "<see cref=\"Nope\"/>", "{{ }}", "\t\u0001\u001F", "🙂 emoji 中文", "",
        "<para>", "///", "%s {0} {1}", "\u202Eevil",
    };

    /// <summary>A hostile document as text, with a short label of what was done to it.</summary>
    public static Gen<(string Label, string Text)> Document { get; } = Gen.Frequency(
        (4, OperationIdOf()),
        (6, ParameterOf()),
        (3, BoundsOf()),
        (5, TextsOf()),
        (6, ExampleMemberOf()),
        (3, TagOf()),
        (3, ReferencesOf()),
        (1, DeepExample()),
        (1, Gen.Int[100, 400].Select(width => ($"{width}-member example", Vendored(d => Example(d)["data"] = Wide(width))))),
        (2, VersionOf()),
        (2, WholeTextOf()),
        (2, StructureOf()),
        (2, TwinOperations()));

    /// <summary>The <paramref name="index"/>-th document from a fixed seed: the same on every run.</summary>
    public static (string Label, string Text) Draw(int index) => HostileBodies.Draw(Document, index, seed: 31_337);

    /// <summary>The vendored document whose <c>data</c> is a schema with <paramref name="width"/> properties that each refer to it.</summary>
    public static string RecursiveFan(int width) => Vendored(d =>
    {
        d["components"] = new JsonObject { ["schemas"] = new JsonObject { ["Fan"] = Fan(width) } };
        var content = (JsonObject)Operation(d)["responses"]!["default"]!["content"]!["application/json"]!;
        content["schema"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["code"] = new JsonObject { ["type"] = "integer" }, ["data"] = Ref("Fan") } };
    });

    private static readonly string? NoFormat = null;

    private static readonly JsonNode? NoNode = null;

    /// <summary>The vendored document whose example's <c>data</c> has <paramref name="members"/> members.</summary>
    public static string WideExample(int members) => Vendored(d => Example(d)["data"] = Wide(members));

    private static Gen<string> Name => Gen.Int[0, Names.Length - 1].Select(i => Names[i]);

    private static Gen<string> Text => Gen.Int[0, Texts.Length - 1].Select(i => Texts[i]);

    private static Gen<(string, string)> OperationIdOf()
        => Name.Select(name => ("operationId " + Show(name), Vendored(d => Operation(d)["operationId"] = name)));

    private static Gen<(string, string)> ParameterOf()
        => Gen.Select(Name, Gen.OneOf(Gen.Const("string"), Gen.Const("integer"), Gen.Const("number"), Gen.Const("boolean")), Gen.Bool, Gen.OneOf(Gen.Const("query"), Gen.Const("path"), Gen.Const("header"), Gen.Const("cookie")))
            .Select((name, type, required, place) => ($"parameter {Show(name)} {type} in {place}", Vendored(d =>
            {
                var parameters = (JsonArray)Operation(d)["parameters"]!;
                parameters.Add(new JsonObject { ["name"] = name, ["in"] = place, ["required"] = required, ["schema"] = new JsonObject { ["type"] = type } });
            })));

    private static Gen<(string, string)> BoundsOf()
        => Gen.Select(Gen.OneOf(Gen.Const("integer"), Gen.Const("number"), Gen.Const("string"), Gen.Const("boolean")), Gen.OneOf(Gen.Const("int32"), Gen.Const("int64"), Gen.Const(NoFormat)), Gen.OneOf(Gen.Const<JsonNode?>(-90), Gen.Const<JsonNode?>(0.5), Gen.Const<JsonNode?>(3_000_000_000), Gen.Const<JsonNode?>(-3_000_000_000), Gen.Const<JsonNode?>(1e30), Gen.Const(NoNode)), Gen.OneOf(Gen.Const<JsonNode?>(90), Gen.Const<JsonNode?>(2.5), Gen.Const<JsonNode?>(10_000_000_000), Gen.Const(NoNode)), Gen.Bool)
            .Select((type, format, min, max, onPage) => ($"bounds {type}/{format} [{min?.ToJsonString()}, {max?.ToJsonString()}] on {(onPage ? "page" : "lat")}", Vendored(d =>
            {
                var schema = new JsonObject { ["type"] = type };
                if (format is not null) schema["format"] = format;
                if (min is not null) schema["minimum"] = min.DeepClone();
                if (max is not null) schema["maximum"] = max.DeepClone();
                var parameters = (JsonArray)Operation(d)["parameters"]!;
                if (onPage)
                {
                    parameters.Single(p => (string)p!["name"]! == "page")!["schema"] = schema;
                }
                else
                {
                    parameters.Add(new JsonObject { ["name"] = "lat", ["in"] = "query", ["schema"] = schema });
                }
            })));

    private static Gen<(string, string)> TextsOf()
        => Gen.Select(Text, Gen.Int[0, 6]).Select((text, where) => ($"text {Show(text)} in place {where}", Vendored(d =>
        {
            switch (where)
            {
                case 0: Operation(d)["summary"] = text; break;
                case 1: Operation(d)["description"] = text; break;
                case 2: ((JsonArray)Operation(d)["parameters"]!)[1]!["description"] = text; break;
                case 3: d["info"]!["title"] = text; d["info"]!["description"] = text; break;
                case 4: ((JsonArray)d["servers"]!)[0]!["description"] = text; break;
                case 5: Example(d)["data"]!["users"]![0]!["name"] = text; break;
                default: Example(d)["data"]!["filters"]![0]!["id"] = text; Example(d)["data"]!["filters"]![0]!["name"] = text; break;
            }
        })));

    private static Gen<(string, string)> ExampleMemberOf()
        => Gen.Select(Name, Name, Gen.Int[0, 3]).Select((first, second, where) => ($"example members {Show(first)}, {Show(second)} at {where}", Vendored(d =>
        {
            var target = where switch
            {
                0 => (JsonObject)Example(d)["data"]!,
                1 => (JsonObject)Example(d)["data"]!["users"]![0]!,
                2 => (JsonObject)Example(d)["data"]!["filters"]![0]!["filter_tags"]![0]!,
                _ => Example(d),
            };
            target[first] = 1;
            target[second] = new JsonObject { [first] = "nested", [second] = new JsonArray(new JsonObject { ["x"] = true }) };
        })));

    private static Gen<(string, string)> TagOf()
        => Gen.Select(Gen.OneOf(Name, Gen.Const("SearchUserV2 Http"), Gen.Const("1688"), Gen.Const("SearchUserV2Response"), Gen.Const("SearchUserV2"), Gen.Const("Xiaohongshu (RedNote)")), Gen.Bool)
            .Select((tag, member) => ($"tag {Show(tag)}", Vendored(d =>
            {
                Operation(d)["tags"] = new JsonArray(tag);
                if (member)
                {
                    Example(d)["data"]!["http_client"] = new JsonObject { ["a"] = 1 };
                }
            })));

    private static Gen<(string, string)> ReferencesOf()
        => Gen.Int[0, 7].Select(kind => ($"references kind {kind}", Vendored(d =>
        {
            var schemas = new JsonObject
            {
                ["Self"] = new JsonObject { ["$ref"] = "#/components/schemas/Self" },
                ["A"] = new JsonObject { ["$ref"] = "#/components/schemas/B" },
                ["B"] = new JsonObject { ["$ref"] = "#/components/schemas/A" },
                ["Fan"] = Fan(7),
                ["Pair"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["left"] = Ref("Pair2"), ["name"] = new JsonObject { ["type"] = "string" } } },
                ["Pair2"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["right"] = Ref("Pair"), ["items"] = new JsonObject { ["type"] = "array", ["items"] = Ref("Pair2") } } },
            };
            d["components"] = new JsonObject { ["schemas"] = schemas };
            var target = kind switch { 0 => "Self", 1 => "A", 2 => "Fan", 3 => "Pair", 4 => "Missing", 5 => "Fan", 6 => "Pair2", _ => "B" };
            var content = (JsonObject)Operation(d)["responses"]!["default"]!["content"]!["application/json"]!;
            content["schema"] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject { ["code"] = new JsonObject { ["type"] = "integer" }, ["data"] = kind == 5 ? new JsonObject { ["type"] = "array", ["items"] = Ref(target) } : Ref(target) },
            };
            if (kind == 7)
            {
                ((JsonArray)Operation(d)["parameters"]!).Add(new JsonObject { ["$ref"] = "#/components/parameters/Nope" });
            }
        })));

    private static Gen<(string, string)> DeepExample()
        => Gen.Select(Gen.Int[30, 500], Gen.Bool).Select((depth, arrays) => ($"example nested {depth} deep", Vendored(d =>
        {
            JsonNode node = JsonValue.Create(1);
            for (var i = 0; i < depth; i++)
            {
                node = arrays ? new JsonArray(node) : new JsonObject { ["level"] = node };
            }

            Example(d)["data"]!["deep"] = node;
        }, indented: false)));

    private static Gen<(string, string)> VersionOf()
        => Gen.OneOf(Gen.Const<JsonNode?>("2.0"), Gen.Const<JsonNode?>("3.2.0"), Gen.Const<JsonNode?>("1.0"), Gen.Const<JsonNode?>(3), Gen.Const<JsonNode?>("abc"), Gen.Const(NoNode), Gen.Const<JsonNode?>("3.1.0"), Gen.Const<JsonNode?>(new JsonArray()))
            .Select(version => ("openapi " + (version?.ToJsonString() ?? "null"), Vendored(d => d["openapi"] = version?.DeepClone())));

    private static Gen<(string, string)> WholeTextOf()
        => Gen.OneOf(
            Gen.Const(("YAML in .json", "openapi: 3.0.0\ninfo:\n  title: x\n  version: '1'\npaths: {}\n")),
            Gen.Const(("empty", "")),
            Gen.Const(("only openapi", "{\"openapi\":\"3.0.0\"}")),
            Gen.Const(("paths is an array", "{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"x\",\"version\":\"1\"},\"paths\":[]}")),
            Gen.Int[1, 4000].Select(length => ("binary garbage", Garbage(length))),
            Gen.Int[1, 4000].Select(cut => ("truncated", GeneratorHarness.VendoredDocument[..Math.Min(cut, GeneratorHarness.VendoredDocument.Length - 1)])));

    private static Gen<(string, string)> StructureOf()
        => Gen.Int[0, 6].Select(kind => ($"structure kind {kind}", Vendored(d =>
        {
            var operation = Operation(d);
            switch (kind)
            {
                case 0: operation["responses"]!["default"]!["content"] = new JsonObject { ["application/json"] = new JsonArray() }; break;
                case 1:
                    d["paths"]!["/api/form"] = new JsonObject
                    {
                        ["post"] = new JsonObject
                        {
                            ["operationId"] = "postForm",
                            ["requestBody"] = new JsonObject { ["content"] = new JsonObject { ["application/x-www-form-urlencoded"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { [""] = new JsonObject { ["type"] = "string" }, ["class"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1 } } } } } },
                            ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "ok" } },
                        },
                    };
                    break;
                case 2: operation["parameters"] = new JsonObject(); break;
                case 3: operation["responses"] = new JsonArray(); break;
                case 4: Example(d)["data"] = new JsonArray(new JsonArray(new JsonArray(1, "x"))); break;
                case 5: d["servers"] = new JsonArray(new JsonObject { ["url"] = "ftp://x" }, new JsonObject { ["url"] = "{scheme}://x" }, new JsonObject { ["url"] = "https://ok.example" }); break;
                default: operation["deprecated"] = true; operation["parameters"]![2]!["schema"]!["format"] = "int64"; break;
            }
        })));

    private static Gen<(string, string)> TwinOperations()
        => Gen.OneOf(Gen.Const("getSearch\u200BUserV2"), Gen.Const("getSearchUserV2Pages"), Gen.Const("get_search_user_v2"), Gen.Const("getSearchUserV2"), Gen.Const("getSearch"))
            .Select(twin => ("twin operation " + Show(twin), Vendored(d =>
            {
                var copy = Operation(d).DeepClone();
                copy["operationId"] = twin;
                d["paths"]!["/api/xiaohongshu/search-user/v3"] = new JsonObject { ["get"] = copy };
            })));

    private static string Vendored(Action<JsonObject> edit, bool indented = true)
    {
        var node = JsonNode.Parse(GeneratorHarness.VendoredDocument)!.AsObject();
        edit(node);
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = indented, MaxDepth = 1024, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static JsonObject Operation(JsonObject document) => Documents.Operation(document);

    private static JsonObject Example(JsonObject document) => Documents.Example(document);

    private static JsonObject Ref(string name) => new() { ["$ref"] = "#/components/schemas/" + name };

    private static JsonObject Fan(int width)
    {
        var properties = new JsonObject();
        for (var i = 0; i < width; i++)
        {
            properties["fan" + i] = Ref("Fan");
        }

        return new JsonObject { ["type"] = "object", ["properties"] = properties };
    }

    private static JsonObject Wide(int members)
    {
        var obj = new JsonObject();
        for (var i = 0; i < members; i++)
        {
            obj["m" + i] = i % 3 == 0 ? JsonValue.Create("s") : i % 3 == 1 ? JsonValue.Create(i) : JsonValue.Create(true);
        }

        return obj;
    }

    private static string Garbage(int length)
    {
        var random = new Random(length);
        var bytes = new byte[length];
        random.NextBytes(bytes);
        bytes[0] = (byte)'{';
        return Encoding.Latin1.GetString(bytes);
    }

    private static string Show(string text) => JsonSerializer.Serialize(text);
}

using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.CodeAnalysis;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Generator;

/// <summary>
/// Whatever examples a client's operations have, the models <c>XhsShareModels</c> merges compile, and
/// each operation reads its own example and writes it back as it was: merging loses no member and
/// mistypes none.
/// </summary>
public sealed class SharedModelPropertyTests
{
    // Few names, so that objects of different operations often meet under one name and often disagree.
    private static readonly string[] Names = ["id", "name", "likes", "author", "items", "tags", "user", "Id", "count"];

    private static Gen<JsonNode?> Value(int depth) => Gen.Frequency(
        (3, Gen.String[Gen.Char['a', 'z'], 0, 5].Select(s => (JsonNode?)JsonValue.Create(s))),
        (2, Gen.Int[-5, 500].Select(i => (JsonNode?)JsonValue.Create(i))),
        (1, Gen.Int[0, 99].Select(i => (JsonNode?)JsonValue.Create(i + 0.5))),
        (1, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
        (1, Gen.Const((JsonNode?)null)),
        (depth > 0 ? 3 : 0, Object(depth - 1).Select(o => (JsonNode?)o)),
        (depth > 0 ? 2 : 0, Gen.Int[0, 2].SelectMany(n => Gen.OneOf(Object(depth - 1).Select(o => (JsonNode?)o), Gen.String[Gen.Char['a', 'z'], 1, 3].Select(s => (JsonNode?)JsonValue.Create(s))).Array[n])
            .Select(items => (JsonNode?)new JsonArray(items))));

    private static Gen<JsonObject> Object(int depth)
        => Gen.Int[0, Names.Length - 1].Array[1, 4].Select(keys => keys.Distinct().Select(k => Names[k]).ToArray())
            .SelectMany(keys => Value(depth).Array[keys.Length].Select(values => new JsonObject(keys.Zip(values, KeyValuePair.Create))));

    private static string Document(IReadOnlyList<JsonObject> data)
    {
        var paths = new JsonObject();
        for (var i = 0; i < data.Count; i++)
        {
            paths[$"/api/xiaohongshu/op{i}/v1"] = JsonNode.Parse($$"""
                { "get": { "tags": [ "Xiaohongshu (RedNote)" ], "operationId": "getApiXiaohongshuOp{{i}}V1",
                  "parameters": [ { "name": "token", "in": "query", "required": true, "schema": { "type": "string" } } ],
                  "responses": { "default": { "description": "ok", "content": { "application/json": { "example": { "code": 0, "data": {{data[i].ToJsonString()}} } } } } } } }
                """);
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "t", ["version"] = "1" },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "https://api.justoneapi.com" }),
            ["paths"] = paths,
        }.ToJsonString();
    }

    /// <summary>
    /// The JSON without nulls and empty lists (a member the example lacks is written as one of those),
    /// objects by name, and a number the same whether it came as one or as a string (a member an example
    /// shows as both is a string, and the reader takes numbers there: the inference's rule, not the merge's).
    /// </summary>
    private static JsonNode? Normal(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Where(p => Normal(p.Value) is not null).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Normal(p.Value)))),
        JsonArray a when a.Count == 0 => null,
        JsonArray a => new JsonArray(a.Select(i => Normal(i) ?? JsonValue.Create((string?)null)).ToArray()),
        JsonValue v when v.TryGetValue<double>(out var number) => JsonValue.Create(number),
        JsonValue v when v.TryGetValue<string>(out var text) && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var spelled) => JsonValue.Create(spelled),
        null => null,
        _ => node.DeepClone(),
    };

    [Fact]
    public void Any_examples_compile_shared_and_each_operation_reads_and_writes_its_own_example_unchanged()
    {
        Gen.Int[2, 4].SelectMany(n => Object(2).Array[n]).Sample(data =>
        {
            var document = Document(data);
            var cases = string.Join("\n", data.Select((_, i) => $$"""
                            case {{i}}: { var r = XiaohongshuOp{{i}}V1Response.Parse(bytes); r.WriteTo(writer); break; }
                """));
            var userCode = $$"""
                namespace Demo
                {
                    public static class UserCode
                    {
                        public static string RoundTrip(int operation, string json)
                        {
                            var bytes = System.Text.Encoding.UTF8.GetBytes(json);
                            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
                            using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
                            {
                                switch (operation)
                                {
                {{cases}}
                                }
                            }

                            return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
                        }
                    }
                }
                """;
            var metadata = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["/project/openapi/catalog.json"] = new Dictionary<string, string> { ["XhsShareModels"] = "true" } };
            var output = GeneratorHarness.CompileWithUserCode(userCode, [new TestAdditionalFile("/project/openapi/catalog.json", document)], out var generatorDiagnostics, metadata);
            Assert.DoesNotContain(generatorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, document + "\n" + string.Join("\n", errors));

            using var image = new MemoryStream();
            Assert.True(output.Emit(image).Success);
            var context = new System.Runtime.Loader.AssemblyLoadContext("shared-models", isCollectible: true);
            try
            {
                var roundTrip = context.LoadFromStream(new MemoryStream(image.ToArray())).GetType("Demo.UserCode")!.GetMethod("RoundTrip")!;
                for (var i = 0; i < data.Length; i++)
                {
                    var body = new JsonObject { ["code"] = 0, ["data"] = data[i].DeepClone() }.ToJsonString();
                    var written = JsonNode.Parse((string)roundTrip.Invoke(null, [i, body])!)!["data"];
                    Assert.True(JsonNode.DeepEquals(Normal(data[i]), Normal(written)), $"{document}\noperation {i}: {written?.ToJsonString()}");
                }
            }
            finally
            {
                context.Unload();
            }
        }, iter: 25);
    }
}

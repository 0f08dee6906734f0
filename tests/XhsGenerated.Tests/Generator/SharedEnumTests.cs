using CsCheck;
using Microsoft.CodeAnalysis;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Generator;

/// <summary>
/// An enum parameter name several operations of a client take is one struct of the client (the
/// union of their values), not one per operation; each method and MCP tool still documents its own values.
/// </summary>
public sealed class SharedEnumTests
{
    private const string Tag = "Xiaohongshu (RedNote)";

    private static string Operation(string path, string operationId, string parameters)
        => $$"""
            "{{path}}": { "get": {
              "tags": [ "{{Tag}}" ], "operationId": "{{operationId}}",
              "parameters": [ { "name": "token", "in": "query", "required": true, "schema": { "type": "string" } }{{parameters}} ],
              "responses": { "default": { "description": "ok", "content": { "application/json": { "example": { "code": 0, "data": { "items": [ { "id": "a" } ] } } } } } }
            } }
            """;

    // sort: strings in both (overlapping sets, a description only the second gives); level: an
    // integer in one and a string in the other (not shared); region: one operation only (not shared).
    private static readonly string Document = $$"""
        { "openapi": "3.1.0", "info": { "title": "t", "version": "1" }, "servers": [ { "url": "https://api.justoneapi.com" } ], "paths": {
        {{Operation("/api/xiaohongshu/search/v1", "getApiXiaohongshuSearchV1", """
            , { "name": "sort", "in": "query", "schema": { "type": "string", "enum": [ "general", "DAY_30" ] } }
            , { "name": "level", "in": "query", "schema": { "type": "integer", "enum": [ 0, 1 ] } }
            , { "name": "region", "in": "query", "schema": { "type": "string", "enum": [ "cn", "us" ] } }
            """)}},
        {{Operation("/api/xiaohongshu/search/v2", "getApiXiaohongshuSearchV2", """
            , { "name": "sort", "in": "query", "required": true, "schema": { "type": "string", "enum": [ "DAY_30", "最新" ], "x-enum-descriptions": [ "Last 30 days", "Newest" ] } }
            , { "name": "level", "in": "query", "schema": { "type": "string", "enum": [ "high", "low" ] } }
            """)}}
        } }
        """;

    private static GeneratorRunResult Run() => GeneratorHarness.Run(new TestAdditionalFile("/project/openapi/catalog.json", Document));

    private static string Source(GeneratorRunResult result, string hint) => result.GeneratedSources.Single(s => s.HintName == hint).SourceText.ToString();

    [Fact]
    public void A_parameter_name_two_operations_take_is_one_struct_of_the_client_with_every_value()
    {
        var result = Run();
        var client = Source(result, "Demo.XiaohongshuClient.g.cs");
        var v1 = Source(result, "Demo.XiaohongshuClient.XiaohongshuSearchV1.g.cs");
        var v2 = Source(result, "Demo.XiaohongshuClient.XiaohongshuSearchV2.g.cs");
        var all = string.Join("\n", result.GeneratedSources.Select(s => s.SourceText.ToString()));

        Assert.Empty(result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Contains("public readonly struct XiaohongshuSort : global::System.IEquatable<XiaohongshuSort>", client, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(all, @"struct XiaohongshuSort\b"));
        Assert.DoesNotContain("XiaohongshuSearchV1Sort", all, StringComparison.Ordinal);
        foreach (var (member, value) in new[] { ("General", "general"), ("Day30", "DAY_30"), ("Value2", "最新") })
        {
            Assert.Contains($"public static XiaohongshuSort {member} {{ get; }} = new(\"{value}\");", client, StringComparison.Ordinal);
        }

        // The union keeps the description the second operation gives to a value the first lists first.
        Assert.Contains("<c>DAY_30</c> (<see cref=\"Day30\"/>): Last 30 days", client, StringComparison.Ordinal);
        Assert.Contains("SearchV1Async, SearchV2Async", client, StringComparison.Ordinal);

        // Each method documents its own values and takes the shared type.
        Assert.Contains("SearchV1Async(XiaohongshuSort? sort = null, XiaohongshuSearchV1Level? level = null, XiaohongshuSearchV1Region? region = null,", v1, StringComparison.Ordinal);
        Assert.Contains("SearchV2Async(XiaohongshuSort sort, XiaohongshuSearchV2Level? level = null,", v2, StringComparison.Ordinal);
        Assert.Contains("Allowed values: general, DAY_30.", v1, StringComparison.Ordinal);
        Assert.Contains("Allowed values: DAY_30, 最新.", v2, StringComparison.Ordinal);

        // An integer and a string of one name, or a name one operation takes, stay the operation's own.
        Assert.Contains("public readonly struct XiaohongshuSearchV1Level", v1, StringComparison.Ordinal);
        Assert.Contains("public readonly struct XiaohongshuSearchV2Level", v2, StringComparison.Ordinal);
        Assert.Contains("public readonly struct XiaohongshuSearchV1Region", v1, StringComparison.Ordinal);
        Assert.DoesNotContain("struct XiaohongshuLevel", all, StringComparison.Ordinal);
        Assert.DoesNotContain("struct XiaohongshuRegion", all, StringComparison.Ordinal);
    }

    [Fact]
    public void One_operation_of_a_client_keeps_its_own_struct_as_before()
    {
        var single = $$"""
            { "openapi": "3.1.0", "info": { "title": "t", "version": "1" }, "paths": { {{Operation("/api/xiaohongshu/search/v1", "getApiXiaohongshuSearchV1", """
                , { "name": "sort", "in": "query", "schema": { "type": "string", "enum": [ "general", "DAY_30" ] } }
                """)}} } }
            """;
        var result = GeneratorHarness.Run(new TestAdditionalFile("/project/openapi/one.json", single));

        Assert.Contains("public readonly struct XiaohongshuSearchV1Sort", Source(result, "Demo.XiaohongshuClient.XiaohongshuSearchV1.g.cs"), StringComparison.Ordinal);
        Assert.DoesNotContain("struct", Source(result, "Demo.XiaohongshuClient.g.cs").Replace("IDisposable", ""), StringComparison.Ordinal);
    }

    [Fact]
    public void Each_mcp_tool_lists_only_its_own_values()
    {
        var (output, run) = McpToolTests.Generate(Document, withMcp: true);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var tools = run.Results.Single().GeneratedSources.Single(s => s.HintName.Contains("McpTools", StringComparison.Ordinal)).SourceText.ToString();

        Assert.Contains("""\"enum\":[\"general\",\"DAY_30\"]""", tools, StringComparison.Ordinal);
        Assert.Contains("""\"enum\":[\"DAY_30\",\"最新\"]""", tools, StringComparison.Ordinal);
        Assert.DoesNotContain("""\"enum\":[\"general\",\"DAY_30\",\"最新\"]""", tools, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shared_values_documented_or_not_travel_as_their_wire_value_through_both_methods()
    {
        const string body = """
            await client.SearchV1Async(XiaohongshuSort.General, level: 1, region: XiaohongshuSearchV1Region.Cn);
            await client.SearchV2Async(XiaohongshuSort.Value2, level: XiaohongshuSearchV2Level.High);
            await client.SearchV2Async("not-documented-yet");
            XiaohongshuSort fromString = "DAY_30";
            return string.Join("|", fromString == XiaohongshuSort.Day30, XiaohongshuSort.Value2.ToString(), default(XiaohongshuSort).ToString().Length);
            """;
        var userCode = GeneratorHarness.ClientUserCode(body);
        await GeneratorHarness.WithUserCodeAsync(Document, userCode, async type =>
        {
            await using var server = await LoopbackServer.StartAsync(200, Seed.Envelope(0, data: """{ "items": [] }"""));

            var text = await (Task<string>)type.GetMethod("RunAsync")!.Invoke(null, new object[] { server.BaseAddress, Seed.Token })!;

            Assert.Equal("True|最新|0", text);
            var requests = server.Requests.ToList();
            Assert.Equal(("/api/xiaohongshu/search/v1", "general", "1", "cn"), (requests[0].Path, requests[0].Parsed["sort"].ToString(), requests[0].Parsed["level"].ToString(), requests[0].Parsed["region"].ToString()));
            Assert.Equal(("/api/xiaohongshu/search/v2", "最新", "high"), (requests[1].Path, requests[1].Parsed["sort"].ToString(), requests[1].Parsed["level"].ToString()));
            Assert.Equal("not-documented-yet", requests[2].Parsed["sort"].ToString());
        });
    }

    [Fact]
    public void Any_two_value_sets_make_one_struct_that_compiles_with_one_member_per_distinct_value()
    {
        // Values that collide once made identifiers: case, separators, digits, C# keywords and the
        // struct's own members, non-ASCII, quotes and backslashes, white space.
        string[] colliding = ["DAY_30", "day-30", "Day30", "day_30", "_1", "1", "Value1", "Value", "最新", "综合", "a b", "a\"b", "a\\b", " ", "Equals", "ToString", "GetHashCode", "Value2", "class", "Sort", "XiaohongshuSort"];
        var value = Gen.OneOf(Gen.Int[0, colliding.Length - 1].Select(i => colliding[i]), Gen.String[Gen.Char['!', '~'], 1, 6]);
        var values = value.Array[1, 6].Select(a => a.ToHashSet(StringComparer.Ordinal));
        Gen.Select(values, values).Sample((first, second) =>
        {
            string Parameter(HashSet<string> values) => ", { \"name\": \"sort\", \"in\": \"query\", \"schema\": { \"type\": \"string\", \"enum\": " + System.Text.Json.JsonSerializer.Serialize(values.Order(StringComparer.Ordinal)) + " } }";
            var document = $$"""
                { "openapi": "3.1.0", "info": { "title": "t", "version": "1" }, "servers": [ { "url": "https://api.justoneapi.com" } ], "paths": {
                {{Operation("/api/xiaohongshu/search/v1", "getApiXiaohongshuSearchV1", Parameter(first))}},
                {{Operation("/api/xiaohongshu/search/v2", "getApiXiaohongshuSearchV2", Parameter(second))}}
                } }
                """;

            var output = GeneratorHarness.RunAndCompile(new TestAdditionalFile("/project/openapi/catalog.json", document));

            var shared = output.GetTypeByMetadataName("Demo.XiaohongshuSort");
            Assert.NotNull(shared);
            var members = shared.GetMembers().OfType<IPropertySymbol>().Where(p => p.IsStatic && SymbolEqualityComparer.Default.Equals(p.Type, shared)).ToList();
            Assert.Equal(first.Union(second, StringComparer.Ordinal).Count(), members.Count);
            Assert.Null(output.GetTypeByMetadataName("Demo.XiaohongshuSearchV1Sort"));
        }, iter: 30);
    }
}

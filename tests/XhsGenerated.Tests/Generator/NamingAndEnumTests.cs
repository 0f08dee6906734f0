using System.Reflection;
using Microsoft.CodeAnalysis;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Generator;

/// <summary>Method and client names for catalog-style ids and tags, and enum parameters as extensible structs.</summary>
public sealed class NamingAndEnumTests
{
    private static string Operation(string path, string operationId, string tag, string parameters = "")
        => $$"""
            "{{path}}": { "get": {
              "tags": [ "{{tag}}" ], "operationId": "{{operationId}}",
              "parameters": [ { "name": "token", "in": "query", "required": true, "schema": { "type": "string" } }{{parameters}} ],
              "responses": { "default": { "description": "ok", "content": { "application/json": { "example": { "code": 0, "data": { "items": [ { "id": "a" } ] } } } } } }
            } }
            """;

    private static string Document(params string[] operations)
        => $$"""{ "openapi": "3.1.0", "info": { "title": "t", "version": "1" }, "servers": [ { "url": "https://api.justoneapi.com" } ], "paths": { {{string.Join(",", operations)}} } }""";

    private static GeneratorRunResult Run(string document) => GeneratorHarness.Run(new TestAdditionalFile("/project/openapi/catalog.json", document));

    /// <summary>The client's methods, as <c>Client.Method</c> (without <c>Async</c>), from the generated code.</summary>
    private static string[] Methods(GeneratorRunResult result, string client)
        => result.GeneratedSources.Where(s => s.HintName.StartsWith("Demo." + client + ".", StringComparison.Ordinal))
            .SelectMany(s => System.Text.RegularExpressions.Regex.Matches(s.SourceText.ToString(), @"public global::System\.Threading\.Tasks\.Task<(\w+)> (\w+)Async\(").Select(m => client + "." + m.Groups[2].Value))
            .Order(StringComparer.Ordinal).ToArray();

    /// <summary>The response types declared, from the generated code.</summary>
    private static string[] Responses(GeneratorRunResult result)
        => result.GeneratedSources.SelectMany(s => System.Text.RegularExpressions.Regex.Matches(s.SourceText.ToString(), @"public sealed partial class (\w+Response)\b").Select(m => m.Groups[1].Value))
            .Order(StringComparer.Ordinal).ToArray();

    [Theory]
    [InlineData("getApiXiaohongshuSearchNoteV3", "Xiaohongshu (RedNote)", "XiaohongshuClient.SearchNoteV3")]
    [InlineData("getXiaohongshuNoteDetailV1", "Xiaohongshu (RedNote)", "XiaohongshuClient.NoteDetailV1")]
    [InlineData("getApiSearchV1", "Douyin (TikTok China)", "DouyinClient.SearchV1")]
    [InlineData("postApiDouyinPublish", "Douyin (TikTok China)", "DouyinClient.Publish")]
    [InlineData("getSearchUserV2", "Xiaohongshu (RedNote)", "XiaohongshuClient.SearchUserV2")]
    [InlineData("getApiary", "Bees", "BeesClient.Apiary")]
    [InlineData("getApiXiaohongshu", "Xiaohongshu (RedNote)", "XiaohongshuClient.Xiaohongshu")]
    [InlineData("getApi1688ItemSearchV1", "1688", "Platform1688Client.ItemSearchV1")]
    public void Method_names_drop_the_verb_a_leading_api_and_the_platform_the_client_names(string operationId, string tag, string expected)
    {
        var result = Run(Document(Operation("/api/x", operationId, tag)));

        var client = expected[..expected.IndexOf('.')];
        Assert.Equal(new[] { expected }, Methods(result, client));
        if (expected.Split('.')[1] != XhsGenerated.Generator.Parsing.Identifiers.OperationName(operationId))
        {
            var info = Assert.Single(result.Diagnostics, d => d.Id == "XHS0006" && d.GetMessage().Contains("'" + operationId + "'", StringComparison.Ordinal));
            Assert.Contains("dropped", info.GetMessage(), StringComparison.Ordinal);
            Assert.Equal(DiagnosticSeverity.Info, info.Severity);
        }
    }

    [Fact]
    public void A_null_in_an_enum_or_a_default_of_a_3_1_document_is_no_value()
    {
        // Microsoft.OpenApi hands JSON's null over as a sentinel string: it must not become a member or a default.
        var result = Run(Document(Operation("/api/x/search/v1", "getSearchV1", "X", """
            , { "name": "sort", "in": "query", "schema": { "type": ["string", "null"], "enum": ["_0", "_1", null], "default": null } }
            """)));

        var code = string.Join("\n", result.GeneratedSources.Select(s => s.SourceText.ToString()));
        Assert.Empty(result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Contains("public static SearchV1Sort Value0 { get; }", code, StringComparison.Ordinal);
        Assert.Contains("public static SearchV1Sort Value1 { get; }", code, StringComparison.Ordinal);
        Assert.DoesNotContain("sentinel", code, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("the server then uses", code, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tag_that_starts_with_a_digit_names_a_platform_client_and_says_so()
    {
        var result = Run(Document(Operation("/api/1688/item", "getApi1688ItemV1", "1688")));

        Assert.Contains(result.GeneratedSources, s => s.HintName == "Demo.Platform1688Client.g.cs");
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName.Contains("_1688", StringComparison.Ordinal));
        Assert.Contains(result.Diagnostics, d => d.Id == "XHS0006" && d.GetMessage().Contains("'Platform1688Client'", StringComparison.Ordinal));
    }

    [Fact]
    public void Names_that_collide_after_shortening_fall_back_to_longer_ones_deterministically()
    {
        var document = Document(
            Operation("/api/a", "getApiXiaohongshuSearchV1", "Xiaohongshu (RedNote)"),
            Operation("/api/b", "getXiaohongshuSearchV1", "Xiaohongshu (RedNote)"),
            Operation("/api/c", "getSearchV1", "Xiaohongshu (RedNote)"),
            Operation("/api/d", "getApiDouyinSearchV1", "Douyin"));

        var result = Run(document);
        var again = Run(document);

        // getSearchV1 can only be SearchV1; the other two step back, the first as far as its verb.
        // Douyin's SearchV1 is another client's method; types keep the platform, so they never clash.
        Assert.Equal(new[] { "XiaohongshuClient.ApiXiaohongshuSearchV1", "XiaohongshuClient.SearchV1", "XiaohongshuClient.XiaohongshuSearchV1" }, Methods(result, "XiaohongshuClient"));
        Assert.Equal(new[] { "DouyinClient.SearchV1" }, Methods(result, "DouyinClient"));
        Assert.Equal(new[] { "ApiXiaohongshuSearchV1Response", "DouyinSearchV1Response", "SearchV1Response", "XiaohongshuSearchV1Response" }, Responses(result));
        Assert.Equal(Methods(result, "XiaohongshuClient"), Methods(again, "XiaohongshuClient"));
        Assert.Contains(result.Diagnostics, d => d.Id == "XHS0006" && d.GetMessage().Contains("is taken by another operation", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
    }

    private const string EnumParameters = """
        ,
        { "name": "sort", "in": "query", "required": true, "schema": { "type": "string", "enum": [ "general", "most-liked", "DAY_30", "_1", "2", "最新", "value" ],
          "x-enum-descriptions": [ "Default order", "Most liked first", "Last 30 days", "Type one", "Type two", "Newest", "A value named value" ] } },
        { "name": "region", "in": "query", "schema": { "type": [ "string", "null" ], "enum": [ "cn", "intl", null ], "x-enum-varnames": [ "China", "International" ] } },
        { "name": "level", "in": "query", "schema": { "type": "integer", "format": "int32", "enum": [ 0, 1, 5 ] } }
        """;

    [Fact]
    public void String_and_integer_enums_are_extensible_structs_with_readable_members_and_documented_values()
    {
        var document = Document(Operation("/api/xiaohongshu/search/v1", "getApiXiaohongshuSearchV1", "Xiaohongshu (RedNote)", EnumParameters));
        var result = Run(document);
        var source = result.GeneratedSources.Single(s => s.HintName == "Demo.XiaohongshuClient.XiaohongshuSearchV1.g.cs").SourceText.ToString();

        Assert.Contains("public readonly struct XiaohongshuSearchV1Sort : global::System.IEquatable<XiaohongshuSearchV1Sort>", source, StringComparison.Ordinal);
        foreach (var member in new[] { "General", "MostLiked", "Day30", "Value1", "Value2", "Value6", "Value2" })
        {
            Assert.Contains($"public static XiaohongshuSearchV1Sort {member} {{ get; }}", source, StringComparison.Ordinal);
        }

        Assert.Contains("<item><description><c>DAY_30</c> (<see cref=\"Day30\"/>): Last 30 days</description></item>", source, StringComparison.Ordinal);
        Assert.Contains("<item><description><c>最新</c> (<see cref=\"Value6\"/>): Newest</description></item>", source, StringComparison.Ordinal);
        Assert.Contains("public static XiaohongshuSearchV1Region China { get; } = new(\"cn\");", source, StringComparison.Ordinal);
        Assert.Contains("public readonly struct XiaohongshuSearchV1Level", source, StringComparison.Ordinal);
        Assert.Contains("public static XiaohongshuSearchV1Level Value5 { get; } = new(5L);", source, StringComparison.Ordinal);
        Assert.Contains("SearchV1Async(XiaohongshuSearchV1Sort sort, XiaohongshuSearchV1Region? region = null, XiaohongshuSearchV1Level? level = null,", source, StringComparison.Ordinal);
        GeneratorHarness.RunAndCompile(new TestAdditionalFile("/project/openapi/catalog.json", document));
    }

    [Fact]
    public async Task Enum_values_documented_or_not_travel_as_their_wire_value_and_compare_by_value()
    {
        var document = Document(Operation("/api/xiaohongshu/search/v1", "getApiXiaohongshuSearchV1", "Xiaohongshu (RedNote)", EnumParameters));
        const string body = """
            await client.SearchV1Async(XiaohongshuSearchV1Sort.Day30, region: XiaohongshuSearchV1Region.China, level: 5);
            await client.SearchV1Async("not-documented-yet", level: XiaohongshuSearchV1Level.Value1);
            XiaohongshuSearchV1Sort fromString = "DAY_30";
            XiaohongshuSearchV1Level fromNumber = 5;
            return string.Join("|",
                fromString == XiaohongshuSearchV1Sort.Day30, fromString.Equals((object)XiaohongshuSearchV1Sort.Day30), fromString.GetHashCode() == XiaohongshuSearchV1Sort.Day30.GetHashCode(),
                fromString != XiaohongshuSearchV1Sort.General, XiaohongshuSearchV1Sort.Value6.ToString(), fromNumber.ToString(), default(XiaohongshuSearchV1Sort).ToString().Length);
            """;
        const string members = """
            public static void Required() => new XiaohongshuClient(new XhsGenerated.JustOneApiOptions { Token = "t", BaseAddress = new Uri("http://127.0.0.1:1") }).SearchV1Async(default(XiaohongshuSearchV1Sort));
            """;
        var userCode = GeneratorHarness.ClientUserCode(body, members);
        await GeneratorHarness.WithUserCodeAsync(document, userCode, async type =>
        {
            await using var server = await LoopbackServer.StartAsync(200, Seed.Envelope(0, data: """{ "items": [] }"""));

            var text = await (Task<string>)type.GetMethod("RunAsync")!.Invoke(null, new object[] { server.BaseAddress, Seed.Token })!;
            var required = Assert.Throws<TargetInvocationException>(() => type.GetMethod("Required")!.Invoke(null, null));

            Assert.Equal("True|True|True|True|最新|5|0", text);
            var queries = server.Requests.Select(r => r.Parsed).ToList();
            Assert.Equal(("DAY_30", "cn", "5"), (queries[0]["sort"].ToString(), queries[0]["region"].ToString(), queries[0]["level"].ToString()));
            Assert.Equal(("not-documented-yet", "1"), (queries[1]["sort"].ToString(), queries[1]["level"].ToString()));
            Assert.False(queries[1].ContainsKey("region"));
            var argument = Assert.IsType<ArgumentException>(required.InnerException);
            Assert.Equal("sort", argument.ParamName);
        });
    }
}

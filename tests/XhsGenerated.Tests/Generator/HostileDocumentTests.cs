using Microsoft.CodeAnalysis;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Generator;

/// <summary>One test per rule the hostile-document fuzzing found wanting: what the generator now does instead.</summary>
public sealed class HostileDocumentTests
{
    private const string Path = "/project/openapi/doc.json";

    private static string Generated(Compilation compilation, string typeOrMember)
        => compilation.SyntaxTrees.Select(t => t.ToString()).Single(s => s.Contains(typeOrMember, StringComparison.Ordinal));

    [Fact]
    public void A_parameter_never_takes_a_name_the_emitted_code_uses()
    {
        var text = Documents.EditVendored(d =>
        {
            var parameters = (System.Text.Json.Nodes.JsonArray)Documents.Operation(d)["parameters"]!;
            foreach (var name in new[] { "request", "current", "cancellation", "max_pages" })
            {
                parameters.Add(new System.Text.Json.Nodes.JsonObject { ["name"] = name, ["in"] = "query", ["schema"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "string" } });
            }
        });

        var compilation = GeneratorHarness.RunAndCompile(new TestAdditionalFile(Path, text));

        var source = Generated(compilation, "SearchUserV2PagesAsync(");
        Assert.Contains("string? request2 = null, string? current2 = null, string? cancellation2 = null, string? maxPages2 = null", source, StringComparison.Ordinal);
        Assert.Contains("request.AddQuery(\"request\", request2);", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Bounds_apply_only_to_integers_the_parameter_type_can_hold()
    {
        var text = Documents.EditVendored(d =>
        {
            var parameters = (System.Text.Json.Nodes.JsonArray)Documents.Operation(d)["parameters"]!;
            parameters.Add(System.Text.Json.Nodes.JsonNode.Parse("""{ "name": "lat", "in": "query", "schema": { "type": "number", "minimum": -90, "maximum": 90 } }"""));
            parameters.Add(System.Text.Json.Nodes.JsonNode.Parse("""{ "name": "size", "in": "query", "schema": { "type": "integer", "minimum": 0.5, "maximum": 3000000000 } }"""));
        });

        var source = Generated(GeneratorHarness.RunAndCompile(new TestAdditionalFile(Path, text)), "SearchUserV2PagesAsync(");

        Assert.DoesNotContain("InRange(lat", source, StringComparison.Ordinal);
        Assert.Contains("InRange(size, 1, null);", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_that_differ_only_by_invisible_characters_are_told_apart()
    {
        var compilation = GeneratorHarness.RunAndCompile(new TestAdditionalFile(Path, Documents.WithExampleData("""{ "users": 1, "us\u200Bers": 2, "users\u00AD": 3 }""")));

        var source = Generated(compilation, "class ThingData");
        Assert.Contains("public long? Users { get; init; }", source, StringComparison.Ordinal);
        Assert.Contains("public long? Users2 { get; init; }", source, StringComparison.Ordinal);
        Assert.Contains("public long? Users3 { get; init; }", source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_that_would_take_a_clients_name_is_refused_with_XHS0010_at_the_operation()
    {
        var text = Documents.WithExampleData("""{ "http_client": { "a": 1 } }""", operationId: "getSearchUserV2", tag: "SearchUserV2 Http");

        var result = GeneratorHarness.Run(new TestAdditionalFile(Path, text));

        var error = Assert.Single(result.Diagnostics, d => d.Id == "XHS0010");
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Contains("'SearchUserV2HttpClient'", error.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(Path, error.Location.GetLineSpan().Path);
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void An_operation_named_like_another_ones_paging_method_is_refused_with_XHS0005()
    {
        var text = Documents.EditVendored(d =>
        {
            var twin = Documents.Operation(d).DeepClone();
            twin["operationId"] = "getSearchUserV2Pages";
            d["paths"]!["/api/xiaohongshu/search-user/v3"] = new System.Text.Json.Nodes.JsonObject { ["get"] = twin };
        });

        var result = GeneratorHarness.Run(new TestAdditionalFile(Path, text));

        Assert.Single(result.Diagnostics, d => d.Id == "XHS0005" && d.GetMessage().Contains("getSearchUserV2Pages", StringComparison.Ordinal));
        GeneratorHarness.RunAndCompile(new TestAdditionalFile(Path, text.Replace("\"getSearchUserV2Pages\"", "\"getOther\"", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("Self")]
    [InlineData("Missing")]
    public void A_self_or_missing_ref_is_a_located_warning_and_the_example_types_that_place(string target)
    {
        var text = Documents.EditVendored(d =>
        {
            d["components"] = System.Text.Json.Nodes.JsonNode.Parse("""{ "schemas": { "Self": { "$ref": "#/components/schemas/Self" } } }""");
            var content = Documents.Operation(d)["responses"]!["default"]!["content"]!["application/json"]!;
            content["schema"] = System.Text.Json.Nodes.JsonNode.Parse($$"""{ "type": "object", "properties": { "data": { "$ref": "#/components/schemas/{{target}}" } } }""");
        });

        var result = GeneratorHarness.Run(new TestAdditionalFile(Path, text));

        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "XHS0009");
        Assert.All(result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning), d => Assert.Equal(Path, d.Location.GetLineSpan().Path));
        Assert.Contains(result.Diagnostics, d => d.Id == "XHS0008" && d.GetMessage().Contains("#/components/schemas/" + target, StringComparison.Ordinal));
        Assert.Contains(result.GeneratedSources, s => s.SourceText.ToString().Contains("public global::System.Collections.Generic.IReadOnlyList<SearchUserV2User> Users", StringComparison.Ordinal));
    }
}

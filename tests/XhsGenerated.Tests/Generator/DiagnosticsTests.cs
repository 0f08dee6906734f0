using Microsoft.CodeAnalysis;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Generator;

/// <summary>Each descriptor, triggered by a bad document, reported with a location inside the file; never an exception.</summary>
public sealed class DiagnosticsTests
{
    private const string Path = "/project/openapi/doc.json";

    private static (Diagnostic[] Diagnostics, GeneratorRunResult Result) Run(string text)
    {
        var result = GeneratorHarness.Run(new TestAdditionalFile(Path, text));
        return (result.Diagnostics.ToArray(), result);
    }

    private static Diagnostic Single(Diagnostic[] diagnostics, string id) => Assert.Single(diagnostics, d => d.Id == id);

    private static string TextAt(string text, Diagnostic diagnostic)
        => text.Substring(diagnostic.Location.SourceSpan.Start, Math.Max(diagnostic.Location.SourceSpan.Length, 1));

    [Fact]
    public void Invalid_json_points_at_the_break()
    {
        var text = "{\n  \"openapi\": \"3.0.0\",\n  \"info\": { \"title\": \"x\" \n}";
        var (diagnostics, result) = Run(text);

        var error = Single(diagnostics, "XHS0001");
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal(Path, error.Location.GetLineSpan().Path);
        Assert.Equal(3, error.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains("doc.json", error.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void Json_that_is_not_openapi_is_ignored_without_noise()
    {
        var (diagnostics, result) = Run("""{ "name": "appsettings", "values": [1, 2] }""");

        Assert.Empty(diagnostics);
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void An_unsupported_openapi_version_points_at_the_version()
    {
        var text = """{ "openapi": "9.9.9", "info": { "title": "x", "version": "1" }, "paths": {} }""";
        var (diagnostics, _) = Run(text);

        var error = Single(diagnostics, "XHS0002");
        Assert.Equal("\"9.9.9\"", TextAt(text, error));
    }

    [Fact]
    public void An_operation_without_operation_id_is_skipped_and_located()
    {
        var text = Documents.EditVendored(d => Documents.Operation(d).Remove("operationId"));
        var (diagnostics, result) = Run(text);

        var warning = Single(diagnostics, "XHS0003");
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.StartsWith("{", TextAt(text, warning), StringComparison.Ordinal);
        Assert.Contains("\"get\"", text.Split('\n')[warning.Location.GetLineSpan().StartLinePosition.Line], StringComparison.Ordinal);
        Assert.Empty(result.GeneratedSources);
    }

    [Theory]
    [InlineData("""{ "openapi": "3.0.0", "info": { "title": "x", "version": "1" }, "paths": {} }""", "hold no operation")]
    [InlineData("""{ "openapi": "3.1.0", "info": { "title": "x", "version": "1" }, "paths": { "/a": { "get": { "responses": {} } } } }""", "1 operation(s) was skipped")]
    public void A_document_that_makes_no_operation_is_a_warning_at_its_paths(string text, string says)
    {
        var (diagnostics, result) = Run(text);

        var warning = Single(diagnostics, "XHS0014");
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.StartsWith("{", TextAt(text, warning), StringComparison.Ordinal);
        Assert.Equal(Path, warning.Location.GetLineSpan().Path);
        Assert.Contains(says, warning.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("doc.json", warning.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void An_unsupported_feature_says_which_and_skips_only_that_operation()
    {
        var text = Documents.WithExampleData("{}", extraParameters: """, { "name": "X-Trace", "in": "header", "schema": { "type": "string" } }""");
        var (diagnostics, result) = Run(text);

        var warning = Single(diagnostics, "XHS0004");
        Assert.Contains("parameter 'X-Trace' in header", warning.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void A_json_request_body_is_unsupported()
    {
        var text = Documents.EditVendored(d => Documents.Operation(d)["requestBody"] = System.Text.Json.Nodes.JsonNode.Parse("""{ "content": { "application/json": { "schema": { "type": "object" } } } }"""));
        var (diagnostics, _) = Run(text);

        Assert.Contains("'application/json' request body", Single(diagnostics, "XHS0004").GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_operations_mapping_to_one_method_name_are_an_error_on_the_second()
    {
        var first = new TestAdditionalFile("/project/openapi/a.json", Documents.WithExampleData("{}", operationId: "getThing", path: "/a"));
        var second = new TestAdditionalFile("/project/openapi/b.json", Documents.WithExampleData("{}", operationId: "postThing", path: "/b"));
        var result = GeneratorHarness.Run(first, second);

        var error = Assert.Single(result.Diagnostics, d => d.Id == "XHS0005");
        Assert.Equal("/project/openapi/b.json", error.Location.GetLineSpan().Path);
        Assert.Contains("ThingAsync", error.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("getThing (a.json, TestClient)", error.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_clients_in_one_namespace_cannot_share_an_operation_name_because_their_types_would_collide()
    {
        var first = new TestAdditionalFile("/project/openapi/a.json", Documents.WithExampleData("{}", operationId: "getSearchUserV2", path: "/a", tag: "Douyin"));
        var second = new TestAdditionalFile("/project/openapi/b.json", Documents.WithExampleData("{}", operationId: "getSearchUserV2", path: "/b", tag: "Kuaishou"));

        var result = GeneratorHarness.Run(first, second);

        var error = Assert.Single(result.Diagnostics, d => d.Id == "XHS0005");
        Assert.Contains("DouyinClient", error.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("XhsNamespace", error.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName.Contains("KuaishouClient", StringComparison.Ordinal));

        var metadata = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["/project/openapi/b.json"] = new Dictionary<string, string> { ["XhsNamespace"] = "Demo.Kuaishou" } };
        var separated = GeneratorHarness.Run(new AdditionalText[] { first, second }, metadata);
        Assert.DoesNotContain(separated.Diagnostics, d => d.Id == "XHS0005");
        Assert.Contains(separated.GeneratedSources, s => s.HintName == "Demo.Kuaishou.KuaishouClient.SearchUserV2.g.cs");
    }

    [Fact]
    public void A_changed_identifier_is_reported_as_info()
    {
        var (diagnostics, _) = Run(Documents.WithExampleData("""{ "1st-place": 1 }"""));

        var info = Single(diagnostics, "XHS0006");
        Assert.Equal(DiagnosticSeverity.Info, info.Severity);
        Assert.Contains("'_1stPlace'", info.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Reader_problems_are_warnings_at_the_pointer()
    {
        var text = """
        {
          "openapi": "3.0.0",
          "info": { "version": "1" },
          "paths": {}
        }
        """;
        var (diagnostics, _) = Run(text);

        var warning = Assert.Single(diagnostics, d => d.Id == "XHS0008");
        Assert.Contains("title", warning.GetMessage(), StringComparison.Ordinal);
        Assert.StartsWith("{ \"version\"", TextAt(text, warning), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{\"openapi\": 3}")]
    [InlineData("{\"openapi\": \"3.0.0\", \"paths\": []}")]
    [InlineData("{\"openapi\": \"3.1.0\", \"info\": {\"title\": \"x\", \"version\": \"1\"}, \"paths\": {\"/a\": {\"get\": {\"operationId\": \"getA\", \"responses\": {\"200\": {\"description\": \"ok\", \"content\": {\"application/json\": {\"example\": [[[[[[1]]]]]]}}}}}}}}")]
    [InlineData("{\"openapi\": \"3.0.0\", \"info\": {\"title\": \"x\", \"version\": \"1\"}, \"servers\": [{\"url\": \"{scheme}://x\"}, {\"url\": \"/relative\"}], \"paths\": {\"/a/{id}\": {\"get\": {\"operationId\": \"get\\\"A\", \"parameters\": [{\"name\": \"id\", \"in\": \"path\", \"required\": true, \"schema\": {\"type\": \"integer\"}}], \"responses\": {}}}}}")]
    public void Hostile_or_odd_documents_never_throw_out_of_the_generator(string text)
    {
        var (diagnostics, result) = Run(text);

        Assert.Null(result.Exception);
        Assert.DoesNotContain(diagnostics, d => d.Id == "XHS0009");
    }
}

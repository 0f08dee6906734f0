using Microsoft.CodeAnalysis;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Generator;

/// <summary>The shapes of the vendor's combined 3.1 catalog and of many per-endpoint documents.</summary>
public sealed class CatalogTests
{
    private const string Catalog = """
    {
      "openapi": "3.1.0",
      "info": { "title": "Just One API", "version": "1" },
      "servers": [ { "url": "https://api.justoneapi.com", "description": "prod-global" }, { "url": "http://47.117.133.51:30015", "description": "prod-cn" } ],
      "tags": [ { "name": "Douyin (TikTok China)" }, { "name": "Xiaohongshu (RedNote)" } ],
      "paths": {
        "/api/douyin/search/v1": {
          "get": {
            "tags": [ "Douyin (TikTok China)" ],
            "summary": "Search <videos> & \"more\" */",
            "operationId": "getDouyinSearchV1",
            "parameters": [
              { "name": "token", "in": "query", "required": true, "schema": { "type": "string" } },
              { "name": "keyword", "in": "query", "required": true, "schema": { "type": "string" } },
              { "name": "sortType", "in": "query", "required": false, "schema": { "type": ["string", "null"], "enum": ["_0", "_1", "最新"] } },
              { "name": "publishTime", "in": "query", "schema": { "type": "string", "enum": ["DAY_1", "DAY_30"], "default": "DAY_30" } },
              { "name": "page", "in": "query", "schema": { "type": "integer", "format": "int32", "default": 1 } }
            ],
            "responses": { "default": { "$ref": "#/components/responses/Default" } }
          }
        },
        "/api/xiaohongshu/note/{noteId}": {
          "get": {
            "tags": [ "Xiaohongshu (RedNote)" ],
            "operationId": "getNoteDetail",
            "parameters": [
              { "name": "token", "in": "query", "required": true, "schema": { "type": "string" } },
              { "name": "noteId", "in": "path", "required": true, "schema": { "type": "string" } }
            ],
            "responses": { "200": { "description": "ok", "content": { "application/json": { "example": { "code": 0, "data": [ { "note_id": "n1", "likes": 3, "tags": [ "a" ], "author": { "id": "u1" } } ] } } } } }
          }
        },
        "/api/xiaohongshu/note/publish": {
          "post": {
            "tags": [ "Xiaohongshu (RedNote)" ],
            "operationId": "postPublishNote",
            "requestBody": { "content": { "application/x-www-form-urlencoded": { "schema": {
              "type": "object", "required": [ "token", "title" ],
              "properties": { "token": { "type": "string" }, "title": { "type": "string", "description": "The note's <b>title</b>." }, "draft": { "type": "boolean" } }
            } } } },
            "responses": { "default": { "$ref": "#/components/responses/Default" } }
          }
        }
      },
      "components": {
        "schemas": {
          "Result": { "type": "object", "properties": { "code": { "type": "integer" }, "message": { "type": ["string", "null"] }, "data": { } } }
        },
        "responses": {
          "Default": { "description": "The envelope", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Result" } } } }
        }
      }
    }
    """;

    [Fact]
    public void A_31_catalog_with_tags_enums_path_and_form_parameters_and_shared_responses_generates_compiling_clients()
    {
        var file = new TestAdditionalFile("/project/openapi/catalog.json", Catalog);
        var result = GeneratorHarness.Run(file);

        Assert.Empty(result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Equal(
            new[]
            {
                "Demo.DouyinClient.DouyinSearchV1.g.cs", "Demo.DouyinClient.g.cs",
                "Demo.XiaohongshuClient.NoteDetail.g.cs", "Demo.XiaohongshuClient.PublishNote.g.cs", "Demo.XiaohongshuClient.g.cs",
            },
            result.GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal));
        Snapshot.VerifyGenerated(result);
        GeneratorHarness.RunAndCompile(file);
    }

    [Fact]
    public void Per_endpoint_documents_that_share_a_tag_make_one_partial_client()
    {
        var users = new TestAdditionalFile("/project/openapi/user-search-v2-en.json", GeneratorHarness.VendoredDocument);
        var notes = new TestAdditionalFile("/project/openapi/note-search-en.json", Documents.WithExampleData("""{ "notes": [ { "id": "1" } ] }""", operationId: "getSearchNoteV1", tag: "Xiaohongshu (RedNote)"));
        var result = GeneratorHarness.Run(users, notes);

        var client = result.GeneratedSources.Single(s => s.HintName == "Demo.XiaohongshuClient.g.cs").SourceText.ToString();
        Assert.Contains("Typed client for Just One API: SearchNoteV1Async, SearchUserV2Async.", client, StringComparison.Ordinal);
        Assert.Contains("https://api.example.test", client, StringComparison.Ordinal);
        Assert.Contains("https://api.justoneapi.com", client, StringComparison.Ordinal);
        GeneratorHarness.RunAndCompile(users, notes);
    }

    [Fact]
    public void A_file_listed_twice_counts_once()
    {
        var file = new TestAdditionalFile(GeneratorHarness.DefaultPath, GeneratorHarness.VendoredDocument);

        var result = GeneratorHarness.Run(file, file);

        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "XHS0005");
        Assert.Equal(2, result.GeneratedSources.Length);
    }

    [Fact]
    public void Hostile_names_and_text_are_escaped_for_where_they_land()
    {
        var document = Documents.WithExampleData(
            """{ "a\"b": 1, "</summary><script>": "x", "\u0000nul": true, "line\nbreak": 2, "\ud83d\ude00": 3, "list": [ { "class": { "namespace": null } } ] }""",
            operationId: "get\\\"; System.Environment.Exit(1); //",
            path: "/api/\\\"quoted\\\"/{id}",
            tag: "Evil \\\" */ tag");
        var file = new TestAdditionalFile("/project/openapi/evil.json", document);

        var output = GeneratorHarness.RunAndCompile(file);
        var result = GeneratorHarness.Run(file);

        var source = string.Concat(result.GeneratedSources.Select(s => s.SourceText.ToString()));
        Assert.DoesNotContain(source.Split('\n'), line => line.TrimStart().StartsWith("///", StringComparison.Ordinal) && line.Contains("<script>", StringComparison.Ordinal));
        Assert.Contains("[global::System.Text.Json.Serialization.JsonPropertyName(\"</summary><script>\")]", source, StringComparison.Ordinal);
        Assert.Contains(result.Diagnostics, d => d.Id == "XHS0006" && d.GetMessage().Contains("'a\"b'", StringComparison.Ordinal));
        Assert.Single(output.GetSymbolsWithName(n => n.EndsWith("Client", StringComparison.Ordinal), SymbolFilter.Type), t => t.ContainingNamespace.ToDisplayString() == "Demo");
    }

    [Fact]
    public void A_name_that_is_not_valid_utf16_makes_the_document_invalid_json_not_a_crash()
    {
        var result = GeneratorHarness.Run(new TestAdditionalFile("/project/openapi/bad.json", Documents.WithExampleData("""{ "bad\ud800": 1 }""")));

        Assert.Equal("XHS0001", Assert.Single(result.Diagnostics).Id);
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void Servers_that_cannot_be_called_are_skipped_with_a_warning()
    {
        var document = Documents.EditVendored(d => d["servers"] = System.Text.Json.Nodes.JsonNode.Parse("""[ { "url": "{scheme}://api.example" }, { "url": "/relative" }, { "url": "https://ok.example/base/" } ]"""));
        var file = new TestAdditionalFile(GeneratorHarness.DefaultPath, document);

        var result = GeneratorHarness.Run(file);

        Assert.Equal(2, result.Diagnostics.Count(d => d.Id == "XHS0008" && d.GetMessage().Contains("was skipped", StringComparison.Ordinal)));
        var client = result.GeneratedSources.Single(s => s.HintName == "Demo.XiaohongshuClient.g.cs").SourceText.ToString();
        Assert.Contains("new global::System.Uri(\"https://ok.example/base\")", client, StringComparison.Ordinal);
        Assert.DoesNotContain("{scheme}", client, StringComparison.Ordinal);
        GeneratorHarness.RunAndCompile(file);
    }
}

/// <summary>A catalog at the vendor's scale: hundreds of operations over dozens of tags.</summary>
public sealed class CatalogScaleTests
{
    [Fact]
    public void A_catalog_of_320_operations_over_32_tags_compiles_with_no_warning_and_good_names()
    {
        var file = new TestAdditionalFile("/project/openapi/catalog.json", CatalogDocument.Build(platforms: 32, operationsPerPlatform: 10));

        var result = GeneratorHarness.Run(file);
        var compilation = GeneratorHarness.NewCompilation(new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest, DocumentationMode.Diagnose), "namespace Demo { internal static class Marker { } }");
        GeneratorHarness.NewDriver(new[] { file }, parseOptions: new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest, DocumentationMode.Diagnose))
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);

        Assert.Empty(result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(10)));
        var sources = result.GeneratedSources.Select(s => s.SourceText.ToString()).ToList();
        var methods = sources.SelectMany(s => System.Text.RegularExpressions.Regex.Matches(s, @"public global::System\.Threading\.Tasks\.Task<\w+> (\w+)Async\(").Select(m => m.Groups[1].Value)).ToList();
        var clients = result.GeneratedSources.Select(s => s.HintName.Split('.')[1]).Distinct().ToList();
        Assert.Equal(320, methods.Count);
        Assert.Equal(32, clients.Count);
        Assert.Contains("XiaohongshuClient", clients);
        Assert.Contains("Platform1688Client", clients);
        Assert.Contains("SearchNoteV2", methods);
        Assert.DoesNotContain(methods, m => m.StartsWith("Api", StringComparison.Ordinal));
        // The publishTime every search of a platform takes is one struct of its client, not one per operation.
        Assert.Contains(sources, s => s.Contains("public readonly struct XiaohongshuPublishTime", StringComparison.Ordinal));
        Assert.DoesNotContain(sources, s => s.Contains("struct XiaohongshuSearchNoteV1PublishTime", StringComparison.Ordinal));
        Assert.Contains(sources, s => s.Contains("XiaohongshuPublishTime? publishTime = null", StringComparison.Ordinal));
    }
}

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
        AssertCompilesCleanly(file);
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
        AssertCompilesCleanly(users, notes);
    }

    private static void AssertCompilesCleanly(params AdditionalText[] files)
    {
        var compilation = GeneratorHarness.NewCompilation("namespace Demo { internal static class Marker { } }");
        GeneratorHarness.NewDriver(files).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace XhsGenerated.Tests.Infrastructure;

/// <summary>Small OpenAPI documents for parser, diagnostics and driver tests.</summary>
internal static class Documents
{
    /// <summary>A per-endpoint document in the vendor's shape whose example's <c>data</c> is <paramref name="data"/>.</summary>
    public static string WithExampleData(string data, string operationId = "getThing", string path = "/api/test/thing", string tag = "Test (Thing)", string? extraParameters = null)
        => $$"""
        {
          "openapi": "3.0.0",
          "info": { "title": "Test", "version": "1.0.0" },
          "servers": [ { "url": "https://api.example.test", "description": "prod-global" } ],
          "paths": {
            "{{path}}": {
              "get": {
                "tags": [ "{{tag}}" ],
                "summary": "Thing",
                "operationId": "{{operationId}}",
                "parameters": [
                  { "name": "token", "in": "query", "required": true, "schema": { "type": "string" } }{{extraParameters}}
                ],
                "responses": { "default": { "description": "ok", "content": { "application/json": { "example": { "code": 0, "data": {{data}} } } } } }
              }
            }
          }
        }
        """;

    /// <summary>The vendored document with <paramref name="edit"/> applied to its parsed form.</summary>
    public static string EditVendored(Action<JsonObject> edit)
    {
        var node = JsonNode.Parse(GeneratorHarness.VendoredDocument)!.AsObject();
        edit(node);
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    public static JsonObject Operation(JsonObject document) => document["paths"]!["/api/xiaohongshu/search-user/v2"]!["get"]!.AsObject();

    public static JsonObject Example(JsonObject document) => Operation(document)["responses"]!["default"]!["content"]!["application/json"]!["example"]!.AsObject();
}

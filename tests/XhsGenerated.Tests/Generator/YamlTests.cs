using Microsoft.CodeAnalysis;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Generator;

/// <summary>YAML documents: the same code, the same diagnostics, at the YAML's own lines.</summary>
public sealed class YamlTests
{
    private const string Yaml = """
        openapi: 3.1.0
        info:
          title: Just One API
          version: "1"
        servers:
          - url: https://api.justoneapi.com
            description: prod-global
          - url: "https://{region}.example.com"
        paths:
          /api/xiaohongshu/search-user/v2:
            get:
              tags: [ "Xiaohongshu (RedNote)" ]
              operationId: getSearchUserV2
              summary: User Search (V2)
              parameters:
                - name: token
                  in: query
                  required: true
                  schema: { type: string }
                - name: keyword
                  in: query
                  required: true
                  schema: { type: string }
                - name: sort
                  in: query
                  schema:
                    type: string
                    enum: [ general, 最新 ]
                - name: page
                  in: query
                  schema: { type: integer, format: int32, default: 1 }
              responses:
                default:
                  description: default response
                  content:
                    application/json:
                      example:
                        code: 0
                        data:
                          users:
                            - id: "68b0"
                              name: Amir Ali
                              followed: false
                              red_official_verify_type: 0
        """;

    private const string Json = """
        {
          "openapi": "3.1.0",
          "info": { "title": "Just One API", "version": "1" },
          "servers": [ { "url": "https://api.justoneapi.com", "description": "prod-global" }, { "url": "https://{region}.example.com" } ],
          "paths": {
            "/api/xiaohongshu/search-user/v2": {
              "get": {
                "tags": [ "Xiaohongshu (RedNote)" ],
                "operationId": "getSearchUserV2",
                "summary": "User Search (V2)",
                "parameters": [
                  { "name": "token", "in": "query", "required": true, "schema": { "type": "string" } },
                  { "name": "keyword", "in": "query", "required": true, "schema": { "type": "string" } },
                  { "name": "sort", "in": "query", "schema": { "type": "string", "enum": [ "general", "最新" ] } },
                  { "name": "page", "in": "query", "schema": { "type": "integer", "format": "int32", "default": 1 } }
                ],
                "responses": { "default": { "description": "default response", "content": { "application/json": { "example": {
                  "code": 0, "data": { "users": [ { "id": "68b0", "name": "Amir Ali", "followed": false, "red_official_verify_type": 0 } ] } } } } } }
              }
            }
          }
        }
        """;

    [Theory]
    [InlineData("/project/openapi/doc.yaml")]
    [InlineData("/project/openapi/doc.yml")]
    public void A_yaml_document_generates_the_same_code_as_the_same_document_in_json(string path)
    {
        var fromYaml = GeneratorHarness.Run(new TestAdditionalFile(path, Yaml));
        var fromJson = GeneratorHarness.Run(new TestAdditionalFile("/project/openapi/doc.json", Json));

        Assert.NotEmpty(fromYaml.GeneratedSources);
        Assert.Equal(
            fromJson.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString().Replace("doc.json", "doc", StringComparison.Ordinal))),
            fromYaml.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString().Replace(Path.GetFileName(path), "doc", StringComparison.Ordinal))));
        Assert.Equal(fromJson.Diagnostics.Select(d => d.Id).Order(), fromYaml.Diagnostics.Select(d => d.Id).Order());
    }

    [Fact]
    public void A_yaml_documents_diagnostics_point_at_its_own_lines()
    {
        var result = GeneratorHarness.Run(new TestAdditionalFile("/project/openapi/doc.yaml", Yaml));

        var skipped = Assert.Single(result.Diagnostics, d => d.Id == "XHS0008" && d.GetMessage().Contains("{region}", StringComparison.Ordinal));
        Assert.Equal("/project/openapi/doc.yaml", skipped.Location.GetLineSpan().Path);
        Assert.Equal(7, skipped.Location.GetLineSpan().StartLinePosition.Line);
        var inferred = Assert.Single(result.Diagnostics, d => d.Id == "XHS0007");
        Assert.Equal(37, inferred.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void A_yaml_document_compiles_with_no_warning()
    {
        GeneratorHarness.RunAndCompile(new TestAdditionalFile("/project/openapi/doc.yml", Yaml.Replace("  - url: \"https://{region}.example.com\"\n", "", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("openapi: 3.1.0\ninfo: { title: t, version: 1\npaths: {}\n", 2)]
    [InlineData("openapi: 3.1.0\npaths:\n  /a:\n    get:\n   bad: [\n", 4)]
    public void Yaml_that_is_not_yaml_is_XHS0001_at_its_line(string text, int line)
    {
        var result = GeneratorHarness.Run(new TestAdditionalFile("/project/openapi/bad.yaml", text));

        var error = Assert.Single(result.Diagnostics, d => d.Id == "XHS0001");
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Contains("not valid YAML", error.GetMessage(), StringComparison.Ordinal);
        Assert.InRange(error.Location.GetLineSpan().StartLinePosition.Line, line - 1, line);
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void Yaml_that_is_not_openapi_is_ignored_like_json_that_is_not()
    {
        var result = GeneratorHarness.Run(new TestAdditionalFile("/project/openapi/settings.yml", "name: not an api\nitems: [1, 2]\n"));

        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.GeneratedSources);
    }
}

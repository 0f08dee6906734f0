using System.Text.Json.Nodes;

namespace XhsGenerated.Tests.Infrastructure;

/// <summary>The vendored document and its response example.</summary>
internal static class Seed
{
    public const string Token = "tok_SECRET_0123456789abcdefABCDEF";

    /// <summary>The example response the vendored document carries, as JSON text.</summary>
    public static string Example { get; } = ExampleNode().ToJsonString();

    public static JsonObject ExampleNode()
        => (JsonObject)JsonNode.Parse(GeneratorHarness.VendoredDocument)!["paths"]!["/api/xiaohongshu/search-user/v2"]!["get"]!["responses"]!["default"]!["content"]!["application/json"]!["example"]!.DeepClone();

    public static string Envelope(int code, string? message = null, string data = "null", string requestId = "req-1")
        => $$"""{"code":{{code}},"message":{{(message is null ? "null" : System.Text.Json.JsonSerializer.Serialize(message))}},"data":{{data}},"recordTime":"2026-11-28 10:00:00","requestId":"{{requestId}}"}""";
}

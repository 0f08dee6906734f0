using System.Text;
using System.Text.Json.Nodes;

namespace XhsGenerated.Benchmarks;

/// <summary>The response bodies the suites read: the vendored document's example, and a page of 1,000 users made by repeating its users.</summary>
public static class Payloads
{
    public const string Example = "example";
    public const string ThousandUsers = "1000 users";

    /// <summary>The example as the vendor serves it: 1-space indentation, raw UTF-8, the example's key order.</summary>
    public const string ExampleVendorLayout = "example, vendor layout";

    /// <summary>1,000 users (the example's users repeated in order) in the vendor's layout.</summary>
    public const string ThousandUsersVendorLayout = "1000 users, vendor layout";

    public static JsonObject ExampleNode()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "openapi", "user-search-v2-en.json"));
        return (JsonObject)JsonNode.Parse(text)!["paths"]!["/api/xiaohongshu/search-user/v2"]!["get"]!["responses"]!["default"]!["content"]!["application/json"]!["example"]!.DeepClone();
    }

    public static byte[] Get(string name)
    {
        var example = ExampleNode();
        if (name is ThousandUsers or ThousandUsersVendorLayout)
        {
            var users = example["data"]!["users"]!.AsArray();
            var templates = users.Select(u => u!.DeepClone()).ToArray();
            users.Clear();
            for (var i = 0; i < 1000; i++)
            {
                users.Add(templates[i % templates.Length].DeepClone());
            }
        }

        var vendorLayout = name is ExampleVendorLayout or ThousandUsersVendorLayout;
        return Encoding.UTF8.GetBytes(example.ToJsonString(new System.Text.Json.JsonSerializerOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            WriteIndented = vendorLayout,
            IndentSize = 1,
        }));
    }
}

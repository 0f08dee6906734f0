using System.Text;
using System.Text.Json.Nodes;

namespace XhsGenerated.Benchmarks;

/// <summary>
/// The response bodies the suites read, all in the vendor's layout (1-space indentation, raw UTF-8,
/// the example's key order): the vendored document's example, a page of 1,000 users made by repeating
/// its users, and a page of 1,000 users that are all different.
/// </summary>
public static class Payloads
{
    /// <summary>The example as the vendor serves it: 1-space indentation, raw UTF-8, the example's key order.</summary>
    public const string ExampleVendorLayout = "example, vendor layout";

    /// <summary>1,000 users (the example's users repeated in order) in the vendor's layout.</summary>
    public const string ThousandUsersVendorLayout = "1000 users, vendor layout";

    /// <summary>
    /// 1,000 users in the vendor's layout, every one different: the example's users with the
    /// identifying strings (id, red_id, link, desc, name, image) made unique. Nothing repeats but the
    /// flags, the empty strings and the verify type: the case where reusing repeated strings cannot help.
    /// </summary>
    public const string ThousandDistinctUsersVendorLayout = "1000 distinct users, vendor layout";

    public static JsonObject ExampleNode()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "openapi", "user-search-v2-en.json"));
        return (JsonObject)JsonNode.Parse(text)!["paths"]!["/api/xiaohongshu/search-user/v2"]!["get"]!["responses"]!["default"]!["content"]!["application/json"]!["example"]!.DeepClone();
    }

    public static byte[] Get(string name)
    {
        var example = ExampleNode();
        if (name is ThousandUsersVendorLayout or ThousandDistinctUsersVendorLayout)
        {
            var users = example["data"]!["users"]!.AsArray();
            var templates = users.Select(u => u!.DeepClone()).ToArray();
            users.Clear();
            for (var i = 0; i < 1000; i++)
            {
                var user = templates[i % templates.Length]!.DeepClone();
                if (name is ThousandDistinctUsersVendorLayout)
                {
                    Distinguish(user.AsObject(), i);
                }

                users.Add(user);
            }
        }

        return Encoding.UTF8.GetBytes(example.ToJsonString(new System.Text.Json.JsonSerializerOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            WriteIndented = true,
            IndentSize = 1,
        }));
    }

    /// <summary>Makes the user's strings unique to <paramref name="i"/>, keeping their lengths and shapes.</summary>
    private static void Distinguish(JsonObject user, int i)
    {
        var id = ((string)user["id"]!)[..18] + i.ToString("x6", System.Globalization.CultureInfo.InvariantCulture);
        var redId = (27000000000L + (i * 7919L)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        user["id"] = id;
        user["red_id"] = redId;
        user["link"] = "xhsdiscover://1/user/user." + id;
        user["desc"] = "小红书号:" + redId;
        user["name"] = (string)user["name"]! + " " + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var image = (string)user["image"]!;
        var at = image.IndexOf("avatar/", StringComparison.Ordinal) + "avatar/".Length;
        user["image"] = image[..at] + i.ToString("x8", System.Globalization.CultureInfo.InvariantCulture) + image[(at + 8)..];
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace XhsGenerated.Sandbox;

/// <summary>
/// Deterministic, realistic <c>search-user/v2</c> answers: users shaped exactly like the document's
/// example (its users are the templates, so a field the vendor adds appears here too), derived from
/// keyword and page. A keyword has a finite number of pages (5 to 9); the page after the last has
/// no users.
/// </summary>
public sealed class UserSearchPages
{
    private static readonly string[] NameForms = { "{0}", "{0}", "{0}", "{0}的日常", "小{0}", "{0} Official", "{0}同学", "{0}_{1}" };

    private readonly JsonObject _example;
    private readonly int _usersPerPage;

    /// <summary>Creates the page source from the operation's example.</summary>
    /// <param name="example">The document's example answer (its <c>data.users</c> are the templates).</param>
    /// <param name="usersPerPage">Users on a full page.</param>
    public UserSearchPages(JsonNode? example, int usersPerPage)
    {
        _example = example as JsonObject ?? new JsonObject();
        _usersPerPage = Math.Max(1, usersPerPage);
    }

    /// <summary>How many pages a keyword has.</summary>
    /// <param name="keyword">The keyword.</param>
    /// <returns>5 to 9.</returns>
    public static int PageCount(string keyword) => 5 + (int)(Hash(keyword, "pages")[0] % 5);

    /// <summary>How many users a page of a keyword holds: full pages, a partial last page, none after it.</summary>
    /// <param name="keyword">The keyword.</param>
    /// <param name="page">The page, from 1.</param>
    /// <returns>The number of users.</returns>
    public int UsersOn(string keyword, int page)
    {
        var pages = PageCount(keyword);
        if (page < 1 || page > pages)
        {
            return 0;
        }

        return page < pages ? _usersPerPage : 1 + (int)(Hash(keyword, "last")[0] % (uint)_usersPerPage);
    }

    /// <summary>The <c>data</c> of one page.</summary>
    /// <param name="keyword">The keyword.</param>
    /// <param name="page">The page, from 1.</param>
    /// <returns>A new <c>data</c> object: <c>users</c> and the example's other members (<c>filters</c>…).</returns>
    public JsonObject Data(string keyword, int page)
    {
        var exampleData = _example["data"] as JsonObject ?? new JsonObject();
        var templates = (exampleData["users"] as JsonArray)?.OfType<JsonObject>().ToArray() ?? Array.Empty<JsonObject>();
        var data = (JsonObject)exampleData.DeepClone();
        var users = new JsonArray();
        for (var i = 0; i < UsersOn(keyword, page); i++)
        {
            users.Add((JsonNode)User(templates.Length == 0 ? null : templates[i % templates.Length], keyword, page, i));
        }

        data["users"] = users;
        return data;
    }

    private static JsonObject User(JsonObject? template, string keyword, int page, int index)
    {
        var hash = Hash(keyword, page.ToString(System.Globalization.CultureInfo.InvariantCulture), index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var id = Convert.ToHexStringLower(hash, 0, 12);
        var redId = (10_000_000_000L + (long)(BitConverter.ToUInt64(hash, 12) % 90_000_000_000L)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var verified = hash[20] % 10 == 0;
        var name = string.Format(System.Globalization.CultureInfo.InvariantCulture, NameForms[hash[21] % NameForms.Length], keyword, hash[22] % 100);
        var user = (JsonObject?)template?.DeepClone() ?? new JsonObject();
        user["id"] = id;
        user["name"] = name;
        user["red_id"] = redId;
        user["desc"] = "小红书号:" + redId;
        user["image"] = $"https://sns-avatar-qc.xhscdn.com/avatar/{Convert.ToHexStringLower(hash, 24, 8)}{id[..8]}.jpg?imageView2/2/w/360/format/webp";
        user["link"] = "xhsdiscover://1/user/user." + id;
        user["followed"] = false;
        user["self"] = false;
        user["red_official_verified"] = verified;
        user["show_red_official_verify_icon"] = verified;
        user["red_official_verify_type"] = verified ? 1 : 0;
        user["sub_title"] ??= "";
        user["reason"] ??= "";
        return user;
    }

    private static byte[] Hash(params string[] parts) => SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", parts)));
}

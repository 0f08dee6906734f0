using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using XhsSearch.JustOneApi;

namespace XhsSearch;

/// <summary>The output formats of <c>xhs search</c>.</summary>
internal enum OutputFormat
{
    Table,
    Json,
    Csv,
    Ndjson,
}

/// <summary>Writes users as a table (for people) or as JSON, CSV or NDJSON (for programs).</summary>
internal static class UserWriter
{
    private static readonly string[] CsvColumns = { "id", "red_id", "name", "desc", "image", "link", "red_official_verified", "red_official_verify_type", "followed" };

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(IReadOnlyList<SearchUserV2User> users, OutputFormat format, TextWriter output)
    {
        switch (format)
        {
            case OutputFormat.Table:
                WriteTable(users, output);
                break;
            case OutputFormat.Json:
                var array = new JsonArray(users.Select(u => (JsonNode)ToJson(u)).ToArray());
                output.WriteLine(array.ToJsonString(new JsonSerializerOptions(JsonOptions) { WriteIndented = true }));
                break;
            case OutputFormat.Ndjson:
                foreach (var user in users)
                {
                    output.WriteLine(ToJson(user).ToJsonString(JsonOptions));
                }

                break;
            case OutputFormat.Csv:
                output.Write(string.Join(",", CsvColumns) + "\n");
                foreach (var user in users)
                {
                    var row = new[] { user.Id, user.RedId, user.Name, user.Desc, user.Image, user.Link, Bool(user.RedOfficialVerified), user.RedOfficialVerifyType?.ToString(System.Globalization.CultureInfo.InvariantCulture), Bool(user.Followed) };
                    output.Write(string.Join(",", row.Select(Csv)) + "\n");
                }

                break;
        }
    }

    /// <summary>A user as the API sent it: JSON member names, unknown members kept at the top level.</summary>
    public static JsonObject ToJson(SearchUserV2User user)
    {
        var node = JsonSerializer.SerializeToNode(user, JsonOptions)!.AsObject();
        node.Remove(nameof(SearchUserV2User.AdditionalProperties));
        foreach (var (name, value) in user.AdditionalProperties)
        {
            node[name] = JsonSerializer.SerializeToNode(value);
        }

        return node;
    }

    private static void WriteTable(IReadOnlyList<SearchUserV2User> users, TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn("#").RightAligned());
        table.AddColumn("Name");
        table.AddColumn("Red ID");
        table.AddColumn("User ID");
        table.AddColumn("Verified");
        var index = 0;
        foreach (var user in users)
        {
            table.AddRow(
                (++index).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(user.Name ?? ""),
                Markup.Escape(user.RedId ?? ""),
                Markup.Escape(user.Id ?? ""),
                user.RedOfficialVerified == true ? "[green]yes[/]" : "");
        }

        console.Write(table);
    }

    private static string? Bool(bool? value) => value switch { true => "true", false => "false", null => null };

    private static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var needsQuotes = value.IndexOfAny(new[] { ',', '"', '\n', '\r' }) >= 0 || value[0] == ' ' || value[^1] == ' ';
        return needsQuotes ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}

using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Spectre.Console;
using Xhs.Cli.JustOneApi;

namespace Xhs.Cli.Shared;

/// <summary>The output formats of <c>xhs search</c>.</summary>
internal enum OutputFormat
{
    Table,
    Json,
    Csv,
    Ndjson,
}

/// <summary>
/// Writes users as a table (for people) or as JSON, CSV or NDJSON (for programs). JSON goes through
/// the generated, reflection-free <c>WriteTo</c>, so the Native AOT build writes the same bytes.
/// </summary>
internal static class UserWriter
{
    private static readonly string[] CsvColumns = { "id", "red_id", "name", "desc", "image", "link", "red_official_verified", "red_official_verify_type", "followed" };

    /// <summary>Non-ASCII text stays readable (the output goes to a file or a person, never into HTML).</summary>
    internal static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonWriterOptions Indented = Compact with { Indented = true };

    /// <param name="users">The users, in order.</param>
    /// <param name="format">The format.</param>
    /// <param name="output">Where to write.</param>
    /// <param name="neutralizeFormulas">Whether CSV cells that a spreadsheet would run as a formula are defused.</param>
    public static void Write(IReadOnlyList<SearchUserV2User> users, OutputFormat format, TextWriter output, bool neutralizeFormulas = true)
    {
        switch (format)
        {
            case OutputFormat.Table:
                WriteTable(users, output);
                break;
            case OutputFormat.Json:
                output.Write(Json(Indented, writer =>
                {
                    writer.WriteStartArray();
                    foreach (var user in users)
                    {
                        user.WriteTo(writer);
                    }

                    writer.WriteEndArray();
                }));
                output.Write('\n');
                break;
            case OutputFormat.Ndjson:
                var buffer = new System.Buffers.ArrayBufferWriter<byte>();
                foreach (var user in users)
                {
                    buffer.ResetWrittenCount();
                    output.Write(Json(Compact, user.WriteTo, buffer));
                    output.Write('\n');
                }

                break;
            case OutputFormat.Csv:
                output.Write(string.Join(",", CsvColumns) + "\n");
                foreach (var user in users)
                {
                    var row = new[] { user.Id, user.RedId, user.Name, user.Desc, user.Image, user.Link, Bool(user.RedOfficialVerified), user.RedOfficialVerifyType?.ToString(System.Globalization.CultureInfo.InvariantCulture), Bool(user.Followed) };
                    output.Write(string.Join(",", row.Select(value => Csv(value, neutralizeFormulas))) + "\n");
                }

                break;
        }
    }

    /// <summary>
    /// Text from the API made safe for a terminal: control characters, escape sequences and
    /// bidirectional overrides become spaces, so a user name cannot move the cursor, recolour the
    /// screen or reorder what follows.
    /// </summary>
    public static string ForTerminal(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            // Escape (a control character) starts every terminal sequence; bidi overrides are format
            // characters. Zero-width (non-)joiners stay: emoji sequences and scripts need them.
            var unsafeRune = Rune.IsControl(rune)
                || (Rune.GetUnicodeCategory(rune) == System.Globalization.UnicodeCategory.Format && rune.Value is not (0x200C or 0x200D));
            builder.Append(unsafeRune ? " " : rune.ToString());
        }

        return builder.ToString();
    }

    internal static string Json(JsonWriterOptions options, Action<Utf8JsonWriter> write, System.Buffers.ArrayBufferWriter<byte>? buffer = null)
    {
        buffer ??= new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
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
                Markup.Escape(ForTerminal(user.Name)),
                Markup.Escape(ForTerminal(user.RedId)),
                Markup.Escape(ForTerminal(user.Id)),
                user.RedOfficialVerified == true ? "[green]yes[/]" : "");
        }

        console.Write(table);
    }

    private static string? Bool(bool? value) => value switch { true => "true", false => "false", null => null };

    /// <summary>
    /// One CSV cell (RFC 4180). A cell that starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab
    /// or a carriage return would run as a formula in a spreadsheet: OWASP's advice is to prefix it
    /// with a single quote and quote the cell.
    /// </summary>
    internal static string Csv(string? value, bool neutralizeFormulas = true)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var formula = neutralizeFormulas && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
        if (formula)
        {
            value = "'" + value;
        }

        var needsQuotes = formula || value.IndexOfAny(new[] { ',', '"', '\n', '\r' }) >= 0 || value[0] == ' ' || value[^1] == ' ';
        return needsQuotes ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}

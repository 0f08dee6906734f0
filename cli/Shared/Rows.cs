using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Xhs.Cli.Shared;

/// <summary>The formats of the commands that print rows (<c>runs</c>, <c>changes</c>, <c>overlap</c>).</summary>
internal enum RowFormat
{
    Table,
    Csv,
    Json,
    Markdown,
}

/// <summary>
/// Rows of named cells (text, whole numbers, fractions or null) written as a table for people, or as
/// CSV (injection-safe, as <c>search</c>'s), a JSON array of objects (null where a cell does not
/// apply) or a Markdown table. Text from the API is made safe for where it lands.
/// </summary>
internal static class Rows
{
    public static RowFormat ParseFormat(string? text) => text?.ToLowerInvariant() switch
    {
        null or "table" => RowFormat.Table,
        "csv" => RowFormat.Csv,
        "json" => RowFormat.Json,
        "markdown" or "md" => RowFormat.Markdown,
        _ => throw new ArgumentException($"--format must be table, csv, json or markdown, not '{text}'."),
    };

    public static void Write(IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows, RowFormat format, TextWriter output)
    {
        switch (format)
        {
            case RowFormat.Json:
                output.Write(UserWriter.Json(UserWriter.Compact with { Indented = true }, writer =>
                {
                    writer.WriteStartArray();
                    foreach (var row in rows)
                    {
                        writer.WriteStartObject();
                        for (var i = 0; i < columns.Count; i++)
                        {
                            writer.WritePropertyName(columns[i]);
                            WriteValue(writer, row[i]);
                        }

                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                }));
                output.Write('\n');
                break;
            case RowFormat.Csv:
                output.Write(string.Join(",", columns) + "\n");
                foreach (var row in rows)
                {
                    output.Write(string.Join(",", row.Select(cell => UserWriter.Csv(Text(cell)))) + "\n");
                }

                break;
            case RowFormat.Markdown:
                output.Write("| " + string.Join(" | ", columns) + " |\n");
                output.Write("|" + string.Concat(columns.Select(_ => " --- |")) + "\n");
                foreach (var row in rows)
                {
                    output.Write("| " + string.Join(" | ", row.Select(cell => Markdown(Text(cell)))) + " |\n");
                }

                break;
            default:
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
                var table = new Table().Border(TableBorder.Rounded);
                foreach (var column in columns)
                {
                    table.AddColumn(column);
                }

                foreach (var row in rows)
                {
                    table.AddRow(row.Select(cell => Markup.Escape(UserWriter.ForTerminal(Text(cell)))).ToArray());
                }

                console.Write(table);
                break;
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case double number:
                writer.WriteNumberValue(Math.Round(number, 4));
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case IEnumerable<string> list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    writer.WriteStringValue(item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        double number => Math.Round(number, 4).ToString(CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IEnumerable<string> list => string.Join("; ", list),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>A Markdown cell: pipes escaped, lines joined, HTML's angle brackets as entities (a name is not markup).</summary>
    private static string Markdown(string? text)
        => UserWriter.ForTerminal(text).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}

using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace XhsGenerated.Recording;

// Reading record files back: one file, or a folder of them in recorded order.
public sealed partial class JustOneApiRecord
{
    /// <summary>Reads a record file's content.</summary>
    /// <param name="utf8Json">The file's bytes.</param>
    /// <returns>The record.</returns>
    /// <exception cref="InvalidDataException">The content is not a record of a known format.</exception>
    public static JustOneApiRecord Parse(ReadOnlyMemory<byte> utf8Json)
    {
        try
        {
            return ParseCore(utf8Json);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"Not a recorded answer ({Format}): {ex.Message}", ex);
        }
    }

    /// <summary>Reads every <c>*.json</c> record in a folder (not its subfolders' other files), oldest first.</summary>
    /// <param name="directory">The folder.</param>
    /// <returns>The records, by <see cref="RecordedAt"/> then file name.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">A file is not a record; the message names it.</exception>
    public static IReadOnlyList<JustOneApiRecord> ReadDirectory(string directory)
    {
        ArgumentGuard.NotNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The folder of recorded answers '{directory}' does not exist.");
        }

        var records = new List<(JustOneApiRecord Record, string File)>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories))
        {
            try
            {
                records.Add((Parse(File.ReadAllBytes(file)), file));
            }
            catch (InvalidDataException ex)
            {
                throw new InvalidDataException($"'{file}': {ex.Message}", ex);
            }
        }

        return records.OrderBy(r => r.Record.RecordedAt).ThenBy(r => r.File, StringComparer.Ordinal).Select(r => r.Record).ToArray();
    }

    private static JustOneApiRecord ParseCore(ReadOnlyMemory<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json.Span);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("the file is not a JSON object.");
        }

        string? format = null, operationId = null, method = null, path = null, contentType = null;
        int? status = null;
        DateTimeOffset recordedAt = default;
        ReadOnlyMemory<byte>? body = null;
        var parameters = new List<KeyValuePair<string, string>>();
        var headers = new List<KeyValuePair<string, string>>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "format": format = reader.GetString(); break;
                case "operationId": operationId = reader.GetString(); break;
                case "method": method = reader.GetString(); break;
                case "path": path = reader.GetString(); break;
                case "contentType": contentType = reader.GetString(); break;
                case "status": status = reader.GetInt32(); break;
                case "recordedAt": recordedAt = reader.GetDateTimeOffset(); break;
                case "parameters": ReadPairs(ref reader, parameters); break;
                case "headers": ReadPairs(ref reader, headers); break;
                case "responseBase64": body = reader.GetBytesFromBase64(); break;
                case "response":
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    body = utf8Json[start..(int)reader.BytesConsumed];
                    break;
                default: reader.Skip(); break;
            }
        }

        if (format != Format)
        {
            throw new JsonException($"its 'format' is '{format ?? "(none)"}', not '{Format}'.");
        }

        if (operationId is null || method is null || path is null || status is null || body is null)
        {
            throw new JsonException("it lacks one of operationId, method, path, status and response.");
        }

        return new JustOneApiRecord(operationId, method, path, status.Value, body.Value)
        {
            Parameters = parameters,
            Headers = headers,
            ContentType = contentType,
            RecordedAt = recordedAt,
        };
    }

    private static void ReadPairs(ref Utf8JsonReader reader, List<KeyValuePair<string, string>> pairs)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("'parameters' and 'headers' are objects of strings.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            pairs.Add(new(name, reader.TokenType == JsonTokenType.String ? reader.GetString()! : Encoding.UTF8.GetString(reader.ValueSpan)));
        }
    }
}

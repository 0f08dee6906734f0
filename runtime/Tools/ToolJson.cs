using System;
using System.Buffers;
using System.ComponentModel;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace XhsGenerated.Tools;

/// <summary>JSON for agents: a response written by its reflection-free <c>WriteTo</c>, as an element and as text; schemas parsed once.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ToolJson
{
    // An agent reads this text, no browser renders it: Chinese and emoji stay as they are.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes a value with <paramref name="write"/>; returns it as a <see cref="JsonElement"/> (independent of any document) and as compact text.</summary>
    /// <param name="write">Writes one JSON value.</param>
    /// <returns>The element and its text.</returns>
    public static (JsonElement Element, string Text) Write(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            write(writer);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return (document.RootElement.Clone(), Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    /// <summary>Parses a schema kept as text in generated code.</summary>
    /// <param name="json">The schema.</param>
    /// <returns>The element, independent of any document.</returns>
    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

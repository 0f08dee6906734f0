using System;
using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using XhsGenerated.Serialization;

namespace XhsGenerated;

/// <summary>
/// The envelope of an answer whose document leaves <c>data</c> untyped (no example, no schema for it):
/// <c>data</c> is kept as raw JSON. The generated response of such an operation derives from it and
/// adds only its <c>Parse</c> methods, so a catalog of hundreds of them compiles one copy of the rest.
/// </summary>
public abstract class JustOneApiRawResponse : JustOneApiResponse
{
    /// <summary>The payload (<c>data</c>) as raw JSON; null when the body has none.</summary>
    [JsonPropertyName("data")]
    public JsonElement? Data { get; init; }

    /// <summary>
    /// Writes this answer: <c>code</c>, <c>message</c>, <c>data</c>, <c>recordTime</c>, <c>requestId</c>,
    /// then the envelope's unknown members. No reflection: safe under trimming and Native AOT.
    /// </summary>
    /// <param name="writer">Where to write.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteTo(Utf8JsonWriter writer)
    {
        JsonWriting.WriteEnvelopeStart(writer, this);
        writer.WritePropertyName("data"u8);
        if (Data is { } data)
        {
            data.WriteTo(writer);
        }
        else
        {
            writer.WriteNullValue();
        }

        JsonWriting.WriteEnvelopeEnd(writer, this);
    }

    /// <summary>Reads a whole response body into a <typeparamref name="T"/>: what the generated <c>Parse</c> methods call.</summary>
    /// <typeparam name="T">The generated response type.</typeparam>
    /// <param name="utf8Json">The body.</param>
    /// <returns>The response, whatever its <c>Code</c>.</returns>
    /// <exception cref="JsonException">The body is not JSON, or not the envelope (an object with a <c>code</c>).</exception>
    protected static T Read<T>(ReadOnlySpan<byte> utf8Json)
        where T : JustOneApiRawResponse, new()
        => JsonReading.ReadResponse(utf8Json, JsonReading.TryReadJsonElementItem, Factory<T>.Create);

    /// <summary>Reads a whole response body held in several buffers into a <typeparamref name="T"/>, without copying it into one.</summary>
    /// <typeparam name="T">The generated response type.</typeparam>
    /// <param name="utf8Json">The body.</param>
    /// <returns>The response, whatever its <c>Code</c>.</returns>
    /// <exception cref="JsonException">The body is not JSON, or not the envelope (an object with a <c>code</c>).</exception>
    protected static T Read<T>(in ReadOnlySequence<byte> utf8Json)
        where T : JustOneApiRawResponse, new()
        => JsonReading.ReadResponse(in utf8Json, JsonReading.TryReadJsonElementItem, Factory<T>.Create);

    /// <summary>One factory delegate per response type, made once.</summary>
    private static class Factory<T>
        where T : JustOneApiRawResponse, new()
    {
        public static readonly JsonResponseFactory<T, JsonElement> Create = static (data, hasData) => new T { Data = hasData ? data : null };
    }
}

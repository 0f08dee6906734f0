using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Text.Json;

namespace XhsGenerated.Serialization;

/// <summary>
/// The primitives generated writers are built from: the envelope's members around a typed
/// <c>data</c>, the unknown members a model kept on read, and numbers JSON cannot spell.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonWriting
{
    /// <summary>Starts the envelope object and writes <c>code</c> and <c>message</c>.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="response">The answer.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void WriteEnvelopeStart(Utf8JsonWriter writer, JustOneApiResponse response)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(response);
        writer.WriteStartObject();
        writer.WriteNumber("code"u8, response.Code);
        writer.WriteString("message"u8, response.Message);
    }

    /// <summary>Writes <c>recordTime</c>, <c>requestId</c> and the unknown envelope members, then ends the object.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="response">The answer.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void WriteEnvelopeEnd(Utf8JsonWriter writer, JustOneApiResponse response)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(response);
        writer.WriteString("recordTime"u8, response.RecordTime);
        if (response.RequestId is not null)
        {
            writer.WriteString("requestId"u8, response.RequestId);
        }

        WriteAdditional(writer, response.AdditionalProperties);
        writer.WriteEndObject();
    }

    /// <summary>Writes the members a model kept on read, in the order they were read.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="additional">The members, by JSON name.</param>
    public static void WriteAdditional(Utf8JsonWriter writer, IReadOnlyDictionary<string, JsonElement> additional)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (additional is null || additional.Count == 0)
        {
            return;
        }

        foreach (var (name, value) in additional)
        {
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }
    }

    /// <summary>Writes a number; one JSON cannot spell (NaN, ±∞) is written as its invariant text.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="value">The number.</param>
    public static void WriteNumber(Utf8JsonWriter writer, double value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }
}

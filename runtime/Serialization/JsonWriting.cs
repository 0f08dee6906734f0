using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Text;
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
    /// <summary>
    /// Starts a model's member, unless the model kept a value of that name aside on read (it had an
    /// unexpected kind): that one is written once, as it came, by <see cref="WriteAdditional"/>.
    /// </summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="name">The member's UTF-8 name.</param>
    /// <param name="additional">The model's unknown members.</param>
    /// <returns>Whether the name was written and its value is to follow.</returns>
    public static bool StartMember(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IReadOnlyDictionary<string, JsonElement>? additional)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (additional is { Count: > 0 } && IsKept(additional, name))
        {
            return false;
        }

        writer.WritePropertyName(name);
        return true;
    }

    /// <summary>
    /// Whether a member of that UTF-8 name was kept aside. As a read leaves them, the kept members are few,
    /// in an ordinal <see cref="Dictionary{TKey, TValue}"/>: the name is then decoded on the stack and
    /// compared with each, so writing a model that drifted makes no string per member.
    /// </summary>
    private static bool IsKept(IReadOnlyDictionary<string, JsonElement> additional, ReadOnlySpan<byte> name)
    {
        const int MostCompared = 16, LongestName = 128;
        if (additional is Dictionary<string, JsonElement> dictionary && dictionary.Count <= MostCompared && name.Length <= LongestName
            && (ReferenceEquals(dictionary.Comparer, StringComparer.Ordinal) || ReferenceEquals(dictionary.Comparer, EqualityComparer<string>.Default)))
        {
            Span<char> buffer = stackalloc char[LongestName];
            var decoded = buffer[..Encoding.UTF8.GetChars(name, buffer)];
            foreach (var key in dictionary.Keys)
            {
                if (decoded.SequenceEqual(key))
                {
                    return true;
                }
            }

            return false;
        }

        return additional.ContainsKey(Encoding.UTF8.GetString(name));
    }

    /// <summary>Writes a string member (null as JSON null), unless it was kept aside.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="name">The member's UTF-8 name.</param>
    /// <param name="value">The value.</param>
    /// <param name="additional">The model's unknown members.</param>
    public static void WriteString(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value, IReadOnlyDictionary<string, JsonElement>? additional)
    {
        if (StartMember(writer, name, additional))
        {
            if (value is null) writer.WriteNullValue();
            else writer.WriteStringValue(value);
        }
    }

    /// <summary>Writes a boolean member (null as JSON null), unless it was kept aside.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="name">The member's UTF-8 name.</param>
    /// <param name="value">The value.</param>
    /// <param name="additional">The model's unknown members.</param>
    public static void WriteBoolean(Utf8JsonWriter writer, ReadOnlySpan<byte> name, bool? value, IReadOnlyDictionary<string, JsonElement>? additional)
    {
        if (StartMember(writer, name, additional))
        {
            if (value is null) writer.WriteNullValue();
            else writer.WriteBooleanValue(value.Value);
        }
    }

    /// <summary>Writes an integer member (null as JSON null), unless it was kept aside.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="name">The member's UTF-8 name.</param>
    /// <param name="value">The value.</param>
    /// <param name="additional">The model's unknown members.</param>
    public static void WriteInt64(Utf8JsonWriter writer, ReadOnlySpan<byte> name, long? value, IReadOnlyDictionary<string, JsonElement>? additional)
    {
        if (StartMember(writer, name, additional))
        {
            if (value is null) writer.WriteNullValue();
            else writer.WriteNumberValue(value.Value);
        }
    }

    /// <summary>Writes a number member (null as JSON null, NaN and ±∞ as text), unless it was kept aside.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="name">The member's UTF-8 name.</param>
    /// <param name="value">The value.</param>
    /// <param name="additional">The model's unknown members.</param>
    public static void WriteDouble(Utf8JsonWriter writer, ReadOnlySpan<byte> name, double? value, IReadOnlyDictionary<string, JsonElement>? additional)
    {
        if (StartMember(writer, name, additional))
        {
            if (value is null) writer.WriteNullValue();
            else WriteNumber(writer, value.Value);
        }
    }

    /// <summary>Writes a member of any JSON (null as JSON null), unless it was kept aside.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="name">The member's UTF-8 name.</param>
    /// <param name="value">The value.</param>
    /// <param name="additional">The model's unknown members.</param>
    public static void WriteElement(Utf8JsonWriter writer, ReadOnlySpan<byte> name, JsonElement? value, IReadOnlyDictionary<string, JsonElement>? additional)
    {
        if (StartMember(writer, name, additional))
        {
            if (value is null) writer.WriteNullValue();
            else value.Value.WriteTo(writer);
        }
    }
}

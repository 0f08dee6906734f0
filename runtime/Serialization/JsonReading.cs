using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace XhsGenerated.Serialization;

/// <summary>Reads one list item, or says (false) that the value under the reader has another kind.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="reader">A reader on the item; left on its last token.</param>
/// <param name="item">The item.</param>
/// <returns>Whether the item had the expected kind.</returns>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate bool JsonItemReader<T>(ref Utf8JsonReader reader, out T item);

/// <summary>
/// The primitives generated readers are built from. Every <c>TryRead…</c> reads the value the reader
/// is on without moving it, accepts JSON <c>null</c> as a null value, and returns false (leaving the
/// reader where it was) when the value has another kind, so the caller can keep it as raw JSON.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class JsonReading
{
    /// <summary>The reader options generated readers use: strict JSON, default depth.</summary>
    public static JsonReaderOptions ReaderOptions => default;

    /// <summary>The shared empty value of every <c>AdditionalProperties</c>.</summary>
    public static IReadOnlyDictionary<string, JsonElement> NoAdditionalProperties { get; } = new ReadOnlyDictionary<string, JsonElement>(new Dictionary<string, JsonElement>());

    /// <summary>Reads the first token and checks that it starts an object.</summary>
    /// <param name="reader">A reader before its first token.</param>
    /// <exception cref="JsonException">The input is empty or does not start with an object.</exception>
    public static void ReadStartObject(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("The body is empty.");
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"The body is a JSON {Describe(reader.TokenType)}, not an object.");
        }
    }

    /// <summary>Moves to the next member of the current object.</summary>
    /// <param name="reader">A reader on an object's start or on the last token of a member's value.</param>
    /// <returns>True on a property name; false at the end of the object.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool NextProperty(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            ThrowEnds("inside an object");
        }

        return reader.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>Returns the current property name as unescaped UTF-8 and moves to its value.</summary>
    /// <param name="reader">A reader on a property name.</param>
    /// <returns>The name; it points into the input unless the name was escaped.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<byte> PropertyName(ref Utf8JsonReader reader)
    {
        var name = reader.ValueIsEscaped || reader.HasValueSequence ? UnescapedName(ref reader) : reader.ValueSpan;
        if (!reader.Read())
        {
            ThrowEnds("after a property name");
        }

        return name;
    }

    private static byte[] UnescapedName(ref Utf8JsonReader reader) => Encoding.UTF8.GetBytes(reader.GetString()!);

    [DoesNotReturn]
    private static void ThrowEnds(string where) => throw new JsonException("The JSON ends " + where + ".");
}

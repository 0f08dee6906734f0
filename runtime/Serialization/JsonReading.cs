using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

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
public static class JsonReading
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

    /// <summary>
    /// Reads a whole response body: the envelope's members, and <c>data</c> through
    /// <paramref name="readData"/>. A <c>data</c> of another kind is kept in the envelope's
    /// additional members; a null or missing one leaves <paramref name="hasData"/> false.
    /// </summary>
    /// <remarks>
    /// Any byte sequence gives a result or a <see cref="JsonException"/>. A leading UTF-8 BOM is
    /// skipped. Every string is checked once, where it is read or kept: invalid UTF-8 or a lone
    /// surrogate escape anywhere is a <see cref="JsonException"/> that says where.
    /// </remarks>
    /// <typeparam name="T">The type of <c>data</c>.</typeparam>
    /// <param name="utf8Json">The body.</param>
    /// <param name="readData">Reads <c>data</c>, or says it has another kind.</param>
    /// <param name="data">The data, when <paramref name="hasData"/>.</param>
    /// <param name="hasData">Whether <c>data</c> was read.</param>
    /// <returns>The envelope's other members.</returns>
    /// <exception cref="JsonException">The body is not Unicode JSON text, or not the envelope (an object with a <c>code</c>).</exception>
    public static JsonEnvelope ReadEnvelope<T>(ReadOnlySpan<byte> utf8Json, JsonItemReader<T> readData, out T data, out bool hasData)
    {
        if (utf8Json.StartsWith(Utf8Bom))
        {
            utf8Json = utf8Json[Utf8Bom.Length..];
        }

        try
        {
            var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
            return ReadEnvelopeCore(ref reader, readData, out data, out hasData);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // The reader's Get… methods refuse text that is not Unicode (invalid UTF-8, a lone
            // surrogate escape): say what and where. Any other such failure still keeps the promise.
            ExplainUndecodableText(utf8Json);
            throw new JsonException("The body could not be read: " + ex.GetType().Name + ".", ex);
        }
        finally
        {
            RepeatedStrings.Reset();
        }
    }

    /// <summary>
    /// Reads a whole response body held in several buffers (as it came from the network), with the
    /// same result and the same errors as <see cref="ReadEnvelope{T}(ReadOnlySpan{byte}, JsonItemReader{T}, out T, out bool)"/>
    /// on the same bytes in one array, and without copying them into one.
    /// </summary>
    /// <typeparam name="T">The type of <c>data</c>.</typeparam>
    /// <param name="utf8Json">The body.</param>
    /// <param name="readData">Reads <c>data</c>, or says it has another kind.</param>
    /// <param name="data">The data, when <paramref name="hasData"/>.</param>
    /// <param name="hasData">Whether <c>data</c> was read.</param>
    /// <returns>The envelope's other members.</returns>
    /// <exception cref="JsonException">The body is not Unicode JSON text, or not the envelope (an object with a <c>code</c>).</exception>
    public static JsonEnvelope ReadEnvelope<T>(in ReadOnlySequence<byte> utf8Json, JsonItemReader<T> readData, out T data, out bool hasData)
    {
        if (utf8Json.IsSingleSegment)
        {
            return ReadEnvelope(utf8Json.FirstSpan, readData, out data, out hasData);
        }

        var body = utf8Json;
        Span<byte> start = stackalloc byte[3];
        if (body.Length >= 3)
        {
            body.Slice(0, 3).CopyTo(start);
            if (start.SequenceEqual(Utf8Bom))
            {
                body = body.Slice(3);
            }
        }

        try
        {
            var reader = new Utf8JsonReader(body, ReaderOptions);
            return ReadEnvelopeCore(ref reader, readData, out data, out hasData);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // Only on failure: the explanation reads the bytes as one span.
            ExplainUndecodableText(body.ToArray());
            throw new JsonException("The body could not be read: " + ex.GetType().Name + ".", ex);
        }
        finally
        {
            RepeatedStrings.Reset();
        }
    }

    /// <summary>
    /// Throws the <see cref="JsonException"/> that says where the body stops being Unicode text as
    /// RFC 8259 requires: invalid UTF-8, or a string that escapes half of a surrogate pair
    /// (<c>"\ud800"</c>), which no .NET string reader can decode. Returns when it finds neither.
    /// Only called once reading has failed, so well-formed bodies never pay for the scan.
    /// </summary>
    private static void ExplainUndecodableText(ReadOnlySpan<byte> utf8Json)
    {
        if (!Utf8.IsValid(utf8Json))
        {
            var offset = 0;
            while (Rune.DecodeFromUtf8(utf8Json[offset..], out _, out var consumed) == OperationStatus.Done)
            {
                offset += consumed;
            }

            throw NotUnicode("is not valid UTF-8", offset);
        }

        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    _ = reader.GetString();
                }
            }
        }
        catch (InvalidOperationException)
        {
            throw NotUnicode("escapes a lone surrogate (half of a \\uD800-\\uDFFF pair)", reader.TokenStartIndex);
        }
        catch (JsonException)
        {
            // Malformed JSON is not this method's to report.
        }
    }

    private static JsonException NotUnicode(string what, long offset) => new(string.Format(
        CultureInfo.InvariantCulture,
        "The body {0} at byte {1}: JSON text must be Unicode in UTF-8 (RFC 8259).",
        what,
        offset));

    /// <summary>
    /// Parses the value under the reader as a <see cref="JsonElement"/> to keep, after checking that
    /// every string in it is Unicode: a kept value must stay readable and writable later.
    /// </summary>
    private static JsonElement ParseKept(ref Utf8JsonReader reader)
    {
        var scan = reader;
        CheckText(ref scan);
        if (scan.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            var depth = scan.CurrentDepth;
            while (scan.Read() && scan.CurrentDepth > depth)
            {
                CheckText(ref scan);
            }
        }

        return JsonElement.ParseValue(ref reader);
    }

    private static void CheckText(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
        {
            return;
        }

        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            if (!Utf8.IsValid(reader.ValueSpan))
            {
                throw NotUnicode("is not valid UTF-8 in the string", reader.TokenStartIndex);
            }

            return;
        }

        try
        {
            _ = reader.GetString();
        }
        catch (InvalidOperationException)
        {
            throw NotUnicode("escapes a lone surrogate or holds invalid UTF-8 in the string", reader.TokenStartIndex);
        }
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static JsonEnvelope ReadEnvelopeCore<T>(ref Utf8JsonReader reader, JsonItemReader<T> readData, out T data, out bool hasData)
    {
        ReadStartObject(ref reader);
        var envelope = new JsonEnvelope();
        data = default!;
        hasData = false;
        while (NextProperty(ref reader))
        {
            if (!reader.ValueTextEquals("data"u8))
            {
                envelope.ReadMember(ref reader);
                continue;
            }

            var name = PropertyName(ref reader);
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            var checkpoint = reader;
            hasData = readData(ref reader, out data);
            if (!hasData)
            {
                reader = checkpoint;
                Keep(ref envelope.Additional, name, ref reader);
            }
        }

        ReadEnd(ref reader);
        envelope.EnsureCode();
        return envelope;
    }

    /// <summary>Checks that nothing but white space follows the root value.</summary>
    /// <param name="reader">A reader on the root value's last token.</param>
    /// <exception cref="JsonException">Something follows the root value.</exception>
    public static void ReadEnd(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new JsonException("Unexpected content after the JSON value.");
        }
    }

    /// <summary>Reads a string; a number is taken as its text.</summary>
    /// <param name="reader">A reader on a value.</param>
    /// <param name="value">The value, or null.</param>
    /// <returns>False when the value is neither a string, a number nor null.</returns>
    public static bool TryReadString(ref Utf8JsonReader reader, out string? value)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                value = RepeatedStrings.Current.Read(ref reader);
                return true;
            case JsonTokenType.Number:
                value = Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
                return true;
            case JsonTokenType.Null:
                value = null;
                return true;
            default:
                value = null;
                return false;
        }
    }

    /// <summary>Reads an integer; a string that spells one is accepted.</summary>
    /// <param name="reader">A reader on a value.</param>
    /// <param name="value">The value, or null.</param>
    /// <returns>False for any other value, a fraction, or an integer that does not fit.</returns>
    public static bool TryReadInt64(ref Utf8JsonReader reader, out long? value)
    {
        value = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when reader.TryGetInt64(out var number):
                value = number;
                return true;
            case JsonTokenType.String when TryParseString(ref reader, static (ReadOnlySpan<byte> s, out long v) => Utf8Parser.TryParse(s, out v, out var used) && used == s.Length, out long parsed):
                value = parsed;
                return true;
            case JsonTokenType.Null:
                return true;
            default:
                return false;
        }
    }

    /// <summary>Reads a number; a string that spells one is accepted.</summary>
    /// <param name="reader">A reader on a value.</param>
    /// <param name="value">The value, or null.</param>
    /// <returns>False for any other value.</returns>
    public static bool TryReadDouble(ref Utf8JsonReader reader, out double? value)
    {
        value = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when reader.TryGetDouble(out var number):
                value = number;
                return true;
            case JsonTokenType.String when TryParseString(ref reader, static (ReadOnlySpan<byte> s, out double v) => Utf8Parser.TryParse(s, out v, out var used) && used == s.Length, out double parsed):
                value = parsed;
                return true;
            case JsonTokenType.Null:
                return true;
            default:
                return false;
        }
    }

    /// <summary>Reads a boolean; the strings <c>"true"</c> and <c>"false"</c>, and the numbers 1 and 0, are accepted.</summary>
    /// <param name="reader">A reader on a value.</param>
    /// <param name="value">The value, or null.</param>
    /// <returns>False for any other value.</returns>
    public static bool TryReadBoolean(ref Utf8JsonReader reader, out bool? value)
    {
        value = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                value = true;
                return true;
            case JsonTokenType.False:
                value = false;
                return true;
            case JsonTokenType.String when reader.ValueTextEquals("true"u8):
                value = true;
                return true;
            case JsonTokenType.String when reader.ValueTextEquals("false"u8):
                value = false;
                return true;
            case JsonTokenType.Number when reader.ValueTextEquals("1"u8):
                // Flags the vendor sends as 0/1 in some answers and as booleans in others.
                value = true;
                return true;
            case JsonTokenType.Number when reader.ValueTextEquals("0"u8):
                value = false;
                return true;
            case JsonTokenType.Null:
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Reads a list: JSON null gives an empty list; anything but an array, or an item the reader
    /// refuses, gives false (the caller rewinds and keeps the raw value).
    /// </summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="reader">A reader on a value; left on its last token when the list was read.</param>
    /// <param name="readItem">Reads one item, or says it has another kind.</param>
    /// <param name="value">The items, in an array of exactly their number.</param>
    /// <returns>Whether the value was a list of such items (or null).</returns>
    public static bool TryReadList<T>(ref Utf8JsonReader reader, JsonItemReader<T> readItem, out IReadOnlyList<T> value)
    {
        value = Array.Empty<T>();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var items = new ListBuilder<T>();
        try
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (!readItem(ref reader, out var item))
                {
                    return false;
                }

                items.Add(item);
            }

            value = items.ToArray();
            return true;
        }
        finally
        {
            items.Dispose();
        }
    }

    /// <summary>A list item that is a string (a number is taken as its text).</summary>
    /// <param name="reader">A reader on the item.</param>
    /// <param name="item">The item.</param>
    /// <returns>False for null or another kind.</returns>
    public static bool TryReadStringItem(ref Utf8JsonReader reader, out string item)
    {
        var ok = TryReadString(ref reader, out var value) && value is not null;
        item = value!;
        return ok;
    }

    /// <summary>A list item that is an integer.</summary>
    /// <param name="reader">A reader on the item.</param>
    /// <param name="item">The item.</param>
    /// <returns>False for null or another kind.</returns>
    public static bool TryReadInt64Item(ref Utf8JsonReader reader, out long item)
        => NotNull(TryReadInt64(ref reader, out var value), value, out item);

    /// <summary>A list item that is a number.</summary>
    /// <param name="reader">A reader on the item.</param>
    /// <param name="item">The item.</param>
    /// <returns>False for null or another kind.</returns>
    public static bool TryReadDoubleItem(ref Utf8JsonReader reader, out double item)
        => NotNull(TryReadDouble(ref reader, out var value), value, out item);

    /// <summary>A list item that is a boolean.</summary>
    /// <param name="reader">A reader on the item.</param>
    /// <param name="item">The item.</param>
    /// <returns>False for null or another kind.</returns>
    public static bool TryReadBooleanItem(ref Utf8JsonReader reader, out bool item)
        => NotNull(TryReadBoolean(ref reader, out var value), value, out item);

    /// <summary>A list item of any kind, as raw JSON.</summary>
    /// <param name="reader">A reader on the item; left on its last token.</param>
    /// <param name="item">The item.</param>
    /// <returns>True.</returns>
    public static bool TryReadJsonElementItem(ref Utf8JsonReader reader, out JsonElement item)
    {
        item = ParseKept(ref reader);
        return true;
    }

    /// <summary>Reads any value as a <see cref="JsonElement"/>; JSON null gives null.</summary>
    /// <param name="reader">A reader on a value; left on its last token.</param>
    /// <returns>The value, or null.</returns>
    public static JsonElement? ReadAny(ref Utf8JsonReader reader)
        => reader.TokenType == JsonTokenType.Null ? null : ParseKept(ref reader);

    /// <summary>Keeps the current value as raw JSON under <paramref name="name"/>.</summary>
    /// <param name="additional">The model's unknown members, created on first use.</param>
    /// <param name="name">The member's UTF-8 name.</param>
    /// <param name="reader">A reader on the value; left on its last token.</param>
    public static void Keep(ref Dictionary<string, JsonElement>? additional, scoped ReadOnlySpan<byte> name, ref Utf8JsonReader reader)
    {
        additional ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (!Utf8.IsValid(name))
        {
            throw NotUnicode("is not valid UTF-8 in a member name", reader.TokenStartIndex);
        }

        additional[Encoding.UTF8.GetString(name)] = ParseKept(ref reader);
    }

    /// <summary>The value of an <c>AdditionalProperties</c> from what <see cref="Keep"/> collected.</summary>
    /// <param name="additional">The collected members, or null.</param>
    /// <returns>A read-only view, or the shared empty one.</returns>
    public static IReadOnlyDictionary<string, JsonElement> Finish(Dictionary<string, JsonElement>? additional)
        => additional is null ? NoAdditionalProperties : additional;

    private delegate bool Utf8Parse<T>(ReadOnlySpan<byte> text, out T value);

    /// <summary>A list item must be read and not null.</summary>
    private static bool NotNull<T>(bool read, T? value, out T item)
        where T : struct
    {
        item = value.GetValueOrDefault();
        return read && value.HasValue;
    }

    private static bool TryParseString<T>(ref Utf8JsonReader reader, Utf8Parse<T> parse, out T value)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return parse(reader.ValueSpan.Trim(" "u8), out value);
        }

        var text = reader.GetString()!.Trim();
        return parse(Encoding.UTF8.GetBytes(text), out value);
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString().ToLower(CultureInfo.InvariantCulture),
    };
}

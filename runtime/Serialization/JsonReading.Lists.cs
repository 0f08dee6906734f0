using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace XhsGenerated.Serialization;

// Lists, list items, and members kept as raw JSON.
public static partial class JsonReading
{
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

    /// <summary>A list item must be read and not null.</summary>
    private static bool NotNull<T>(bool read, T? value, out T item)
        where T : struct
    {
        item = value.GetValueOrDefault();
        return read && value.HasValue;
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

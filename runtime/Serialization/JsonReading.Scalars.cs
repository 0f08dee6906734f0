using System;
using System.Buffers;
using System.Buffers.Text;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace XhsGenerated.Serialization;

// Scalars: strings, integers, numbers and booleans, each tolerant of the kinds the vendor mixes.
public static partial class JsonReading
{
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
    public static bool TryReadInt64(ref Utf8JsonReader reader, out long? value) => TryReadNumber<long, Int64Format>(ref reader, out value);

    /// <summary>Reads a number; a string that spells one is accepted.</summary>
    /// <param name="reader">A reader on a value.</param>
    /// <param name="value">The value, or null.</param>
    /// <returns>False for any other value.</returns>
    public static bool TryReadDouble(ref Utf8JsonReader reader, out double? value) => TryReadNumber<double, DoubleFormat>(ref reader, out value);

    /// <summary>
    /// A number, a string that spells one whole (blanks around it allowed), or null; the format is a
    /// type argument so that each use compiles to its own code, with no delegate on the hot path.
    /// </summary>
    private static bool TryReadNumber<T, TFormat>(ref Utf8JsonReader reader, out T? value)
        where T : struct
        where TFormat : INumberFormat<T>
    {
        value = null;
        T number;
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when TFormat.TryGet(ref reader, out number):
                value = number;
                return true;
            case JsonTokenType.String when reader.ValueIsEscaped || reader.HasValueSequence
                ? TryParseWhole<T, TFormat>(Encoding.UTF8.GetBytes(reader.GetString()!.Trim()), out number)
                : TryParseWhole<T, TFormat>(reader.ValueSpan.Trim(" "u8), out number):
                value = number;
                return true;
            case JsonTokenType.Null:
                return true;
            default:
                return false;
        }
    }

    private static bool TryParseWhole<T, TFormat>(ReadOnlySpan<byte> text, out T value)
        where T : struct
        where TFormat : INumberFormat<T>
        => TFormat.TryParse(text, out value, out var used) && used == text.Length;

    /// <summary>How one kind of number is read from a JSON number and parsed from UTF-8 text.</summary>
    private interface INumberFormat<T>
        where T : struct
    {
        static abstract bool TryGet(ref Utf8JsonReader reader, out T value);

        static abstract bool TryParse(ReadOnlySpan<byte> text, out T value, out int used);
    }

    private readonly struct Int64Format : INumberFormat<long>
    {
        public static bool TryGet(ref Utf8JsonReader reader, out long value) => reader.TryGetInt64(out value);

        public static bool TryParse(ReadOnlySpan<byte> text, out long value, out int used) => Utf8Parser.TryParse(text, out value, out used);
    }

    private readonly struct DoubleFormat : INumberFormat<double>
    {
        public static bool TryGet(ref Utf8JsonReader reader, out double value) => reader.TryGetDouble(out value);

        public static bool TryParse(ReadOnlySpan<byte> text, out double value, out int used) => Utf8Parser.TryParse(text, out value, out used);
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
}

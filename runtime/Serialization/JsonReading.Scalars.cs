using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.ObjectModel;
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
}

using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace XhsGenerated.Serialization;

// One member of a model, read in one call: a generated reader's switch is one statement per member.
// Each reads the value under the reader into the member's local or, when it has another kind, keeps
// it as raw JSON under the member's name (the local is then left null or empty), exactly as the
// inline code these replace did; the common case stays inline where the JIT inlines the call.
public static partial class JsonReading
{
    /// <summary>Reads a string member (a number reads as its text), or keeps another kind aside.</summary>
    /// <param name="reader">A reader on the value; left on its last token.</param>
    /// <param name="strings">The thread's table of repeated strings.</param>
    /// <param name="value">The member's local.</param>
    /// <param name="additional">The model's unknown members.</param>
    /// <param name="name">The member's UTF-8 name.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReadString(ref Utf8JsonReader reader, RepeatedStrings strings, ref string? value, ref Dictionary<string, JsonElement>? additional, scoped ReadOnlySpan<byte> name)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            value = strings.Read(ref reader);
        }
        else if (!TryReadString(ref reader, out value))
        {
            Keep(ref additional, name, ref reader);
        }
    }

    /// <summary>Reads a boolean member (also from "true"/"false" text), or keeps another kind aside.</summary>
    /// <param name="reader">A reader on the value; left on its last token.</param>
    /// <param name="value">The member's local.</param>
    /// <param name="additional">The model's unknown members.</param>
    /// <param name="name">The member's UTF-8 name.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReadBoolean(ref Utf8JsonReader reader, ref bool? value, ref Dictionary<string, JsonElement>? additional, scoped ReadOnlySpan<byte> name)
    {
        if (reader.TokenType == JsonTokenType.True)
        {
            value = true;
        }
        else if (reader.TokenType == JsonTokenType.False)
        {
            value = false;
        }
        else if (!TryReadBoolean(ref reader, out value))
        {
            Keep(ref additional, name, ref reader);
        }
    }

    /// <summary>Reads an integer member (also from numeric text), or keeps another kind aside.</summary>
    /// <param name="reader">A reader on the value; left on its last token.</param>
    /// <param name="value">The member's local.</param>
    /// <param name="additional">The model's unknown members.</param>
    /// <param name="name">The member's UTF-8 name.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReadInt64(ref Utf8JsonReader reader, ref long? value, ref Dictionary<string, JsonElement>? additional, scoped ReadOnlySpan<byte> name)
    {
        if (!TryReadInt64(ref reader, out value))
        {
            Keep(ref additional, name, ref reader);
        }
    }

    /// <summary>Reads a number member (also from numeric text), or keeps another kind aside.</summary>
    /// <param name="reader">A reader on the value; left on its last token.</param>
    /// <param name="value">The member's local.</param>
    /// <param name="additional">The model's unknown members.</param>
    /// <param name="name">The member's UTF-8 name.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ReadDouble(ref Utf8JsonReader reader, ref double? value, ref Dictionary<string, JsonElement>? additional, scoped ReadOnlySpan<byte> name)
    {
        if (!TryReadDouble(ref reader, out value))
        {
            Keep(ref additional, name, ref reader);
        }
    }

    /// <summary>
    /// Reads a member with <paramref name="read"/> (a list, say); when it refuses the value, rewinds and
    /// keeps the whole value aside.
    /// </summary>
    /// <typeparam name="T">The member's type.</typeparam>
    /// <param name="reader">A reader on the value; left on its last token.</param>
    /// <param name="read">Reads the value, or says it has another kind.</param>
    /// <param name="value">The member's local.</param>
    /// <param name="additional">The model's unknown members.</param>
    /// <param name="name">The member's UTF-8 name.</param>
    public static void ReadMember<T>(ref Utf8JsonReader reader, JsonItemReader<T> read, ref T value, ref Dictionary<string, JsonElement>? additional, scoped ReadOnlySpan<byte> name)
    {
        ArgumentNullException.ThrowIfNull(read);
        var checkpoint = reader;
        if (!read(ref reader, out value))
        {
            reader = checkpoint;
            Keep(ref additional, name, ref reader);
        }
    }
}

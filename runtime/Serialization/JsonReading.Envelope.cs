using System;
using System.Buffers;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace XhsGenerated.Serialization;

// The envelope: {code, message, data} read in one pass, with UTF-8 and Unicode checks on what is kept.
public static partial class JsonReading
{
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
}

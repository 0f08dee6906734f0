using System;
using System.Buffers;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace XhsGenerated.Serialization;

/// <summary>
/// Gives one <see cref="string"/> per distinct short string value within one parse: a value that
/// repeats in an answer (a name, a default avatar URL, a filter label) is decoded and allocated once.
/// </summary>
/// <remarks>
/// <para>
/// A bounded, direct-mapped table per thread: 1,024 slots of strings of at most
/// <see cref="MaxLength"/> UTF-8 bytes. A candidate is compared with the kept string without
/// allocating (as ASCII, or decoded to the stack), and only bytes that are valid UTF-8 and spell it
/// exactly match. A slot that collides is overwritten: the table only ever saves work, it never
/// changes a value.
/// </para>
/// <para>
/// When the first 256 lookups of a parse find fewer than one in eight values already there, the rest
/// of that parse stops looking: answers whose strings are all distinct pay for 256 lookups, no more.
/// <see cref="Reset"/> (at the end of every parse) empties the slots it filled, so the table keeps no
/// string alive between parses.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RepeatedStrings
{
    /// <summary>The longest value, in UTF-8 bytes, the table keeps.</summary>
    public const int MaxLength = 128;

    private const int SlotCount = 1024;
    private const int ProbeWindow = 256;

    [ThreadStatic]
    private static RepeatedStrings? t_current;

    private readonly Entry[] _slots = new Entry[SlotCount];
    private readonly int[] _filled = new int[SlotCount];
    private int _filledCount;
    private int _lookups;
    private int _hits;
    private bool _off;

    private RepeatedStrings()
    {
    }

    private struct Entry
    {
        public int Hash;
        public string? Value;
    }

    /// <summary>This thread's table (a generated reader fetches it once per object).</summary>
    public static RepeatedStrings Current => t_current ??= new RepeatedStrings();

    /// <summary>Reads the string the reader is on, taking it from the table when it repeats.</summary>
    /// <param name="reader">A reader on a <see cref="JsonTokenType.String"/> token.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The value is not valid UTF-8 (as <see cref="Utf8JsonReader.GetString"/>).</exception>
    public string Read(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return reader.GetString()!;
        }

        var bytes = reader.ValueSpan;
        if (bytes.Length == 0)
        {
            return string.Empty;
        }

        if (bytes.Length > MaxLength)
        {
            return reader.GetString()!;
        }

        return ReadCore(ref reader, bytes);
    }

    /// <summary>Ends a parse on this thread: forgets every value it kept.</summary>
    internal static void Reset() => t_current?.Clear();

    private string ReadCore(ref Utf8JsonReader reader, ReadOnlySpan<byte> bytes)
    {
        if (_off)
        {
            return reader.GetString()!;
        }

        var hash = Hash(bytes);
        ref var slot = ref _slots[hash & (SlotCount - 1)];
        if (slot.Hash == hash && slot.Value is { } kept && SameText(bytes, kept))
        {
            _hits++;
            Count();
            return kept;
        }

        Count();
        var value = reader.GetString()!;
        if (slot.Value is null)
        {
            _filled[_filledCount++] = hash & (SlotCount - 1);
        }

        slot = new Entry { Hash = hash, Value = value };
        return value;
    }

    /// <summary>
    /// Whether the UTF-8 bytes spell the string, without allocating. Equal lengths can only be equal
    /// as ASCII (any other character takes more UTF-8 bytes than UTF-16 units); otherwise the bytes are
    /// decoded to the stack, and bytes that are not valid UTF-8 never match (so they still reach
    /// <see cref="Utf8JsonReader.GetString"/>, which refuses them).
    /// </summary>
    private static bool SameText(ReadOnlySpan<byte> bytes, string value)
    {
        if (value.Length == bytes.Length)
        {
            return Ascii.Equals(bytes, value);
        }

        if (value.Length > bytes.Length)
        {
            return false;
        }

        Span<char> decoded = stackalloc char[MaxLength];
        return Utf8.ToUtf16(bytes, decoded, out var read, out var written, replaceInvalidSequences: false) == OperationStatus.Done
            && read == bytes.Length
            && decoded[..written].SequenceEqual(value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Count()
    {
        if (++_lookups == ProbeWindow && _hits < ProbeWindow / 8)
        {
            _off = true;
        }
    }

    private void Clear()
    {
        for (var i = 0; i < _filledCount; i++)
        {
            _slots[_filled[i]] = default;
        }

        _filledCount = 0;
        _lookups = 0;
        _hits = 0;
        _off = false;
    }

    /// <summary>A cheap hash of the length and three 8-byte windows (start, middle, end); equality is always checked on the bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        const ulong Mix = 0x9E3779B97F4A7C15UL;
        var h = (ulong)bytes.Length * Mix;
        if (bytes.Length >= 8)
        {
            h = (h ^ MemoryMarshal.Read<ulong>(bytes)) * Mix;
            h = (h ^ MemoryMarshal.Read<ulong>(bytes.Slice((bytes.Length >> 1) - 4))) * Mix;
            h = (h ^ MemoryMarshal.Read<ulong>(bytes.Slice(bytes.Length - 8))) * Mix;
        }
        else
        {
            foreach (var b in bytes)
            {
                h = (h ^ b) * Mix;
            }
        }

        return (int)(h ^ (h >> 29) ^ (h >> 47));
    }
}

using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace XhsGenerated.Serialization;

/// <summary>
/// Gives one <see cref="string"/> per distinct short string value within one parse: a value that
/// repeats in an answer (a name, a default avatar URL, a filter label) is decoded and allocated once.
/// </summary>
/// <remarks>
/// <para>
/// A bounded, direct-mapped table per thread: 1,024 slots, strings of at most
/// <see cref="MaxLength"/> UTF-8 bytes, their bytes copied into a 32 KiB arena so a candidate is
/// compared byte for byte, never by decoding. A slot that collides is overwritten, a full arena stops
/// adding: the table only ever saves work, it never changes a value. A value is only taken from the
/// table when its bytes equal bytes already decoded (and so already checked as UTF-8) in this parse.
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
    private const int ArenaSize = 32 * 1024;
    private const int ProbeWindow = 256;

    [ThreadStatic]
    private static RepeatedStrings? t_current;

    private readonly Entry[] _slots = new Entry[SlotCount];
    private readonly int[] _filled = new int[SlotCount];
    private readonly byte[] _arena = new byte[ArenaSize];
    private int _filledCount;
    private int _used;
    private int _lookups;
    private int _hits;
    private bool _off;

    private RepeatedStrings()
    {
    }

    private struct Entry
    {
        public int Hash;
        public int Offset;
        public int Length;
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
        if (slot.Hash == hash && slot.Value is not null && _arena.AsSpan(slot.Offset, slot.Length).SequenceEqual(bytes))
        {
            _hits++;
            Count();
            return slot.Value;
        }

        Count();
        var value = reader.GetString()!;
        if (_used + bytes.Length <= _arena.Length)
        {
            if (slot.Value is null)
            {
                _filled[_filledCount++] = hash & (SlotCount - 1);
            }

            bytes.CopyTo(_arena.AsSpan(_used));
            slot = new Entry { Hash = hash, Offset = _used, Length = bytes.Length, Value = value };
            _used += bytes.Length;
        }

        return value;
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
        _used = 0;
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

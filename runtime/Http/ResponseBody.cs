using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace XhsGenerated.Http;

/// <summary>
/// A response body as it came from the network, in pooled buffers: one buffer sized from
/// <c>Content-Length</c> when the server sends it, else a chain of buffers that double in size (to
/// 1 MiB each) so nothing read is ever copied to grow. Parsed where it lies; dispose to return the buffers.
/// </summary>
internal sealed class ResponseBody : IDisposable
{
    private const int FirstBufferBytes = 16 * 1024;
    private const int LargestBufferBytes = 1024 * 1024;

    private readonly List<byte[]> _buffers;
    private byte[]? _contiguous;

    private ResponseBody(List<byte[]> buffers, ReadOnlySequence<byte> sequence)
    {
        _buffers = buffers;
        Sequence = sequence;
    }

    /// <summary>The body.</summary>
    public ReadOnlySequence<byte> Sequence { get; }

    /// <summary>Its length in bytes.</summary>
    public int Length => (int)Sequence.Length;

    /// <summary>The body in one piece: the buffer itself when there is one, else a copy made once (for the paths that need one: records, excerpts of errors).</summary>
    public ReadOnlyMemory<byte> Contiguous => Sequence.IsSingleSegment ? Sequence.First : (_contiguous ??= Sequence.ToArray());

    /// <summary>At most the first <paramref name="bytes"/> bytes, in one span (copied only when they span buffers).</summary>
    /// <param name="bytes">How many bytes at most.</param>
    /// <returns>The start of the body.</returns>
    public ReadOnlySpan<byte> Start(int bytes)
    {
        var start = Sequence.Slice(0, Math.Min(bytes, Sequence.Length));
        return start.IsSingleSegment ? start.FirstSpan : start.ToArray();
    }

    /// <summary>
    /// Reads a whole body. Refuses one over <paramref name="limit"/> bytes before reading it when its
    /// length is announced, as soon as it passes the limit otherwise.
    /// </summary>
    /// <exception cref="ResponseTooLargeException">The body is over the limit.</exception>
    public static async Task<ResponseBody> ReadAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        var expected = content.Headers.ContentLength;
        if (expected > limit)
        {
            throw new ResponseTooLargeException(expected.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes (its Content-Length)");
        }

        var buffers = new List<byte[]>(1);
        var current = ArrayPool<byte>.Shared.Rent(expected is > 0 ? (int)expected.Value + 1 : FirstBufferBytes);
        buffers.Add(current);
        var used = 0;
        long total = 0;
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                while (true)
                {
                    if (used == current.Length)
                    {
                        if (total >= limit)
                        {
                            throw TooLarge(limit);
                        }

                        // The next buffer: twice the last, at most 1 MiB, at most what the limit leaves (+1 to see past it).
                        var size = (int)Math.Min(Math.Min((long)current.Length * 2, LargestBufferBytes), limit - total + 1);
                        current = ArrayPool<byte>.Shared.Rent(size);
                        buffers.Add(current);
                        used = 0;
                    }

                    var read = await stream.ReadAsync(current.AsMemory(used), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return new ResponseBody(buffers, Chain(buffers, used));
                    }

                    used += read;
                    total += read;
                    if (total > limit)
                    {
                        throw TooLarge(limit);
                    }
                }
            }
        }
        catch
        {
            Return(buffers);
            throw;
        }
    }

    /// <summary>Returns the buffers to the pool; the body must not be read after.</summary>
    public void Dispose() => Return(_buffers);

    private static ResponseTooLargeException TooLarge(int limit)
        => new("more than " + limit.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes");

    private static void Return(List<byte[]> buffers)
    {
        foreach (var buffer in buffers)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        buffers.Clear();
    }

    /// <summary>The buffers as one sequence: each full but the last, which holds <paramref name="lastUsed"/> bytes.</summary>
    private static ReadOnlySequence<byte> Chain(List<byte[]> buffers, int lastUsed)
    {
        if (buffers.Count == 1)
        {
            return new ReadOnlySequence<byte>(buffers[0], 0, lastUsed);
        }

        var first = new Segment(buffers[0], 0);
        var last = first;
        for (var i = 1; i < buffers.Count; i++)
        {
            var length = i == buffers.Count - 1 ? lastUsed : buffers[i].Length;
            last = last.Append(buffers[i].AsMemory(0, length));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}

/// <summary>A body over <see cref="JustOneApiOptions.MaxResponseBytes"/>; becomes a protocol error.</summary>
internal sealed class ResponseTooLargeException(string size) : IOException("The response body is " + size + ".")
{
    /// <summary>How large it was, or at least.</summary>
    public string Size { get; } = size;
}

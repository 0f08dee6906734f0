using System.Buffers;
using System.Text.Json;
using XhsGenerated.Tests.Client;

namespace XhsGenerated.Tests.Robustness;

/// <summary>
/// A body parsed from several buffers (as it comes from the network) reads exactly as the same bytes
/// in one: the same values, or the same kind of error, wherever the buffers split it.
/// </summary>
public sealed class SequenceParsingTests
{
    /// <summary>The bytes cut at the given offsets into a chain of buffers.</summary>
    private static ReadOnlySequence<byte> Split(byte[] body, IEnumerable<int> cuts)
    {
        var points = cuts.Where(c => c > 0 && c < body.Length).Distinct().Order().Append(body.Length).ToArray();
        if (points.Length == 1)
        {
            return new ReadOnlySequence<byte>(body);
        }

        Chunk? first = null, last = null;
        var start = 0;
        foreach (var end in points)
        {
            var chunk = new Chunk(body.AsMemory(start, end - start).ToArray(), start);
            if (first is null)
            {
                first = chunk;
            }
            else
            {
                last!.Next = chunk;
            }

            last = chunk;
            start = end;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private static string Outcome(Func<SearchUserV2Response> parse)
    {
        try
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                parse().WriteTo(writer);
            }

            return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        catch (JsonException)
        {
            return "JsonException";
        }
    }

    [Fact]
    public void The_example_split_at_every_byte_reads_as_it_does_whole()
    {
        // A BOM, escapes, multi-byte UTF-8 and long strings: every cut position, one cut and two cuts.
        var body = (byte[])[0xEF, 0xBB, 0xBF, .. HostileBodies.Example];
        var whole = Outcome(() => SearchUserV2Response.Parse(body));
        Assert.NotEqual("JsonException", whole);

        for (var cut = 1; cut < body.Length; cut++)
        {
            var sequence = Split(body, [cut, cut + 1, cut + 97]);
            Assert.Equal(whole, Outcome(() => SearchUserV2Response.Parse(in sequence)));
        }
    }

    [Fact]
    public void Mutated_bodies_split_anywhere_give_the_same_values_or_the_same_error()
    {
        var random = new Random(20261129);
        for (var i = 0; i < 3000; i++)
        {
            var body = HostileBodies.Draw(HostileBodies.Body, i, seed: 4242);
            var cuts = Enumerable.Range(0, random.Next(1, 8)).Select(_ => random.Next(0, body.Length + 1)).ToArray();
            var sequence = Split(body, cuts);

            var whole = Outcome(() => SearchUserV2Response.Parse(body));
            var split = Outcome(() => SearchUserV2Response.Parse(in sequence));

            Assert.True(whole == split, $"case {i}, cuts {string.Join(",", cuts)}: whole {Short(whole)}, split {Short(split)}");
        }
    }

    private static string Short(string outcome) => outcome.Length > 200 ? outcome[..200] + "…" : outcome;

    private sealed class Chunk : ReadOnlySequenceSegment<byte>
    {
        public Chunk(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public new Chunk? Next
        {
            get => (Chunk?)base.Next;
            set => base.Next = value;
        }
    }
}

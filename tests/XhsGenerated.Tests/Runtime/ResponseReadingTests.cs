using System.Buffers;
using System.Text;
using System.Text.Json;
using XhsGenerated.Serialization;

namespace XhsGenerated.Tests.Runtime;

/// <summary>
/// The response reading every generated <c>Parse</c> calls (<see cref="JsonReading.ReadResponse{TResponse, TData}(ReadOnlySpan{byte}, JsonItemReader{TData}, JsonResponseFactory{TResponse, TData})"/>),
/// and the base of a response whose data is untyped (<see cref="JustOneApiRawResponse"/>).
/// </summary>
public sealed class ResponseReadingTests
{
    private const string Body = """{ "code": 0, "message": "ok", "data": { "n": [1, 2] }, "recordTime": "2026-12-06T10:00:00Z", "requestId": "r-1", "extra": true }""";

    private sealed class RawResponse : JustOneApiRawResponse
    {
        public static RawResponse Parse(ReadOnlySpan<byte> utf8Json) => Read<RawResponse>(utf8Json);

        public static RawResponse Parse(in ReadOnlySequence<byte> utf8Json) => Read<RawResponse>(in utf8Json);
    }

    private sealed class TextResponse : JustOneApiResponse
    {
        public string? Data { get; init; }
    }

    private static ReadOnlySequence<byte> InPieces(string json)
    {
        // One segment per byte: every member and string crosses a boundary.
        var bytes = Encoding.UTF8.GetBytes(json);
        Segment? first = null, last = null;
        foreach (var b in bytes)
        {
            var next = new Segment(new[] { b }, last);
            first ??= next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, 1);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] memory, Segment? previous)
        {
            Memory = memory;
            if (previous is not null)
            {
                RunningIndex = previous.RunningIndex + previous.Memory.Length;
                previous.Next = this;
            }
        }
    }

    [Fact]
    public void A_raw_response_gets_the_envelope_and_its_data_from_one_buffer_or_many_and_writes_them_back()
    {
        foreach (var response in new[] { RawResponse.Parse(Encoding.UTF8.GetBytes(Body)), RawResponse.Parse(InPieces(Body)) })
        {
            Assert.Equal((0, "ok", "2026-12-06T10:00:00Z", "r-1"), (response.Code, response.Message, response.RecordTime, response.RequestId));
            Assert.Equal("[1, 2]", response.Data!.Value.GetProperty("n").GetRawText());
            Assert.True(response.AdditionalProperties["extra"].GetBoolean());

            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                response.WriteTo(writer);
            }

            var again = RawResponse.Parse(buffer.WrittenSpan);
            Assert.Equal((response.Code, response.Message, response.RequestId), (again.Code, again.Message, again.RequestId));
            Assert.True(JsonElement.DeepEquals(response.Data.Value, again.Data!.Value));
            Assert.True(again.AdditionalProperties["extra"].GetBoolean());
        }
    }

    [Fact]
    public void Data_that_is_missing_or_null_leaves_it_null_and_a_body_that_is_not_the_envelope_is_a_json_exception()
    {
        Assert.Null(RawResponse.Parse("""{ "code": 301, "message": "no" }"""u8).Data);
        Assert.Null(RawResponse.Parse("""{ "code": 0, "data": null }"""u8).Data);
        Assert.Equal(301, RawResponse.Parse("""{ "code": "301" }"""u8).Code);
        Assert.Throws<JsonException>(() => RawResponse.Parse("""{ "data": {} }"""u8));
        Assert.ThrowsAny<JsonException>(() => RawResponse.Parse("""{ "code": 0, "data": """u8));

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            RawResponse.Parse("""{ "code": 0 }"""u8).WriteTo(writer);
        }

        Assert.Contains("\"data\":null", Encoding.UTF8.GetString(buffer.WrittenSpan), StringComparison.Ordinal);
    }

    [Fact]
    public void The_factory_is_told_whether_data_was_there_and_of_its_kind()
    {
        var seen = new List<(string?, bool)>();
        TextResponse Create(string? data, bool hasData)
        {
            seen.Add((data, hasData));
            return new TextResponse { Data = hasData ? data : "absent" };
        }

        var read = JsonReading.ReadResponse<TextResponse, string?>("""{ "code": 0, "data": "x", "requestId": "r" }"""u8, JsonReading.TryReadStringItem!, Create);
        var other = JsonReading.ReadResponse<TextResponse, string?>("""{ "code": 0, "data": { "a": 1 } }"""u8, JsonReading.TryReadStringItem!, Create);

        Assert.Equal(("x", "r"), (read.Data, read.RequestId));
        Assert.Equal("absent", other.Data);
        Assert.Equal(1, other.AdditionalProperties["data"].GetProperty("a").GetInt32());
        Assert.Equal([("x", true), (null, false)], seen);
    }

    [Fact]
    public void Null_arguments_and_a_factory_that_makes_nothing_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => JsonReading.ReadResponse<TextResponse, string?>("""{ "code": 0 }"""u8, null!, (d, _) => new TextResponse()));
        Assert.Throws<ArgumentNullException>(() => JsonReading.ReadResponse<TextResponse, string?>("""{ "code": 0 }"""u8, JsonReading.TryReadStringItem!, null!));
        Assert.Throws<InvalidOperationException>(() => JsonReading.ReadResponse<TextResponse, string?>("""{ "code": 0 }"""u8, JsonReading.TryReadStringItem!, (d, _) => null!));
    }
}

using System.Text;
using XhsGenerated.Recording;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Robustness;

/// <summary>
/// Record files are outside data (a folder a user points <c>--replay</c> at): any bytes give a
/// record or an <see cref="InvalidDataException"/>, and a record that is read writes back to itself.
/// </summary>
public sealed class RecordFuzzTests
{
    [Fact]
    public void Two_thousand_mutated_record_files_read_as_a_record_or_an_invalid_data_exception()
    {
        var bodies = new[] { Encoding.UTF8.GetBytes(Seed.Example), "<html>502</html>\n"u8.ToArray(), Array.Empty<byte>() };
        var records = bodies.Select(body => new JustOneApiRecord("getSearchUserV2", "GET", "/api/xiaohongshu/search-user/v2", 200, body)
        {
            Parameters = new[] { KeyValuePair.Create("keyword", "穿搭 & #x"), KeyValuePair.Create("page", "2") },
            Headers = new[] { KeyValuePair.Create("Retry-After", "1") },
            ContentType = "application/json",
            RecordedAt = DateTimeOffset.UnixEpoch,
        }.ToUtf8Json()).ToArray();
        var accepted = 0;

        for (var i = 0; i < 2_000; i++)
        {
            var random = new Random(i);
            var bytes = Mutate(records[i % records.Length], random);
            JustOneApiRecord record;
            try
            {
                record = JustOneApiRecord.Parse(bytes);
            }
            catch (InvalidDataException)
            {
                continue;
            }

            accepted++;
            var again = JustOneApiRecord.Parse(record.ToUtf8Json());
            Assert.Equal(record.Body.ToArray(), again.Body.ToArray());
            Assert.Equal(record.MatchKey(), again.MatchKey());
            Assert.Equal(record.Status, again.Status);
        }

        Assert.InRange(accepted, 20, 1_990);
    }

    private static byte[] Mutate(byte[] record, Random random)
    {
        var bytes = record.ToList();
        for (var n = random.Next(1, 4); n > 0 && bytes.Count > 0; n--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 2:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(new[] { "\"", "{", "}", "[", "\\u", "\\ud800", ",", ":", "null", "1e999", "\"format\":\"xhs-record/1\"," }[random.Next(11)]));
                    break;
                case 3:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.Insert(at, 0xFF);
                    break;
            }
        }

        return bytes.ToArray();
    }
}

using System.Text;
using System.Text.Json;
using XhsGenerated.Serialization;

namespace XhsGenerated.Tests.Runtime;

/// <summary>Repeated string values within one parse are one string; the values never change.</summary>
public sealed class RepeatedStringsTests
{
    /// <summary>Reads every string of a JSON array through the table, as a generated reader does.</summary>
    private static List<string> ReadAll(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        var values = new List<string>();
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.String)
                {
                    values.Add(RepeatedStrings.Current.Read(ref reader));
                }
            }
        }
        finally
        {
            RepeatedStrings.Reset();
        }

        return values;
    }

    private static byte[] ArrayOf(IEnumerable<string> values)
        => JsonSerializer.SerializeToUtf8Bytes(values, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    [Fact]
    public void A_repeated_value_is_the_same_string_and_every_value_is_the_one_sent()
    {
        string[] sent = ["Amir Ali", "小红书号:26814156493", "Amir Ali", "", "https://sns-avatar-qc.xhscdn.com/avatar/645b7efe.jpg", "小红书号:26814156493", "https://sns-avatar-qc.xhscdn.com/avatar/645b7efe.jpg"];

        var read = ReadAll(ArrayOf(sent));

        Assert.Equal(sent, read);
        Assert.Same(read[0], read[2]);
        Assert.Same(read[1], read[5]);
        Assert.Same(read[4], read[6]);
    }

    [Fact]
    public void Escaped_and_long_values_are_read_as_they_are()
    {
        var longValue = new string('x', RepeatedStrings.MaxLength + 1);
        var json = Encoding.UTF8.GetBytes($$"""["a\"b", "a\"b", "{{longValue}}", "{{longValue}}", "\u00e9", "é"]""");

        var read = ReadAll(json);

        Assert.Equal(["a\"b", "a\"b", longValue, longValue, "é", "é"], read);
    }

    [Fact]
    public void Near_duplicates_and_colliding_values_never_borrow_each_others_string()
    {
        // Many values that share length, start, middle and end (the hash's windows), in a small
        // alphabet so that slots collide: each must still read as itself.
        var random = new Random(1234);
        var pool = Enumerable.Range(0, 400).Select(_ =>
        {
            var length = random.Next(1, 40);
            var chars = Enumerable.Range(0, length).Select(i => i is > 8 and < 30 ? "ab小"[random.Next(3)] : 'k').ToArray();
            return new string(chars);
        }).ToArray();
        var sent = Enumerable.Range(0, 5000).Select(_ => pool[random.Next(pool.Length)]).ToArray();

        var read = ReadAll(ArrayOf(sent));

        Assert.Equal(sent, read);
    }

    [Fact]
    public void Invalid_UTF8_is_refused_even_after_a_valid_value_with_the_same_hash_was_kept()
    {
        var valid = Encoding.UTF8.GetBytes("[\"abcdefgh\", \"abcdefgh\"]");
        Assert.Equal(["abcdefgh", "abcdefgh"], ReadAll(valid));

        // One byte of the second value made invalid UTF-8, outside the hash's windows where possible.
        var json = Encoding.UTF8.GetBytes("[\"abcdefghijklmnopqrstuvwx\", \"abcdefghijklmnopqrstuvwx\"]");
        json[json.Length - 20] = 0xFF;

        Assert.Throws<InvalidOperationException>(() => ReadAll(json));
    }

    [Fact]
    public void Bodies_with_nothing_repeated_read_the_same_once_the_table_stops_looking()
    {
        var sent = Enumerable.Range(0, 3000).Select(i => "user-" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).Concat(["user-000001", "user-000001"]).ToArray();

        var read = ReadAll(ArrayOf(sent));

        Assert.Equal(sent, read);
    }

    [Fact]
    public void A_generated_reader_returns_one_string_per_repeated_value_and_forgets_it_after_the_parse()
    {
        var body = Encoding.UTF8.GetBytes("""{"code":0,"message":"ok","data":{"users":[{"id":"1","name":"Amir Ali"},{"id":"2","name":"Amir Ali"}],"filters":[]}}""");

        var first = XhsGenerated.Tests.Client.SearchUserV2Response.Parse(body).Data!.Users;
        var second = XhsGenerated.Tests.Client.SearchUserV2Response.Parse(body).Data!.Users;

        Assert.Equal("Amir Ali", first[0].Name);
        Assert.Same(first[0].Name, first[1].Name);
        Assert.NotSame(first[0].Name, second[0].Name);
    }
}

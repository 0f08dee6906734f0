using System.Text;
using System.Text.Json;
using XhsGenerated.Serialization;

namespace XhsGenerated.Tests.Runtime;

/// <summary>The reading primitives generated readers are built from.</summary>
public sealed class JsonReadingTests
{
    private static Utf8JsonReader On(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return reader;
    }

    [Fact]
    public void Lists_of_scalars_accept_drift_within_kind_and_refuse_null_items_or_other_kinds()
    {
        var numbers = On("""[1, "2", 3]""");
        Assert.True(JsonReading.TryReadList<long>(ref numbers, JsonReading.TryReadInt64Item, out var longs));
        Assert.Equal(new long[] { 1, 2, 3 }, longs);
        Assert.Equal(JsonTokenType.EndArray, numbers.TokenType);

        var withNull = On("""[1, null]""");
        Assert.False(JsonReading.TryReadList<long>(ref withNull, JsonReading.TryReadInt64Item, out _));

        var strings = On("""["a", 7]""");
        Assert.True(JsonReading.TryReadList<string>(ref strings, JsonReading.TryReadStringItem, out var texts));
        Assert.Equal(new[] { "a", "7" }, texts);

        var flags = On("""[true, "false"]""");
        Assert.True(JsonReading.TryReadList<bool>(ref flags, JsonReading.TryReadBooleanItem, out var bools));
        Assert.Equal(new[] { true, false }, bools);

        var fractions = On("""[1.5, "2.25"]""");
        Assert.True(JsonReading.TryReadList<double>(ref fractions, JsonReading.TryReadDoubleItem, out var doubles));
        Assert.Equal(new[] { 1.5, 2.25 }, doubles);

        var nullList = On("null");
        Assert.True(JsonReading.TryReadList<long>(ref nullList, JsonReading.TryReadInt64Item, out var empty));
        Assert.Empty(empty);

        var notAList = On("""{"a":1}""");
        Assert.False(JsonReading.TryReadList<long>(ref notAList, JsonReading.TryReadInt64Item, out _));
    }

    [Fact]
    public void Large_lists_come_back_whole_and_in_order()
    {
        var json = "[" + string.Join(",", Enumerable.Range(0, 5000)) + "]";
        var reader = On(json);

        Assert.True(JsonReading.TryReadList<long>(ref reader, JsonReading.TryReadInt64Item, out var items));

        Assert.Equal(Enumerable.Range(0, 5000).Select(i => (long)i), items);
    }

    [Theory]
    [InlineData("12345678901234567890")]
    [InlineData("1.5")]
    [InlineData("\"12x\"")]
    public void An_integer_that_does_not_fit_or_is_not_an_integer_is_refused(string json)
    {
        var reader = On(json);

        Assert.False(JsonReading.TryReadInt64(ref reader, out var value));
        Assert.Null(value);
    }
}

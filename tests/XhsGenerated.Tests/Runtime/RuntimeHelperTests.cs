using System.Text.Json;
using XhsGenerated.Http;
using XhsGenerated.Serialization;

namespace XhsGenerated.Tests.Runtime;

/// <summary>
/// The runtime helpers generated code calls instead of repeating code per operation and member:
/// paging (<see cref="JustOneApiPaging"/>) and starting a member that may have been kept aside
/// (<see cref="JsonWriting.StartMember"/>).
/// </summary>
public sealed class RuntimeHelperTests
{
    [Fact]
    public async Task Paging_checks_its_arguments_at_the_call_and_reads_until_an_empty_page_or_the_most_pages()
    {
        static Task<int> Fetch(long page, CancellationToken _) => Task.FromResult(page < 4 ? (int)page : 0);

        Assert.Throws<ArgumentNullException>(() => JustOneApiPaging.Pages<int>(null!, n => n, 1, null));
        Assert.Throws<ArgumentNullException>(() => JustOneApiPaging.Pages<int>(Fetch, null!, 1, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => JustOneApiPaging.Pages<int>(Fetch, n => n, 1, 0));

        Assert.Equal([1, 2, 3], await JustOneApiPaging.Pages<int>(Fetch, n => n, 1, null).ToListAsync());
        Assert.Equal([2, 3], await JustOneApiPaging.Pages<int>(Fetch, n => n, 2, 5).ToListAsync());
        Assert.Equal([1, 2], await JustOneApiPaging.Pages<int>(Fetch, n => n, 1, 2).ToListAsync());
    }

    [Fact]
    public void A_member_kept_aside_is_not_started_again_whatever_dictionary_holds_the_kept_ones()
    {
        var value = JsonDocument.Parse("1").RootElement;
        var asRead = new Dictionary<string, JsonElement>(StringComparer.Ordinal) { ["名字"] = value, ["id"] = value };
        var many = Enumerable.Range(0, 40).ToDictionary(i => "m" + i, _ => value, StringComparer.Ordinal);
        many["名字"] = value;
        var ignoringCase = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase) { ["ID"] = value };
        var readOnly = new System.Collections.ObjectModel.ReadOnlyDictionary<string, JsonElement>(asRead);

        Assert.Equal(
            [false, true, false, true, false, true, false, true, true],
            new[]
            {
                Started(asRead, "名字"u8), Started(asRead, "名"u8), Started(asRead, "id"u8), Started(asRead, "ID"u8),
                Started(many, "名字"u8), Started(many, "m40"u8),
                Started(ignoringCase, "id"u8),
                Started(readOnly, "name"u8), Started(null, "id"u8),
            });
        Assert.False(Started(readOnly, "名字"u8));
    }

    [Fact]
    public void Starting_members_of_a_model_that_drifted_makes_no_string_per_member()
    {
        var value = JsonDocument.Parse("1").RootElement;
        var asRead = new Dictionary<string, JsonElement>(StringComparer.Ordinal) { ["new_field"] = value, ["fans"] = value };
        using var writer = new Utf8JsonWriter(Stream.Null);
        writer.WriteStartObject();
        Started(writer, asRead);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            Started(writer, asRead);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        static void Started(Utf8JsonWriter writer, Dictionary<string, JsonElement> kept)
        {
            if (JsonWriting.StartMember(writer, "user_name"u8, kept))
            {
                writer.WriteNullValue();
            }

            JsonWriting.StartMember(writer, "fans"u8, kept);
            writer.Flush();
        }
    }

    private static bool Started(IReadOnlyDictionary<string, JsonElement>? kept, ReadOnlySpan<byte> name)
    {
        using var buffer = new MemoryStream();
        using var writer = new Utf8JsonWriter(buffer);
        writer.WriteStartObject();
        var started = JsonWriting.StartMember(writer, name, kept);
        if (started)
        {
            writer.WriteNullValue();
        }

        writer.WriteEndObject();
        writer.Flush();
        Assert.Equal(started, buffer.Length > 2);
        return started;
    }
}

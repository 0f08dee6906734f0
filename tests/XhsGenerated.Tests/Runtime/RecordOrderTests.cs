using XhsGenerated.Recording;

namespace XhsGenerated.Tests.Runtime;

/// <summary>Answers recorded in the same instant (a fast retry) read back in the order they were written.</summary>
public sealed class RecordOrderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("xhs-order-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Records_of_one_instant_read_back_in_written_order()
    {
        var at = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 50; i++)
        {
            var record = new JustOneApiRecord("op", "GET", "/p", 200, System.Text.Encoding.UTF8.GetBytes($$"""{"code":{{i}}}""")) { RecordedAt = at };
            await record.WriteToDirectoryAsync(_folder);
        }

        var codes = JustOneApiRecord.ReadDirectory(_folder).Select(r => System.Text.Encoding.UTF8.GetString(r.Body.Span)).ToList();

        Assert.Equal(Enumerable.Range(0, 50).Select(i => $$"""{"code":{{i}}}"""), codes);
    }
}

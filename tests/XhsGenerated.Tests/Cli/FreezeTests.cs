using System.Text.Json.Nodes;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Cli;

/// <summary><c>xhs freeze</c>: today's examples kept as samples, once each.</summary>
public sealed class FreezeTests : IDisposable
{
    private readonly string _project = Directory.CreateTempSubdirectory("xhs-freeze-").FullName;

    public void Dispose() => Directory.Delete(_project, recursive: true);

    [Fact]
    public async Task Freeze_keeps_each_operations_example_as_a_sample_once()
    {
        var openapi = Directory.CreateDirectory(Path.Combine(_project, "openapi")).FullName;
        File.WriteAllText(Path.Combine(openapi, "user-search-v2-en.json"), GeneratorHarness.VendoredDocument);

        var first = await CliRunner.RunAsync(["freeze"], workingDirectory: _project);
        var second = await CliRunner.RunAsync(["freeze", "--openapi", openapi]);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("1 example(s) kept as samples, 0 already kept.", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("0 example(s) kept as samples, 1 already kept.", second.Stdout, StringComparison.Ordinal);
        var sample = Assert.Single(Directory.GetFiles(Path.Combine(openapi, "samples", "getSearchUserV2")));
        Assert.Matches(@"example-[0-9a-f]{12}\.json$", sample);
        Assert.True(JsonNode.DeepEquals(Seed.ExampleNode(), JsonNode.Parse(File.ReadAllText(sample))));
        Assert.Contains("Amir Ali", File.ReadAllText(sample), StringComparison.Ordinal);
    }
}

using System.IO.Compression;
using System.Xml.Linq;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Packaging;

/// <summary><c>xhs</c> as a user installs it: packed as a .NET tool into a folder feed, installed with <c>dotnet tool install</c>, run, uninstalled.</summary>
[Collection(nameof(PublishCollection))]
public sealed class ToolTests(PackedTool tool) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("xhs-install-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [NativeAotFact]
    public async Task Xhs_installs_natively_from_a_feed_searches_the_embedded_sandbox_serves_mcp_through_dnx_and_uninstalls()
    {
        var feed = tool.Feed;
        var version = tool.Version;
        using (var zip = ZipFile.OpenRead(Path.Combine(feed, $"xhs.{version}.nupkg")))
        {
            var nuspec = XDocument.Load(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            var ns = nuspec.Root!.GetDefaultNamespace();
            var metadata = nuspec.Root.Element(ns + "metadata")!;
            Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
            Assert.Equal("MIT", metadata.Element(ns + "license")?.Value);
            Assert.Contains("DotnetTool", metadata.Element(ns + "packageTypes")!.ToString(), StringComparison.Ordinal);
            Assert.Contains("McpServer", metadata.Element(ns + "packageTypes")!.ToString(), StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")?.Value));
            Assert.Contains(zip.Entries, e => e.FullName == "README.md");
            var server = System.Text.Json.Nodes.JsonNode.Parse(zip.Entries.Single(e => e.FullName == ".mcp/server.json").Open())!;
            var declared = server["packages"]![0]!;
            Assert.Equal((version, "xhs", "nuget"), ((string?)declared["version"], (string?)declared["identifier"], (string?)declared["registryType"]));
            Assert.Equal("mcp", (string?)declared["packageArguments"]![0]!["value"]);
            var token = declared["environmentVariables"]!.AsArray().Single(v => (string?)v!["name"] == "JUSTONEAPI_TOKEN")!;
            Assert.True((bool)token["isSecret"]!);
        }

        // The fallback for every other platform is framework-dependent: the managed xhs.dll.
        using (var fallback = ZipFile.OpenRead(Path.Combine(feed, $"xhs.any.{version}.nupkg")))
        {
            Assert.Contains(fallback.Entries, e => e.FullName == "tools/net10.0/any/xhs.dll");
        }

        var tools = Path.Combine(_work, "tools");
        await DotnetCli.RunAsync(_work, "tool", "install", "--tool-path", tools, "xhs", "--add-source", feed, "--version", version);
        var executable = Path.Combine(tools, "xhs");
        Assert.True(File.Exists(executable), "dotnet tool install put no xhs in the tool path.");
        var installed = Directory.GetFiles(Path.Combine(tools, ".store"), "xhs*", SearchOption.AllDirectories);
        Assert.Contains(installed, f => f.EndsWith(Path.Combine("linux-x64", "xhs"), StringComparison.Ordinal));
        Assert.DoesNotContain(installed, f => f.EndsWith("xhs.dll", StringComparison.Ordinal));
        var header = new byte[4];
        using (var file = File.OpenRead(installed.Single(f => f.EndsWith(Path.Combine("linux-x64", "xhs"), StringComparison.Ordinal))))
        {
            file.ReadExactly(header);
        }

        Assert.Equal(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }, header);

        var result = await CliRunner.RunExecutableAsync(executable, ["search", "穿搭", "--pages", "2", "--format", "csv"]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("local sandbox", result.Stderr, StringComparison.Ordinal);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("id,", lines[0], StringComparison.Ordinal);
        var rows = lines.Skip(1).ToArray();
        Assert.Equal(40, rows.Length);
        Assert.Equal(40, rows.Select(r => r.Split(',')[0]).Distinct().Count());
        Assert.All(rows, r => Assert.Matches("^[0-9a-f]{24},", r));

        await DotnetCli.RunAsync(_work, "tool", "uninstall", "--tool-path", tools, "xhs");
        Assert.False(File.Exists(executable));

        // As an MCP client starts it: dnx (beside dotnet) with the local feed, answering tools/list.
        var dnx = Path.Combine(Path.GetDirectoryName(Environment.ProcessPath!)!, "dnx");
        await using var client = await ModelContextProtocol.Client.McpClient.CreateAsync(new ModelContextProtocol.Client.StdioClientTransport(new()
        {
            Name = "xhs",
            Command = dnx,
            Arguments = [$"xhs@{version}", "--yes", "--add-source", feed, "mcp"],
            WorkingDirectory = _work,
        }));
        var listed = await client.ListToolsAsync();
        Assert.Contains(listed, t => t.Name == "xiaohongshu_search_user_v2");
    }
}

using System.Text.Json.Nodes;
using System.Text;
using Microsoft.AspNetCore.Http;
using XhsGenerated.Sandbox;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Cli;

// What update refuses: bad downloads, bad arguments, hostile lock files, a write that fails midway.
public sealed partial class OpenApiUpdateTests
{
    public static TheoryData<string> BadDownloads => new() { "html", "404", "empty", "truncated", "binary", "not openapi", "refused by the generator", "no operation", "redirect to another host", "too large", "timeout" };

    [Theory]
    [MemberData(nameof(BadDownloads))]
    public async Task A_bad_download_is_one_line_naming_the_document_and_changes_nothing(string bad)
    {
        var refused = """{ "openapi": "9.9.9", "info": { "title": "x", "version": "1" }, "paths": {} }""";
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            var response = context.Response;
            switch (bad)
            {
                case "html": response.ContentType = "text/html"; await response.WriteAsync("<!DOCTYPE html><html><body>docs</body></html>"); break;
                case "404": response.StatusCode = 404; break;
                case "empty": break;
                case "truncated": response.ContentLength = 100_000; await response.WriteAsync(GeneratorHarness.VendoredDocument[..2000]); await response.Body.FlushAsync(); context.Abort(); break;
                case "binary": await response.Body.WriteAsync(new byte[] { 0x1F, 0x8B, 0x08, 0x00, 0xFF, 0xFE, 0x00, 0x01 }); break;
                case "not openapi": await response.WriteAsync("""{ "hello": "world" }"""); break;
                case "refused by the generator": await response.WriteAsync(refused); break;
                case "no operation": await response.WriteAsync("""{ "openapi": "3.0.0", "info": { "title": "x", "version": "1" }, "paths": {} }"""); break;
                case "redirect to another host": response.StatusCode = 302; response.Headers.Location = $"http://localhost:{context.Request.Host.Port}/elsewhere.json"; break;
                case "too large": await response.WriteAsync(GeneratorHarness.VendoredDocument + new string(' ', 5000)); break;
                case "timeout": await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted).ContinueWith(_ => { }); break;
            }
        });
        Vendor(Vendored(), new Uri(server.BaseAddress, "/openapi/xiaohongshu-apis/" + FileName));
        Directory.CreateDirectory(Path.Combine(OpenApi, "samples", "getSearchUserV2"));
        File.WriteAllText(Path.Combine(OpenApi, "samples", "getSearchUserV2", "kept.json"), Seed.Example);
        var unchanged = Snapshot();

        var result = await CliRunner.RunAsync(
            ["openapi", "update", "--openapi", OpenApi, "--timeout", "2", "--max-bytes", (Encoding.UTF8.GetByteCount(GeneratorHarness.VendoredDocument) + 1000).ToString(System.Globalization.CultureInfo.InvariantCulture)],
            new Dictionary<string, string?> { ["JUSTONEAPI_TOKEN"] = Seed.Token });

        Assert.True(result.ExitCode == 1, $"{bad}: exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(FileName, line, StringComparison.Ordinal);
        Assert.Equal(unchanged.Keys.Order(), Snapshot().Keys.Order());
        Assert.All(unchanged, f => Assert.Equal(f.Value, File.ReadAllBytes(Path.Combine(OpenApi, f.Key))));
        Assert.DoesNotContain(server.Requests, r => r.Query.Contains("token", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("ftp://example.com/a.json", "http(s) URL")]
    [InlineData("http://docs.example.com/a.json", "--allow-insecure")]
    [InlineData("https://docs.example.com/a.json?token=abc", "credentials")]
    [InlineData("https://docs.example.com/", "file name")]
    public async Task Add_refuses_bad_arguments_before_anything_is_sent(string url, string says)
    {
        var result = await CliRunner.RunAsync(["openapi", "add", url, "--openapi", OpenApi]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(says, result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(OpenApi));
    }

    [Fact]
    public async Task The_sandbox_serves_its_documents_where_the_vendor_does_byte_for_byte()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var http = new HttpClient();

        var served = await http.GetByteArrayAsync(new Uri(sandbox.BaseAddress, "/openapi/xiaohongshu-apis/" + FileName));
        var missing = await http.GetAsync(new Uri(sandbox.BaseAddress, "/openapi/xiaohongshu-apis/nothing-here.json"));

        Assert.Equal(File.ReadAllBytes(Path.Combine(DotnetCli.RepositoryRoot, "openapi", FileName)), served);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal((2, 0), sandbox.Stats.Documents);
        Assert.Equal(0, sandbox.Stats.Total);
    }

    public static TheoryData<string> HostileLockFiles => new()
    {
        "not json at all",
        "[]",
        """{ "format": "xhs-openapi-lock/9", "documents": {} }""",
        """{ "format": "xhs-openapi-lock/1", "documents": [] }""",
        """{ "format": "xhs-openapi-lock/1", "documents": { "a.json": null } }""",
        """{ "format": "xhs-openapi-lock/1", "documents": { "a.json": { "sha256": "x" } } }""",
        """{ "format": "xhs-openapi-lock/1", "documents": { "a.json": { "source": 5 } } }""",
        """{ "format": "xhs-openapi-lock/1", "documents": { "a.json": { "source": "https://x/a.json", "fetchedAt": "yesterday" } } }""",
        """{ "format": "xhs-openapi-lock/1", "documents": { "../../escape.json": { "source": "http://127.0.0.1:9/a.json" } } }""",
        """{ "format": "xhs-openapi-lock/1", "documents": { "/tmp/escape.json": { "source": "http://127.0.0.1:9/a.json" } } }""",
        """{ "format": "xhs-openapi-lock/1", "documents": { "openapi.lock.json": { "source": "http://127.0.0.1:9/a.json" } } }""",
        new string('[', 5000) + new string(']', 5000),
    };

    [Theory]
    [MemberData(nameof(HostileLockFiles))]
    public async Task A_hostile_lock_file_is_one_line_naming_it_and_nothing_is_written_anywhere(string lockFile)
    {
        Directory.CreateDirectory(OpenApi);
        File.WriteAllText(Path.Combine(OpenApi, FileName), GeneratorHarness.VendoredDocument);
        File.WriteAllText(Path.Combine(OpenApi, "openapi.lock.json"), lockFile);
        var unchanged = Snapshot();

        var result = await CliRunner.RunAsync(["openapi", "update", "--openapi", OpenApi]);

        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("openapi.lock.json", line, StringComparison.Ordinal);
        Assert.Equal(unchanged.Keys.Order(), Snapshot().Keys.Order());
        Assert.False(File.Exists(Path.Combine(_work, "escape.json")) || File.Exists("/tmp/escape.json"));
    }

    [Fact]
    public async Task A_write_that_fails_midway_puts_the_folder_back_as_it_was()
    {
        // The samples folder is a file: keeping today's example as a sample fails after the write began.
        var (before, after) = Documents("member added");
        await using var sandbox = await ServeAsync(after);
        Vendor(before, DocumentUrl(sandbox.BaseAddress));
        File.WriteAllText(Path.Combine(OpenApi, "samples"), "not a folder");
        var unchanged = Snapshot();

        await AssertTheUpdateChangesNothingAsync(unchanged);
    }

    /// <summary>Runs the update, which must fail with exit 1 and leave the folder byte for byte as it was, with no temporary file.</summary>
    private async Task AssertTheUpdateChangesNothingAsync(Dictionary<string, byte[]> unchanged)
    {
        var result = await CliRunner.RunAsync(["openapi", "update", "--openapi", OpenApi]);

        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
        Assert.Contains("nothing was changed", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(unchanged.Keys.Order(), Snapshot().Keys.Order());
        Assert.All(unchanged, f => Assert.Equal(f.Value, File.ReadAllBytes(Path.Combine(OpenApi, f.Key))));
        Assert.Empty(Directory.GetFiles(OpenApi, "*.xhs-*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_rename_that_fails_after_others_were_renamed_puts_every_file_back()
    {
        // Two documents change; the second one's sample cannot be renamed into place (a folder holds
        // its name), after the first document and its sample already were.
        var first = Vendored();
        var second = new JsonObject { ["openapi"] = "3.0.0", ["info"] = first["info"]!.DeepClone(), ["servers"] = first["servers"]!.DeepClone(), ["paths"] = new JsonObject { ["/api/xiaohongshu/search-user/v3"] = SecondOperation() } };
        var served = Directory.CreateDirectory(Path.Combine(_work, "served-two")).FullName;
        foreach (var (name, document) in new[] { ("a-en.json", first), ("b-en.json", second) })
        {
            var changed = document.DeepClone().AsObject();
            foreach (var path in changed["paths"]!.AsObject())
            {
                foreach (var user in path.Value!["get"]!["responses"]!["default"]!["content"]!["application/json"]!["example"]!["data"]!["users"]!.AsArray())
                {
                    user!["fans_count"] = 12;
                }
            }

            File.WriteAllText(Path.Combine(served, name), changed.ToJsonString());
            Directory.CreateDirectory(OpenApi);
            File.WriteAllText(Path.Combine(OpenApi, name), document.ToJsonString());
        }

        var options = new SandboxOptions();
        options.Documents.Add(served);
        await using var sandbox = await SandboxServer.StartAsync(options);
        var source = new Uri(sandbox.BaseAddress, "/openapi/xiaohongshu-apis/");
        File.WriteAllText(Path.Combine(OpenApi, "openapi.lock.json"), $$"""
            { "format": "xhs-openapi-lock/1", "documents": {
              "a-en.json": { "source": "{{source}}a-en.json", "sha256": "", "fetchedAt": "2026-11-01T00:00:00Z" },
              "b-en.json": { "source": "{{source}}b-en.json", "sha256": "", "fetchedAt": "2026-11-01T00:00:00Z" } } }
            """);

        // Where the update would keep the second document's example: found by freezing a copy.
        var copy = Directory.CreateDirectory(Path.Combine(_work, "copy")).FullName;
        File.Copy(Path.Combine(OpenApi, "b-en.json"), Path.Combine(copy, "b-en.json"));
        Assert.Equal(0, (await CliRunner.RunAsync(["freeze", "--openapi", copy])).ExitCode);
        var sample = Path.GetRelativePath(copy, Assert.Single(Directory.GetFiles(Path.Combine(copy, "samples"), "*.json", SearchOption.AllDirectories)));
        Directory.CreateDirectory(Path.Combine(OpenApi, sample, "in-the-way"));
        var unchanged = Snapshot();

        await AssertTheUpdateChangesNothingAsync(unchanged);

        Assert.False(Directory.Exists(Path.Combine(OpenApi, "samples", "getSearchUserV2")), "the first document's new sample folder was left behind");
    }
}

using System.Text;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using XhsGenerated.Sandbox;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Cli;

/// <summary>
/// <c>xhs openapi add</c> and <c>update</c> end to end: documents served by the sandbox on 127.0.0.1
/// where the vendor serves them, a changed document served to simulate a vendor update, the report
/// checked entry by entry, and user code written against the old document compiled afterwards.
/// </summary>
public sealed partial class OpenApiUpdateTests : IDisposable
{
    private const string Path_ = "/api/xiaohongshu/search-user/v2";
    private const string FileName = "user-search-v2-en.json";

    /// <summary>Code written against the vendored document: every member the changes below touch.</summary>
    private const string UserCode = """
        namespace Demo
        {
            public static class UserCode
            {
                public static async System.Threading.Tasks.Task<int> Run(XiaohongshuClient client)
                {
                    var response = await client.SearchUserV2Async("穿搭", page: 2);
                    var n = 0;
                    foreach (var user in response.Data!.Users) { n += (user.Desc?.Length ?? 0) + (user.Name?.Length ?? 0) + (user.RedId?.Length ?? 0); }
                    await foreach (var page in client.SearchUserV2PagesAsync("穿搭", maxPages: 2)) { n += page.Data!.Filters.Count; }
                    return n;
                }
            }
        }
        """;

    private readonly string _work = Directory.CreateTempSubdirectory("xhs-openapi-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string OpenApi => Path.Combine(_work, "project", "openapi");

    private static JsonObject Vendored() => JsonNode.Parse(GeneratorHarness.VendoredDocument)!.AsObject();

    private static JsonObject Operation(JsonObject document) => document["paths"]![Path_]!["get"]!.AsObject();

    private static JsonArray Users(JsonObject document) => Operation(document)["responses"]!["default"]!["content"]!["application/json"]!["example"]!["data"]!["users"]!.AsArray();

    private static JsonArray Parameters(JsonObject document) => Operation(document)["parameters"]!.AsArray();

    private static void AddSort(JsonObject document, params string[] values)
        => Parameters(document).Add(new JsonObject { ["name"] = "sort", ["in"] = "query", ["required"] = false, ["schema"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray()) } });

    private static JsonObject SecondOperation()
    {
        var copy = Operation(Vendored()).DeepClone().AsObject();
        copy["operationId"] = "getSearchUserV3";
        return new JsonObject { ["get"] = copy };
    }

    public static TheoryData<string, string, bool, string, string?> Changes => new()
    {
        // case, the kind reported, breaking, where, member
        { "operation added", "method-added", false, "XiaohongshuClient.SearchUserV3Async", null },
        { "operation removed", "method-removed", true, "XiaohongshuClient.SearchUserV3Async", null },
        { "optional parameter added", "parameter-added", false, "XiaohongshuClient.SearchUserV2Async", "region" },
        { "required parameter added", "parameter-added", true, "XiaohongshuClient.SearchUserV2Async", "region" },
        { "parameter removed", "parameter-removed", true, "XiaohongshuClient.SearchUserV2Async", "page" },
        { "parameter retyped", "parameter-retyped", true, "XiaohongshuClient.SearchUserV2Async", "page" },
        { "enum value added", "enum-value-added", false, "SearchUserV2Sort", "Newest" },
        { "enum value removed", "enum-value-removed", true, "SearchUserV2Sort", "Fans" },
        { "member added", "member-added", false, "SearchUserV2User", "FansCount" },
        { "member removed, kept by a sample", "member-kept-by-sample", false, "SearchUserV2User", "Desc" },
        { "member removed, no sample", "member-removed", true, "SearchUserV2User", "Desc" },
        { "member retyped", "member-retyped", true, "SearchUserV2User", "RedId" },
        { "nested object moved", "type-removed", true, "SearchUserV2Profile", null },
    };

    /// <summary>The document before and after each change.</summary>
    private static (JsonObject Before, JsonObject After) Documents(string change)
    {
        var before = Vendored();
        var after = Vendored();
        switch (change)
        {
            case "operation added":
                after["paths"]!["/api/xiaohongshu/search-user/v3"] = SecondOperation();
                break;
            case "operation removed":
                before["paths"]!["/api/xiaohongshu/search-user/v3"] = SecondOperation();
                break;
            case "optional parameter added" or "required parameter added":
                Parameters(after).Add(new JsonObject { ["name"] = "region", ["in"] = "query", ["required"] = change.StartsWith("required", StringComparison.Ordinal), ["schema"] = new JsonObject { ["type"] = "string" } });
                break;
            case "parameter removed":
                Parameters(after).RemoveAt(Parameters(after).ToList().FindIndex(p => (string?)p!["name"] == "page"));
                break;
            case "parameter retyped":
                Parameters(after).Single(p => (string?)p!["name"] == "page")!["schema"] = new JsonObject { ["type"] = "string" };
                break;
            case "enum value added":
                AddSort(before, "general", "fans");
                AddSort(after, "general", "fans", "newest");
                break;
            case "enum value removed":
                AddSort(before, "general", "fans");
                AddSort(after, "general");
                break;
            case "member added":
                foreach (var user in Users(after)) { user!["fans_count"] = 12; }
                break;
            case "member removed, kept by a sample" or "member removed, no sample":
                foreach (var user in Users(after)) { user!.AsObject().Remove("desc"); }
                break;
            case "member retyped":
                foreach (var user in Users(after)) { user!["red_id"] = new JsonObject { ["value"] = "x" }; }
                break;
            case "nested object moved":
                foreach (var user in Users(before)) { user!["profile"] = new JsonObject { ["city"] = "上海" }; }
                foreach (var user in Users(after)) { user!["city"] = "上海"; }
                break;
        }

        return (before, after);
    }

    /// <summary>A project whose openapi/ holds <paramref name="document"/>, with a lock naming <paramref name="source"/>.</summary>
    private void Vendor(JsonObject document, Uri source)
    {
        Directory.CreateDirectory(OpenApi);
        var bytes = Encoding.UTF8.GetBytes(document.ToJsonString());
        File.WriteAllBytes(Path.Combine(OpenApi, FileName), bytes);
        File.WriteAllText(Path.Combine(OpenApi, "openapi.lock.json"), $$"""
            { "format": "xhs-openapi-lock/1", "documents": { "{{FileName}}": { "source": "{{source}}", "sha256": "{{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))}}", "fetchedAt": "2026-11-01T00:00:00Z" } } }
            """);
    }

    private async Task<SandboxServer> ServeAsync(JsonObject document)
    {
        var served = Directory.CreateDirectory(Path.Combine(_work, "served-" + Guid.NewGuid().ToString("N")[..6])).FullName;
        File.WriteAllText(Path.Combine(served, FileName), document.ToJsonString());
        var options = new SandboxOptions();
        options.Documents.Add(served);
        return await SandboxServer.StartAsync(options);
    }

    private static Uri DocumentUrl(Uri server) => new(server, "/openapi/xiaohongshu-apis/" + FileName);

    private Compilation CompileUserCode()
    {
        var files = Directory.GetFiles(OpenApi, "*.json", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "openapi.lock.json")
            .Select(f => (AdditionalText)new TestAdditionalFile(f, File.ReadAllText(f)))
            .ToArray();
        return GeneratorHarness.CompileWithUserCode(UserCode, files);
    }

    private Dictionary<string, byte[]> Snapshot() => Directory.GetFiles(OpenApi, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(OpenApi, f), File.ReadAllBytes);

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Each_change_is_reported_with_its_mark_and_exit_code_and_additive_ones_keep_user_code_compiling(string change, string kind, bool breaking, string where, string? member)
    {
        var (before, after) = Documents(change);
        await using var sandbox = await ServeAsync(after);
        Vendor(before, DocumentUrl(sandbox.BaseAddress));
        var noFreeze = change is "member removed, no sample" or "nested object moved" ? new[] { "--no-freeze" } : Array.Empty<string>();
        var unchanged = Snapshot();

        var check = await CliRunner.RunAsync(["openapi", "update", "--openapi", OpenApi, "--check", "--json", .. noFreeze]);
        var afterCheck = Snapshot();
        var apply = await CliRunner.RunAsync(["openapi", "update", "--openapi", OpenApi, .. noFreeze]);

        Assert.True(breaking ? check.ExitCode == 4 : check.ExitCode == 3, $"exit {check.ExitCode}\n{check.Stdout}\n{check.Stderr}");
        Assert.Equal(unchanged.Keys.Order(), afterCheck.Keys.Order());
        Assert.All(unchanged, f => Assert.Equal(f.Value, afterCheck[f.Key]));
        var report = JsonNode.Parse(check.Stdout)!;
        Assert.Equal("xhs-openapi-report/1", (string?)report["format"]);
        Assert.False((bool)report["applied"]!);
        var entries = report["documents"]![0]!["changes"]!.AsArray();
        Assert.True(
            entries.Any(e => (string?)e!["kind"] == kind && (bool)e["breaking"]! == breaking && (string?)e["subject"] == where && (string?)e["member"] == member),
            $"{change}: no {kind} entry for {where}.{member} in\n{check.Stdout}");
        Assert.Equal(breaking, (int)report["breaking"]! > 0);

        Assert.Equal(0, apply.ExitCode);
        Assert.Contains("applied", apply.Stdout, StringComparison.Ordinal);
        Assert.Equal(after.ToJsonString(), File.ReadAllText(Path.Combine(OpenApi, FileName)));
        Assert.Contains(sandbox.BaseAddress.Authority, File.ReadAllText(Path.Combine(OpenApi, "openapi.lock.json")), StringComparison.Ordinal);
        var errors = CompileUserCode().GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (entries.All(e => !(bool)e!["breaking"]!))
        {
            Assert.True(errors.Count == 0, $"{change}: the report said additive, but user code no longer compiles:\n{string.Join("\n", errors)}");
        }

        Assert.Equal(0, sandbox.Stats.Documents.WithCredentials);
        Assert.Equal(0, sandbox.Stats.Total);
    }

    [Fact]
    public async Task Add_records_the_source_and_an_update_that_finds_the_same_document_changes_nothing()
    {
        await using var sandbox = await ServeAsync(Vendored());
        var url = DocumentUrl(sandbox.BaseAddress).ToString();

        var add = await CliRunner.RunAsync(["openapi", "add", url, "--openapi", OpenApi], new Dictionary<string, string?> { ["JUSTONEAPI_TOKEN"] = Seed.Token });
        var afterAdd = Snapshot();
        var check = await CliRunner.RunAsync(["openapi", "update", "--openapi", OpenApi, "--check"]);
        var update = await CliRunner.RunAsync(["openapi", "update", "--openapi", OpenApi, "--format", "markdown"]);

        Assert.True(add.ExitCode == 0, add.Stderr);
        Assert.Equal(Encoding.UTF8.GetBytes(Vendored().ToJsonString()), File.ReadAllBytes(Path.Combine(OpenApi, FileName)));
        var entry = JsonNode.Parse(File.ReadAllText(Path.Combine(OpenApi, "openapi.lock.json")))!["documents"]![FileName]!;
        Assert.Equal(url, (string?)entry["source"]);
        Assert.Matches("^[0-9a-f]{64}$", (string?)entry["sha256"]);
        Assert.Equal((0, 0), (check.ExitCode, update.ExitCode));
        Assert.Contains("unchanged", check.Stdout, StringComparison.Ordinal);
        Assert.Contains("### user-search-v2-en.json (unchanged)", update.Stdout, StringComparison.Ordinal);
        Assert.All(afterAdd, f => Assert.Equal(f.Value, File.ReadAllBytes(Path.Combine(OpenApi, f.Key))));
        Assert.Equal((3, 0), sandbox.Stats.Documents);
    }

    [Fact]
    public async Task Update_keeps_todays_examples_as_samples_before_it_replaces_the_document()
    {
        var (before, after) = Documents("member removed, kept by a sample");
        await using var sandbox = await ServeAsync(after);
        Vendor(before, DocumentUrl(sandbox.BaseAddress));

        var result = await CliRunner.RunAsync(["openapi", "update", "--openapi", OpenApi]);

        Assert.Equal(0, result.ExitCode);
        var sample = Assert.Single(Directory.GetFiles(Path.Combine(OpenApi, "samples", "getSearchUserV2")));
        Assert.Contains("\"desc\"", File.ReadAllText(sample), StringComparison.Ordinal);
        Assert.Contains("SearchUserV2User.Desc", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(CompileUserCode().GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }
}

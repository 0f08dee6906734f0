using System.Text.Json.Nodes;
using XhsGenerated.Sandbox;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Cli;

// A project that keeps some operations of a catalog: what it leaves out changes nothing for it.
public sealed partial class OpenApiUpdateTests
{
    [Fact]
    public async Task A_change_to_an_operation_the_project_filters_out_is_no_change_for_it()
    {
        const string catalog = "catalog-en.json";
        var before = JsonNode.Parse(CatalogDocument.Build(platforms: 3, operationsPerPlatform: 4))!.AsObject();
        var project = Directory.GetParent(OpenApi)!.FullName;
        Directory.CreateDirectory(OpenApi);
        File.WriteAllText(Path.Combine(OpenApi, catalog), before.ToJsonString());
        File.WriteAllText(Path.Combine(project, "Consumer.csproj"), $$"""
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <AdditionalFiles Update="openapi/{{catalog}}">
                  <XhsInclude>/api/xiaohongshu/*</XhsInclude>
                </AdditionalFiles>
              </ItemGroup>
            </Project>
            """);

        async Task<CliRunner.Result> UpdateAsync(JsonObject served, params string[] extra)
        {
            var folder = Directory.CreateDirectory(Path.Combine(_work, "served-" + Guid.NewGuid().ToString("N")[..6])).FullName;
            File.WriteAllText(Path.Combine(folder, catalog), served.ToJsonString());
            var options = new SandboxOptions();
            options.Documents.Add(folder);
            await using var sandbox = await SandboxServer.StartAsync(options);
            File.WriteAllText(Path.Combine(OpenApi, "openapi.lock.json"), $$"""
                { "format": "xhs-openapi-lock/1", "documents": { "{{catalog}}": { "source": "{{new Uri(sandbox.BaseAddress, "/openapi/catalog/" + catalog)}}", "sha256": "", "fetchedAt": "2026-11-01T00:00:00Z" } } }
                """);
            return await CliRunner.RunAsync(["openapi", "update", "--openapi", OpenApi, .. extra]);
        }

        // Douyin's operations go: the project keeps none of them.
        var douyinGone = before.DeepClone().AsObject();
        foreach (var path in douyinGone["paths"]!.AsObject().Select(p => p.Key).Where(p => p.StartsWith("/api/douyin/", StringComparison.Ordinal)).ToList())
        {
            douyinGone["paths"]!.AsObject().Remove(path);
        }

        var outside = await UpdateAsync(douyinGone, "--check");
        Assert.True(outside.ExitCode == 0, outside.Stdout + outside.Stderr);
        Assert.Contains("nothing that XhsInclude=/api/xiaohongshu/* keeps", outside.Stdout, StringComparison.Ordinal);

        // One of Xiaohongshu's goes too: that is breaking, and the only change reported.
        var xiaohongshuGone = douyinGone.DeepClone().AsObject();
        var removed = xiaohongshuGone["paths"]!.AsObject().Select(p => p.Key).First(p => p.StartsWith("/api/xiaohongshu/", StringComparison.Ordinal));
        xiaohongshuGone["paths"]!.AsObject().Remove(removed);

        var inside = await UpdateAsync(xiaohongshuGone, "--check", "--json");
        Assert.True(inside.ExitCode == 4, inside.Stdout + inside.Stderr);
        var changes = JsonNode.Parse(inside.Stdout)!["documents"]![0]!["changes"]!.AsArray();
        // Its methods and its types, and nothing of Douyin's.
        Assert.Contains(changes, c => c!["kind"]!.GetValue<string>() == "method-removed" && c["subject"]!.GetValue<string>().StartsWith("XiaohongshuClient.", StringComparison.Ordinal));
        Assert.All(changes, c => Assert.True(c!["breaking"]!.GetValue<bool>() && c["subject"]!.GetValue<string>().StartsWith("Xiaohongshu", StringComparison.Ordinal), c.ToJsonString()));

        var applied = await UpdateAsync(xiaohongshuGone);
        Assert.True(applied.ExitCode == 0, applied.Stdout + applied.Stderr);
        Assert.Equal("XhsInclude=/api/xiaohongshu/*", JsonNode.Parse(File.ReadAllText(Path.Combine(OpenApi, "openapi.lock.json")))!["documents"]![catalog]!["filter"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("<PropertyGroup><XhsShareModels>true</XhsShareModels></PropertyGroup>", "XiaohongshuUser")]
    [InlineData("<ItemGroup><AdditionalFiles Update=\"openapi/*.json\" XhsShareModels=\"true\" /></ItemGroup>", "XiaohongshuUser")]
    [InlineData("<PropertyGroup><XhsShareModels>true</XhsShareModels></PropertyGroup><ItemGroup><AdditionalFiles Update=\"openapi/*.json\"><XhsShareModels>false</XhsShareModels></AdditionalFiles></ItemGroup>", "SearchUserV2User")]
    public async Task A_project_that_shares_its_models_gets_changes_reported_under_the_shared_names(string settings, string model)
    {
        // As the build names them: the property for every document, an item's metadata over it.
        Directory.CreateDirectory(OpenApi);
        File.WriteAllText(Path.Combine(Directory.GetParent(OpenApi)!.FullName, "Consumer.csproj"), $"""<Project Sdk="Microsoft.NET.Sdk">{settings}</Project>""");
        var after = Vendored();
        foreach (var user in Users(after))
        {
            user!["fans_count"] = 12;
        }

        await using var sandbox = await ServeAsync(after);
        Vendor(Vendored(), DocumentUrl(sandbox.BaseAddress));

        var check = await CliRunner.RunAsync(["openapi", "update", "--openapi", OpenApi, "--check", "--json"]);

        Assert.True(check.ExitCode == 3, check.Stdout + check.Stderr);
        var changes = JsonNode.Parse(check.Stdout)!["documents"]![0]!["changes"]!.AsArray();
        Assert.Equal(("member-added", model, "FansCount"), ((string?)changes.Single()!["kind"], (string?)changes.Single()!["subject"], (string?)changes.Single()!["member"]));
    }

    [Theory]
    [InlineData("<Project><ItemGroup><AdditionalFiles", "not a readable project file")]
    [InlineData("two projects", "holds 2 project files")]
    [InlineData("missing", "no project file at")]
    public async Task A_project_that_cannot_be_read_is_exit_2_with_one_line_and_nothing_sent(string project, string says)
    {
        var folder = Directory.GetParent(OpenApi)!.FullName;
        Vendor(Vendored(), new Uri("http://127.0.0.1:9/openapi/" + FileName));
        string[] extra = [];
        switch (project)
        {
            case "two projects":
                File.WriteAllText(Path.Combine(folder, "A.csproj"), "<Project />");
                File.WriteAllText(Path.Combine(folder, "B.csproj"), "<Project />");
                break;
            case "missing":
                extra = ["--project", Path.Combine(folder, "Nope.csproj")];
                break;
            default:
                File.WriteAllText(Path.Combine(folder, "A.csproj"), project);
                break;
        }

        var result = await CliRunner.RunAsync(["openapi", "update", "--openapi", OpenApi, .. extra]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(says, result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }
}

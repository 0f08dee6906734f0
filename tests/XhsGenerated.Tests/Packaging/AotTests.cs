using System.Text.RegularExpressions;
using XhsGenerated.Sandbox;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Packaging;

/// <summary>Runs only where Native AOT can link (clang on PATH); CI installs it, so there it always runs.</summary>
public sealed class NativeAotFactAttribute : FactAttribute
{
    public NativeAotFactAttribute()
    {
        if (!CanLink)
        {
            Skip = "Native AOT needs clang and lld: apt-get install -y clang lld (.ci/run does).";
        }
    }

    /// <summary>Whether Native AOT can link here (in CI it must: a missing clang fails there).</summary>
    public static bool CanLink => Environment.GetEnvironmentVariable("CI") == "true" || (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, "clang")));
}

/// <summary>
/// Native AOT and trimming as a user meets them: the exact publish command of the README, zero IL
/// warnings, the native <c>xhs</c> writing every format byte for byte as the JIT build does, and a
/// trimmed consumer that honours <c>BaseAddress</c> from configuration.
/// </summary>
[Collection(nameof(PublishCollection))]
public sealed class AotTests(PackedTool tool) : IDisposable
{
    private static readonly Regex TrimOrAotWarning = new(@"warning IL\d{4}", RegexOptions.CultureInvariant);

    private readonly string _work = Directory.CreateTempSubdirectory("xhs-aot-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [NativeAotFact]
    public async Task The_native_xhs_publishes_without_warnings_and_writes_every_format_as_the_jit_build_does()
    {
        // The native xhs is the one users install: the tool's linux-x64 package, built once per run.
        Assert.DoesNotMatch(TrimOrAotWarning, tool.NativePackLog);
        var native = tool.Native;
        Assert.True(File.Exists(native), tool.NativePackLog);

        foreach (var format in new[] { "json", "ndjson", "csv", "table" })
        {
            string[] args = ["search", "穿搭", "--pages", "2", "--format", format];
            var jit = await CliRunner.RunAsync(args);
            var aot = await CliRunner.RunExecutableAsync(native, args);

            Assert.Equal(0, jit.ExitCode);
            Assert.Equal(0, aot.ExitCode);
            Assert.True(jit.Stdout.Length > 100, jit.Stderr);
            Assert.Equal(jit.Stdout, aot.Stdout);
        }

        // The native xhs serves MCP too: initialize and tools/list over stdio, as an MCP client starts it.
        await using (var client = await ModelContextProtocol.Client.McpClient.CreateAsync(new ModelContextProtocol.Client.StdioClientTransport(new() { Name = "xhs", Command = native, Arguments = ["mcp"] })))
        {
            var tools = await client.ListToolsAsync();
            Assert.Contains(tools, t => t.Name == "xiaohongshu_search_user_v2");
            Assert.Equal("xhs", client.ServerInfo?.Name);
        }
    }

    [Fact]
    public async Task A_trimmed_consumer_binds_options_from_configuration_and_calls_the_configured_endpoint()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions());
        var project = Directory.CreateDirectory(Path.Combine(_work, "Trimmed")).FullName;
        var root = DotnetCli.RepositoryRoot;
        File.WriteAllText(Path.Combine(project, "Trimmed.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <RootNamespace>Trimmed</RootNamespace>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.Extensions.Configuration" Version="10.0.15" />
                <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="10.0.15" />
                <CompilerVisibleProperty Include="RootNamespace" />
                <ProjectReference Include="{root}/runtime/XhsGenerated.Runtime.csproj" />
                <ProjectReference Include="{root}/generator/XhsGenerated.Generator.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                <AdditionalFiles Include="{root}/openapi/user-search-v2-en.json" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.DependencyInjection;
            using Trimmed;

            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["JustOneApi:Token"] = "sandbox-token",
                ["JustOneApi:BaseAddress"] = args[0],
                ["JustOneApi:MaxAttempts"] = "2",
                ["JustOneApi:AttemptTimeout"] = "00:00:20",
            }).Build();
            var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
            services.AddXiaohongshuClient();
            using var provider = services.BuildServiceProvider();
            var client = provider.GetRequiredService<Trimmed.XiaohongshuClient>();
            var response = await client.SearchUserV2Async("穿搭");
            Console.WriteLine(response.Data!.Users.Count);
            """);
        // As in ConsumerTests: empty props, so that no Directory.Build.props above the folder applies.
        File.WriteAllText(Path.Combine(_work, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(_work, "Directory.Packages.props"), "<Project />");

        var output = Path.Combine(_work, "trimmed-out");
        var log = await DotnetCli.RunAsync(project, "publish", "-c", "Release", "-r", "linux-x64", "--self-contained", "-p:PublishTrimmed=true", "-o", output);
        Assert.DoesNotMatch(TrimOrAotWarning, log);

        var run = await CliRunner.RunExecutableAsync(Path.Combine(output, "Trimmed"), [sandbox.BaseAddress.ToString()]);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal("20", run.Stdout.Trim());
        Assert.Equal(1, sandbox.Stats.Count("ok"));
    }
}

/// <summary>Publishes are heavy on a 2-core machine: they run one at a time, apart from the other tests, on one packed tool.</summary>
[CollectionDefinition(nameof(PublishCollection), DisableParallelization = true)]
public sealed class PublishCollection : ICollectionFixture<PackedTool>
{
}

using XhsGenerated.Sandbox;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Packaging;

/// <summary>
/// The packed packages in the project settings real codebases use, one fresh consumer each, built and
/// run against the sandbox (the example change with an incremental rebuild is <see cref="ConsumerTests"/>).
/// </summary>
[Collection(nameof(PackedFeedCollection))]
public sealed class ConsumerMatrixTests(PackedFeed feed)
{
    private const string Call = """
        using var client = new XiaohongshuClient(new XhsGenerated.JustOneApiOptions { Token = args[1], BaseAddress = new System.Uri(args[0]) });
        var response = await client.SearchUserV2Async("穿搭", page: 2).ConfigureAwait(false);
        System.Console.WriteLine(response.Data?.Users.Count);
        """;

    public static TheoryData<string> Variants => new() { "net8", "net10", "nullable-off", "analysis-all", "shadowed-names", "own-namespace-and-client", "csharp10" };

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task A_consumer_builds_and_runs_or_gets_one_clear_diagnostic(string variant)
    {
        var name = "Consumer" + string.Concat(variant.Split('-').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
        var (body, program, framework) = variant switch
        {
            "net8" => (Project("net8.0"), $"using {name};\n" + Call, "net8.0"),
            "net10" => (Project("net10.0"), $"using {name};\n" + Call, "net10.0"),
            "nullable-off" => (Project("net10.0", "<Nullable>disable</Nullable>"), $"using {name};\n" + Call, "net10.0"),
            "analysis-all" => (Project("net10.0", "<AnalysisMode>All</AnalysisMode><GenerateDocumentationFile>true</GenerateDocumentationFile><EnforceCodeStyleInBuild>true</EnforceCodeStyleInBuild>"), $"using {name};\n" + Call, "net10.0"),
            "shadowed-names" => (Project("net10.0", "<ImplicitUsings>disable</ImplicitUsings>"), $"using {name};\n" + Call, "net10.0"),
            "own-namespace-and-client" => (Project("net10.0", "<XhsNamespace>Acme.Api</XhsNamespace><XhsClientName>AcmeClient</XhsClientName>"), "using Acme.Api;\n" + Call.Replace("XiaohongshuClient", "AcmeClient", StringComparison.Ordinal), "net10.0"),
            _ => (Project("net10.0", "<LangVersion>10</LangVersion>"), "System.Console.WriteLine(1);\n", "net10.0"),
        };
        var consumer = feed.NewConsumer(name, body, program);
        if (variant == "shadowed-names")
        {
            File.WriteAllText(Path.Combine(consumer, "Shadows.cs"), $$"""
                namespace {{name}}
                {
                    /// <summary>A user type named like a BCL type.</summary>
                    public sealed class Task { }
                    /// <summary>A user type named like a BCL type.</summary>
                    public sealed class HttpClient { }
                    /// <summary>A user type named like a BCL type.</summary>
                    public sealed class JsonException : System.Exception { }
                    /// <summary>A user type named like a BCL type.</summary>
                    public sealed class Uri { }
                    /// <summary>A user type named like a BCL type.</summary>
                    public static class Console { }
                }
                """);
        }

        var (code, build) = await DotnetCli.TryRunAsync(consumer, null, "build", "-c", "Release");

        if (variant == "csharp10")
        {
            Assert.NotEqual(0, code);
            Assert.Contains("error XHS0013", build, StringComparison.Ordinal);
            Assert.Contains("<LangVersion>11</LangVersion>", build, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"error CS\d{4}", build);
            return;
        }

        Assert.True(code == 0, build);
        await using var sandbox = await SandboxServer.StartAsync();
        var (runCode, output) = await DotnetCli.TryRunAsync(
            consumer,
            new Dictionary<string, string> { ["DOTNET_ROLL_FORWARD"] = "Major" },
            Path.Combine(consumer, "bin", "Release", framework, name + ".dll"), sandbox.BaseAddress.ToString(), SandboxOptions.DefaultToken);
        Assert.True(runCode == 0, output);
        Assert.Equal("20", output.Trim());
    }

    private static string Project(string framework, string extra = "")
        => $"""
            <PropertyGroup>
              <OutputType>Exe</OutputType>
              <TargetFramework>{framework}</TargetFramework>
              <Nullable>enable</Nullable>
              <ImplicitUsings>enable</ImplicitUsings>
              <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              {extra}
            </PropertyGroup>
            """;
}

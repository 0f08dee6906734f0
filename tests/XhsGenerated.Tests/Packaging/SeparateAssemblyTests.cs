using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Packaging;

/// <summary>
/// <c>&lt;XhsSeparateAssembly&gt;true&lt;/XhsSeparateAssembly&gt;</c> in a project that adds the packed
/// package: the documents' clients are compiled once into <c>Consumer.XhsClients.dll</c>, which the
/// project references, copies, lists in deps.json and publishes; a change to the project's own code
/// leaves that assembly alone, a change to a document or a sample (added or deleted) compiles it
/// again, and a broken document fails the build with the generator's located error.
/// </summary>
[Collection(nameof(PackedFeedCollection))]
public sealed class SeparateAssemblyTests(PackedFeed packed)
{
    [Fact]
    public async Task The_clients_are_compiled_once_into_their_own_assembly_and_again_only_when_a_document_changes()
    {
        var consumer = packed.NewConsumer("Consumer" + Guid.NewGuid().ToString("N")[..6], """
            <PropertyGroup>
              <OutputType>Exe</OutputType>
              <TargetFramework>net10.0</TargetFramework>
              <Nullable>enable</Nullable>
              <ImplicitUsings>enable</ImplicitUsings>
              <AssemblyName>Consumer</AssemblyName>
              <RootNamespace>Consumer</RootNamespace>
              <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              <WarningsNotAsErrors>XHS0011</WarningsNotAsErrors>
              <XhsSeparateAssembly>true</XhsSeparateAssembly>
            </PropertyGroup>
            """, Program("response.Data!.Users.Count"));
        var document = Path.Combine(consumer, "openapi", "user-search-v2-en.json");
        var clients = Path.Combine(consumer, "obj", "Release", "net10.0", "xhs", "Consumer.XhsClients.dll");
        var output = Path.Combine(consumer, "bin", "Release", "net10.0");

        await DotnetCli.RunAsync(consumer, "build", "-c", "Release");
        Assert.Equal(["Consumer.XhsClients", "20"], await PackedFeed.RunOnSandboxAsync(consumer, Path.Combine(output, "Consumer.dll"), document));
        Assert.True(File.Exists(Path.Combine(output, "Consumer.XhsClients.dll")));
        Assert.Contains("Consumer.XhsClients", await File.ReadAllTextAsync(Path.Combine(output, "Consumer.deps.json")), StringComparison.Ordinal);

        // The project's own code changes: the clients assembly is up to date and not compiled again.
        var compiled = File.GetLastWriteTimeUtc(clients);
        await File.AppendAllTextAsync(Path.Combine(consumer, "Program.cs"), "\n// touched\n");
        var rebuild = await DotnetCli.RunAsync(consumer, "build", "-c", "Release", "--no-restore", "-v:n");
        Assert.Contains("Skipping target \"_XhsCompileSeparateClientsCore\" because all output files are up-to-date", rebuild, StringComparison.Ordinal);
        Assert.Equal(compiled, File.GetLastWriteTimeUtc(clients));

        // A sample widens a type: compiled again with it, and again without it once it is deleted.
        var node = JsonNode.Parse(await File.ReadAllTextAsync(document))!;
        var example = node["paths"]!["/api/xiaohongshu/search-user/v2"]!["get"]!["responses"]!["default"]!["content"]!["application/json"]!["example"]!;
        var sampled = example.DeepClone();
        sampled["data"]!["users"]![0]!["sample_only"] = 1;
        var sample = Path.Combine(consumer, "openapi", "samples", "getSearchUserV2", "kept.json");
        Directory.CreateDirectory(Path.GetDirectoryName(sample)!);
        await File.WriteAllTextAsync(sample, sampled.ToJsonString());
        var docs = Path.ChangeExtension(clients, ".xml");
        await DotnetCli.RunAsync(consumer, "build", "-c", "Release", "--no-restore");
        Assert.Contains(".SampleOnly", await File.ReadAllTextAsync(docs), StringComparison.Ordinal);
        File.Delete(sample);
        await DotnetCli.RunAsync(consumer, "build", "-c", "Release", "--no-restore");
        Assert.DoesNotContain(".SampleOnly", await File.ReadAllTextAsync(docs), StringComparison.Ordinal);

        // A reference whose file is older than the assembly, as a package upgrade brings (NuGet keeps the
        // files' dates): the list of inputs changed, so the clients are compiled again against it.
        var old = Path.Combine(consumer, "Old.dll");
        Assert.True(CSharpCompilation.Create("Old", [CSharpSyntaxTree.ParseText("public static class Old { }")], Basic.Reference.Assemblies.Net100.References.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)).Emit(old).Success);
        var targets = Path.Combine(consumer, "Directory.Build.targets");
        await File.WriteAllTextAsync(targets, $"""<Project><ItemGroup><Reference Include="{old}" /></ItemGroup></Project>""");
        var longAgo = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(old, longAgo);
        File.SetLastWriteTimeUtc(targets, longAgo);
        var upgraded = await DotnetCli.RunAsync(consumer, "build", "-c", "Release", "--no-restore", "-v:n");
        Assert.DoesNotContain("Skipping target \"_XhsCompileSeparateClientsCore\"", upgraded, StringComparison.Ordinal);
        compiled = File.GetLastWriteTimeUtc(clients);

        // The vendor adds a field: the assembly is compiled again and the code that uses the field builds,
        // and publishes with the assembly beside it.
        foreach (var user in example["data"]!["users"]!.AsArray())
        {
            user!["fans_count"] = 4321;
        }

        await File.WriteAllTextAsync(document, node.ToJsonString());
        await File.WriteAllTextAsync(Path.Combine(consumer, "Program.cs"), Program("response.Data!.Users[0].FansCount"));
        var publish = Path.Combine(consumer, "pub");
        var published = await DotnetCli.RunAsync(consumer, "publish", "-c", "Release", "--no-restore", "-o", publish, "-v:n");
        Assert.DoesNotContain("Skipping target \"_XhsCompileSeparateClientsCore\"", published, StringComparison.Ordinal);
        Assert.True(File.GetLastWriteTimeUtc(clients) > compiled);
        Assert.Equal(["Consumer.XhsClients", "4321"], await PackedFeed.RunOnSandboxAsync(consumer, Path.Combine(publish, "Consumer.dll"), document));

        // A broken document fails the build with the generator's error, located in the document.
        await File.WriteAllTextAsync(document, "{ \"openapi\": \"3.1.0\", \"paths\": ");
        var (exitCode, broken) = await DotnetCli.TryRunAsync(consumer, null, "build", "-c", "Release", "--no-restore");
        Assert.NotEqual(0, exitCode);
        Assert.Matches(@"user-search-v2-en\.json\(\d+,\d+\): error XHS0001", broken);
    }

    [Fact]
    public async Task A_library_with_the_setting_hands_its_clients_assembly_to_the_projects_that_reference_it_and_to_its_package()
    {
        // With XhsShareModels too: the package's props hand that setting to the clients' own compilation.
        var name = "CatalogLib" + Guid.NewGuid().ToString("N")[..6];
        var library = packed.NewConsumer(name, """
            <PropertyGroup>
              <TargetFramework>net10.0</TargetFramework>
              <Nullable>enable</Nullable>
              <XhsSeparateAssembly>true</XhsSeparateAssembly>
              <XhsShareModels>true</XhsShareModels>
            </PropertyGroup>
            """, "");
        var app = Directory.CreateDirectory(Path.Combine(packed.Work, name + "App")).FullName;
        packed.Isolate(app);
        await File.WriteAllTextAsync(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{Path.Combine(library, name + ".csproj")}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), Program("((IReadOnlyList<XiaohongshuUser>)response.Data!.Users).Count").Replace("using Consumer;", $"using {name};", StringComparison.Ordinal));

        await DotnetCli.RunAsync(app, "build", "-c", "Release");
        var document = Path.Combine(library, "openapi", "user-search-v2-en.json");
        Assert.Equal([name + ".XhsClients", "20"], await PackedFeed.RunOnSandboxAsync(app, Path.Combine(app, "bin", "Release", "net10.0", "App.dll"), document));

        await DotnetCli.RunAsync(library, "pack", "-c", "Release", "--no-build", "-o", Path.Combine(library, "nupkg"));
        using var package = System.IO.Compression.ZipFile.OpenRead(Directory.GetFiles(Path.Combine(library, "nupkg"), "*.nupkg").Single());
        var entries = package.Entries.Select(e => e.FullName).ToList();
        Assert.Contains($"lib/net10.0/{name}.dll", entries);
        Assert.Contains($"lib/net10.0/{name}.XhsClients.dll", entries);
        Assert.Contains($"lib/net10.0/{name}.XhsClients.xml", entries);
    }

    [Fact]
    public async Task Asking_for_it_without_the_generator_is_a_build_error_that_says_what_to_add()
    {
        var project = Directory.CreateDirectory(Path.Combine(packed.Work, "nogenerator-" + Guid.NewGuid().ToString("N")[..6])).FullName;
        packed.Isolate(project);
        var buildTransitive = Path.Combine(DotnetCli.RepositoryRoot, "packaging", "XhsGenerated", "buildTransitive");
        await File.WriteAllTextAsync(Path.Combine(project, "NoGenerator.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{buildTransitive}/XhsGenerated.props" />
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <XhsSeparateAssembly>true</XhsSeparateAssembly>
              </PropertyGroup>
              <Import Project="{buildTransitive}/XhsGenerated.targets" />
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(project, "Use.cs"), "internal static class Use { }");
        Directory.CreateDirectory(Path.Combine(project, "openapi"));
        File.Copy(Path.Combine(DotnetCli.RepositoryRoot, "openapi", "user-search-v2-en.json"), Path.Combine(project, "openapi", "user-search-v2-en.json"));

        var (exitCode, output) = await DotnetCli.TryRunAsync(project, null, "build", "-c", "Release");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("error XHS1003: XhsSeparateAssembly is set, but the project has no XhsGenerated.Generator analyzer", output, StringComparison.Ordinal);
    }

    private static string Program(string printed) => $$"""
        using Consumer;
        using XhsGenerated;

        Console.WriteLine(typeof(XiaohongshuClient).Assembly.GetName().Name);
        using var client = new XiaohongshuClient(new JustOneApiOptions { Token = args[1], BaseAddress = new Uri(args[0]) });
        var response = await client.SearchUserV2Async("穿搭");
        Console.WriteLine({{printed}});
        """;
}

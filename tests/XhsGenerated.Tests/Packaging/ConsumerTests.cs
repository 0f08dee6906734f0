using System.IO.Compression;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using XhsGenerated.Sandbox;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Packaging;

/// <summary>
/// The product as a user gets it: packages packed with a unique version into a folder feed, a fresh
/// console project outside the repository that adds one package and the vendor's document, built
/// and run against the sandbox; then the document changes and the client follows.
/// </summary>
[Collection(nameof(PackedFeedCollection))]
public sealed class ConsumerTests(PackedFeed packed)
{
    private readonly string _work = Directory.CreateDirectory(Path.Combine(packed.Work, "consumer-" + Guid.NewGuid().ToString("N")[..6])).FullName;
    private readonly string _version = packed.Version;

    [Fact]
    public async Task A_project_outside_the_repository_builds_a_typed_client_from_the_packages_and_follows_document_changes()
    {
        var feed = packed.Folder;

        AssertPackageLayout(Path.Combine(feed, $"XhsGenerated.{_version}.nupkg"));
        AssertSymbols(Path.Combine(feed, $"XhsGenerated.{_version}.nupkg"), "analyzers/dotnet/cs/XhsGenerated.Generator.dll");
        AssertSymbols(Path.Combine(feed, $"XhsGenerated.Runtime.{_version}.nupkg"), "lib/net8.0/XhsGenerated.Runtime.dll");

        var consumer = Directory.CreateDirectory(Path.Combine(_work, "Consumer")).FullName;
        WriteConsumer(consumer, feed, printFans: false);
        var document = Path.Combine(consumer, "openapi", "user-search-v2-en.json");
        Directory.CreateDirectory(Path.GetDirectoryName(document)!);
        File.Copy(Path.Combine(DotnetCli.RepositoryRoot, "openapi", "user-search-v2-en.json"), document);

        var lines = await BuildAndRunAsync(consumer, document);
        Assert.Equal(20, lines.Length);
        Assert.All(lines, line => Assert.Matches(@"^[0-9a-f]{24}\t\d{11}\t.+$", line));
        var output = Path.Combine(consumer, "bin", "Release", "net10.0");
        Assert.Contains("XhsGenerated.Runtime.dll", Directory.GetFiles(output).Select(Path.GetFileName));
        Assert.DoesNotContain(Directory.GetFiles(output).Select(Path.GetFileName), f => f!.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) || f == "Microsoft.OpenApi.dll" || f == "XhsGenerated.Generator.dll");

        // Before the update, today's example is kept as a sample (what `xhs freeze` writes); the
        // package's buildTransitive files pick it up with no project line.
        var node = JsonNode.Parse(await File.ReadAllTextAsync(document))!;
        var example = node["paths"]!["/api/xiaohongshu/search-user/v2"]!["get"]!["responses"]!["default"]!["content"]!["application/json"]!["example"]!;
        Directory.CreateDirectory(Path.Combine(consumer, "openapi", "samples", "getSearchUserV2"));
        await File.WriteAllTextAsync(Path.Combine(consumer, "openapi", "samples", "getSearchUserV2", "example-1.json"), example.ToJsonString());

        // The vendor adds a field to the users and the new example lacks 'desc': drop in the new
        // document, rebuild, and the new field is there while Desc, kept by the sample, still is
        // (this time in a namespace set once for all documents with the XhsNamespace property).
        var users = example["data"]!["users"]!.AsArray();
        foreach (var user in users)
        {
            user!["fans_count"] = 4321;
            user.AsObject().Remove("desc");
        }

        await File.WriteAllTextAsync(document, node.ToJsonString());
        WriteConsumer(consumer, feed, printFans: true);
        lines = await BuildAndRunAsync(consumer, document);
        Assert.Equal(20, lines.Length);
        Assert.All(lines, line => Assert.Matches(@"\t小红书号:\d{11}[^\t]*\t4321$", line));

        // XhsCheckOpenApi: the build compares each document with its source (from the lock file) and
        // warns when the vendor serves another one; without the switch nothing is fetched.
        var served = new SandboxOptions();
        served.Documents.Add(Path.Combine(DotnetCli.RepositoryRoot, "openapi", "user-search-v2-en.json"));
        await using var vendor = await SandboxServer.StartAsync(served);
        await File.WriteAllTextAsync(Path.Combine(consumer, "openapi", "openapi.lock.json"), $$"""
            { "format": "xhs-openapi-lock/1", "documents": { "user-search-v2-en.json": { "source": "{{vendor.BaseAddress}}openapi/xiaohongshu-apis/user-search-v2-en.json", "sha256": "", "fetchedAt": "2026-12-01T00:00:00Z" } } }
            """);
        var quiet = await DotnetCli.RunAsync(consumer, "build", "-c", "Release");
        var fetchedByQuiet = vendor.Stats.Documents.Requests;
        var checkedBuild = await DotnetCli.RunAsync(consumer, "build", "-c", "Release", "-p:XhsCheckOpenApi=true");
        Assert.DoesNotContain("XHS1001", quiet, StringComparison.Ordinal);
        Assert.Equal((0, 1), (fetchedByQuiet, vendor.Stats.Documents.Requests));
        Assert.Contains("XHS1001", checkedBuild, StringComparison.Ordinal);
        Assert.Contains("user-search-v2-en.json changed at its source", checkedBuild, StringComparison.Ordinal);
    }

    private static async Task<string[]> BuildAndRunAsync(string consumer, string document)
    {
        await DotnetCli.RunAsync(consumer, "build", "-c", "Release");
        return await PackedFeed.RunOnSandboxAsync(consumer, Path.Combine(consumer, "bin", "Release", "net10.0", "Consumer.dll"), document);
    }

    private void WriteConsumer(string directory, string feed, bool printFans)
    {
        packed.Isolate(directory);
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $$"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                {{(printFans ? "<XhsNamespace>Consumer.JustOneApi</XhsNamespace><WarningsNotAsErrors>XHS0011</WarningsNotAsErrors>" : "")}}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="XhsGenerated" Version="{{_version}}" />
              </ItemGroup>
            </Project>
            """);
        var fans = printFans ? "\\t{user.Desc}\\t{user.FansCount}" : "";
        File.WriteAllText(Path.Combine(directory, "Program.cs"), $$"""
            using {{(printFans ? "Consumer.JustOneApi" : "Consumer")}};
            using XhsGenerated;

            using var client = new XiaohongshuClient(new JustOneApiOptions { Token = args[1], BaseAddress = new Uri(args[0]) });
            var response = await client.SearchUserV2Async("穿搭");
            foreach (var user in response.Data!.Users)
            {
                Console.WriteLine($"{user.Id}\t{user.RedId}\t{user.Name}{{fans}}");
            }
            """);
    }

    /// <summary>The assembly carries a portable PDB with every source file embedded, and was built deterministically.</summary>
    private static void AssertSymbols(string package, string entry)
    {
        using var zip = ZipFile.OpenRead(package);
        using var copy = new MemoryStream();
        using (var stream = zip.GetEntry(entry)!.Open())
        {
            stream.CopyTo(copy);
        }

        copy.Position = 0;
        using var pe = new System.Reflection.PortableExecutable.PEReader(copy);
        var debug = pe.ReadDebugDirectory();
        Assert.Contains(debug, e => e.Type == System.Reflection.PortableExecutable.DebugDirectoryEntryType.Reproducible);
        var embedded = debug.Single(e => e.Type == System.Reflection.PortableExecutable.DebugDirectoryEntryType.EmbeddedPortablePdb);
        using var provider = pe.ReadEmbeddedPortablePdbDebugDirectoryData(embedded);
        var pdb = provider.GetMetadataReader();
        var embeddedSource = new Guid("0E8A571B-6926-466E-B4AD-8AB04611F5FE");
        var documents = pdb.Documents.Select(pdb.GetDocument).ToList();
        Assert.NotEmpty(documents);
        Assert.All(documents, document =>
        {
            var handle = pdb.Documents.First(h => pdb.GetDocument(h).Name == document.Name);
            Assert.Contains(pdb.GetCustomDebugInformation(handle), c => pdb.GetGuid(pdb.GetCustomDebugInformation(c).Kind) == embeddedSource);
        });
    }

    private void AssertPackageLayout(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("analyzers/dotnet/cs/XhsGenerated.Generator.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Microsoft.OpenApi.dll", entries);
        Assert.Contains("buildTransitive/XhsGenerated.props", entries);
        Assert.Contains("buildTransitive/XhsGenerated.targets", entries);
        Assert.DoesNotContain(entries, e => e.Contains("Microsoft.CodeAnalysis", StringComparison.Ordinal) || e.Contains("System.Collections.Immutable", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal));

        using var nuspec = zip.GetEntry("XhsGenerated.nuspec")!.Open();
        var metadata = XDocument.Load(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string)e.Attribute("id")!).ToList();
        Assert.Equal(new[] { "XhsGenerated.Runtime" }, dependencies);
        Assert.Equal("MIT", (string?)metadata.Elements().Single(e => e.Name.LocalName == "license"));
        Assert.NotNull(metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "readme"));
        // No placeholder: the package names no repository or project URL that is not ours.
        Assert.DoesNotContain(metadata.Descendants(), e => e.Name.LocalName is "projectUrl" || e.Attribute("url") is not null);
    }
}

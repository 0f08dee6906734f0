namespace XhsGenerated.Tests.Infrastructure;

/// <summary>
/// The two packages a user adds (XhsGenerated and XhsGenerated.Runtime), packed once per test run with a
/// unique version into a folder feed, and shared by every consumer test; removed from the package cache after.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    public string Work { get; } = Directory.CreateTempSubdirectory("xhs-feed-").FullName;

    public string Version { get; } = "1.0.0-t" + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string Folder => Path.Combine(Work, "feed");

    public async Task InitializeAsync()
    {
        foreach (var project in new[] { "packaging/XhsGenerated/XhsGenerated.csproj", "runtime/XhsGenerated.Runtime.csproj" })
        {
            await DotnetCli.RunAsync(DotnetCli.RepositoryRoot, "pack", project, "-c", "Release", "-o", Folder, "--artifacts-path", Path.Combine(Work, "artifacts"), $"-p:Version={Version}");
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Work, recursive: true);
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "xhsgenerated", "xhsgenerated.runtime" })
        {
            var folder = Path.Combine(cache, id, Version);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Runs a built consumer (<paramref name="assembly"/>: its DLL) against a sandbox serving <paramref name="document"/>, with the sandbox's address and token as its arguments; returns its output lines.</summary>
    public static async Task<string[]> RunOnSandboxAsync(string consumer, string assembly, string document)
    {
        var options = new XhsGenerated.Sandbox.SandboxOptions();
        options.Documents.Add(document);
        await using var sandbox = await XhsGenerated.Sandbox.SandboxServer.StartAsync(options);
        var output = await DotnetCli.RunAsync(consumer, assembly, sandbox.BaseAddress.ToString(), XhsGenerated.Sandbox.SandboxOptions.DefaultToken);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Makes a folder a consumer of its own: MSBuild looks no further up for Directory.*.props, and NuGet adds the feed.</summary>
    public void Isolate(string directory)
    {
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="xhs-local" value="{Folder}" />
              </packageSources>
            </configuration>
            """);
    }

    /// <summary>Writes a fresh consumer project folder: isolated from the repository's build files, restoring from the feed.</summary>
    public string NewConsumer(string name, string projectBody, string program)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Work, name)).FullName;
        Isolate(directory);
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), $$"""
            <Project Sdk="Microsoft.NET.Sdk">
              {{projectBody}}
              <ItemGroup>
                <PackageReference Include="XhsGenerated" Version="{{Version}}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), program);
        var openapi = Directory.CreateDirectory(Path.Combine(directory, "openapi")).FullName;
        File.Copy(Path.Combine(DotnetCli.RepositoryRoot, "openapi", "user-search-v2-en.json"), Path.Combine(openapi, "user-search-v2-en.json"));
        return directory;
    }
}

[CollectionDefinition(nameof(PackedFeedCollection))]
public sealed class PackedFeedCollection : ICollectionFixture<PackedFeed>
{
}

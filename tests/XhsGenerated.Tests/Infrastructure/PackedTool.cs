namespace XhsGenerated.Tests.Infrastructure;

/// <summary>
/// <c>xhs</c> packed once per test run as users get it: the tool's pointer package, its Native AOT
/// package for linux-x64 and its framework-dependent package for every other platform, in a folder feed,
/// and installed from there with <c>dotnet tool install</c>. The one AOT build of the run.
/// </summary>
public sealed class PackedTool : IAsyncLifetime
{
    public string Work { get; } = Directory.CreateTempSubdirectory("xhs-tool-").FullName;

    public string Version { get; } = "1.0.0-tool" + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string Feed => Path.Combine(Work, "feed");

    /// <summary>The output of the linux-x64 (Native AOT) pack, for its warnings.</summary>
    public string NativePackLog { get; private set; } = "";

    /// <summary>The installed <c>xhs</c> command.</summary>
    public string Command => Path.Combine(Work, "tools", "xhs");

    /// <summary>The native executable the install chose (the command is a link or shim to it).</summary>
    public string Native { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (!XhsGenerated.Tests.Packaging.NativeAotFactAttribute.CanLink)
        {
            return;
        }

        foreach (var rid in new[] { null, "linux-x64", "any" })
        {
            string[] args = ["pack", "cli/Xhs.Cli.csproj", "-c", "Release", "-o", Feed, "--artifacts-path", Path.Combine(Work, "artifacts-" + (rid ?? "pointer")), $"-p:Version={Version}"];
            var log = await DotnetCli.RunAsync(DotnetCli.RepositoryRoot, rid is null ? args : [.. args, "-r", rid]);
            NativePackLog = rid == "linux-x64" ? log : NativePackLog;
        }

        await DotnetCli.RunAsync(Work, "tool", "install", "--tool-path", Path.Combine(Work, "tools"), "xhs", "--add-source", Feed, "--version", Version);
        Native = Directory.GetFiles(Path.Combine(Work, "tools", ".store"), "xhs", SearchOption.AllDirectories).Single(f => f.Contains("linux-x64", StringComparison.Ordinal));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Work, recursive: true);
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "xhs", "xhs.linux-x64", "xhs.any" })
        {
            var folder = Path.Combine(cache, id, Version);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        return Task.CompletedTask;
    }
}

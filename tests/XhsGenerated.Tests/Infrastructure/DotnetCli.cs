using System.Diagnostics;

namespace XhsGenerated.Tests.Infrastructure;

/// <summary>Runs the dotnet CLI in a child process, clean of the test host's MSBuild environment.</summary>
internal static class DotnetCli
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static async Task<string> RunAsync(string workingDirectory, params string[] args)
    {
        var (exitCode, output) = await TryRunAsync(workingDirectory, null, args);
        Assert.True(exitCode == 0, $"dotnet {string.Join(' ', args)} failed ({exitCode}):\n{output}");
        return output;
    }

    /// <summary>Runs dotnet and returns its exit code and output (stdout, then stderr), whatever the code.</summary>
    public static async Task<(int ExitCode, string Output)> TryRunAsync(string workingDirectory, IDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The test host runs under MSBuild/VSTest: their variables would steer the child build.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase) || k == "DOTNET_HOST_PATH").ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "XhsGenerated.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
    }
}

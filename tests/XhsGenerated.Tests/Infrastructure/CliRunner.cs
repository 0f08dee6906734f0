using System.Diagnostics;
using System.Reflection;

namespace XhsGenerated.Tests.Infrastructure;

/// <summary>Runs the <c>xhs</c> CLI as a separate process, as a user would.</summary>
internal static class CliRunner
{
    /// <summary>The built xhs.dll, run with <c>dotnet</c>.</summary>
    public static readonly string CliPath = FindCli();

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Task<Result> RunAsync(IEnumerable<string> args, IDictionary<string, string?>? environment = null, string? workingDirectory = null)
        => RunToEndAsync(StartInfo("dotnet", args.Prepend(CliPath), environment, workingDirectory), "xhs");

    /// <summary>Runs another build of <c>xhs</c> (the native one, say), or any program, exactly as <see cref="RunAsync"/> runs the JIT build.</summary>
    public static Task<Result> RunExecutableAsync(string executable, IEnumerable<string> args)
        => RunToEndAsync(StartInfo(executable, args, null, null), Path.GetFileName(executable));

    /// <summary>Starts <c>xhs</c> with redirected output and no <c>JUSTONEAPI_TOKEN</c>; the caller ends it.</summary>
    public static Process Start(IEnumerable<string> args, IDictionary<string, string?>? environment = null, string? workingDirectory = null)
        => Process.Start(StartInfo("dotnet", args.Prepend(CliPath), environment, workingDirectory))!;

    private static async Task<Result> RunToEndAsync(ProcessStartInfo start, string name)
    {
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{name} did not finish within 2 minutes.");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    private static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> args, IDictionary<string, string?>? environment, string? workingDirectory)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("JUSTONEAPI_TOKEN");
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        return start;
    }

    private static string FindCli()
    {
        var configuration = typeof(CliRunner).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "XhsGenerated.sln")))
        {
            directory = directory.Parent;
        }

        var path = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("The repository root was not found."), "cli", "bin", configuration, "net10.0", "xhs.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build cli first.", path);
    }
}

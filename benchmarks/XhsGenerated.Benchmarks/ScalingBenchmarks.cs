using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Engines;
using XhsGenerated.Benchmarks.Client;
using XhsGenerated.Sandbox;

namespace XhsGenerated.Benchmarks;

/// <summary>What the limiter and the cache add to a call: the same call to the sandbox without them, through both limiters (never waiting), and as a cache hit.</summary>
[MemoryDiagnoser]
public class ScalingOverheadBenchmarks
{
    private SandboxServer _sandbox = null!;
    private XiaohongshuClient _plain = null!;
    private XiaohongshuClient _limited = null!;
    private XiaohongshuClient _cached = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sandbox = SandboxServer.StartAsync().GetAwaiter().GetResult();
        JustOneApiOptions Options() => new() { Token = SandboxOptions.DefaultToken, BaseAddress = _sandbox.BaseAddress };
        _plain = new XiaohongshuClient(Options());
        var limited = Options();
        limited.RequestsPerSecond = 1_000_000;
        limited.MaxConcurrentRequests = 64;
        _limited = new XiaohongshuClient(limited);
        var cached = Options();
        cached.CacheDurations["getSearchUserV2"] = TimeSpan.FromHours(1);
        _cached = new XiaohongshuClient(cached);
        _cached.SearchUserV2Async("穿搭").GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _plain.Dispose();
        _limited.Dispose();
        _cached.Dispose();
        _sandbox.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "call, no limiter, no cache")]
    public async Task<int> Plain() => (await _plain.SearchUserV2Async("穿搭")).Data!.Users.Count;

    [Benchmark(Description = "call through the rate and concurrency limiters")]
    public async Task<int> Limited() => (await _limited.SearchUserV2Async("穿搭")).Data!.Users.Count;

    [Benchmark(Description = "cache hit")]
    public async Task<int> CacheHit() => (await _cached.SearchUserV2Async("穿搭")).Data!.Users.Count;
}

/// <summary>
/// <c>xhs harvest --rate 50</c> as a user runs it, against the sandbox: 150 keywords × 2 pages with
/// 4 workers. The time is the whole process; the sustained rate, measured by the sandbox from its
/// first to its last request, is written to <c>harvest-rate.txt</c> beside the results (target ≥ 95 %
/// of 50/s).
/// </summary>
[Config(typeof(Config))]
public class HarvestThroughputBenchmarks
{
    /// <summary>Three runs of the whole process.</summary>
    private sealed class Config() : OwnJobConfig(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(0).WithIterationCount(3).WithId("Harvest"));

    private const int Keywords = 150;
    private const double Rate = 50;
    private static readonly List<double> Sustained = new();
    private SandboxServer _sandbox = null!;
    private string _folder = null!;
    private string _xhs = null!;

    [GlobalSetup]
    public void Setup()
    {
        _xhs = FindXhs();
        _folder = Directory.CreateTempSubdirectory("xhs-bench-harvest-").FullName;
        File.WriteAllLines(Path.Combine(_folder, "keywords.txt"), Enumerable.Range(1, Keywords).Select(i => "keyword " + i.ToString(CultureInfo.InvariantCulture)));
    }

    [IterationSetup]
    public void StartSandbox()
    {
        _sandbox = SandboxServer.StartAsync().GetAwaiter().GetResult();
        File.Delete(Path.Combine(_folder, "users.db"));
    }

    [IterationCleanup]
    public void StopSandbox()
    {
        var (first, last) = _sandbox.Stats.Arrivals;
        var requests = _sandbox.Stats.Total;
        Sustained.Add((requests - 1) / (last!.Value - first!.Value).TotalSeconds);
        _sandbox.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var text = string.Join(Environment.NewLine, Sustained.Select(r => string.Format(CultureInfo.InvariantCulture, "sustained {0:F2} requests/s = {1:P1} of --rate {2}", r, r / Rate, Rate)));
        Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
        File.WriteAllText(Path.Combine("BenchmarkDotNet.Artifacts", "harvest-rate.txt"), text + Environment.NewLine);
        Console.WriteLine(text);
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Description = "xhs harvest, 300 pages at --rate 50")]
    public void Harvest()
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = _folder };
        foreach (var arg in new[] { _xhs, "harvest", "--keywords", "keywords.txt", "--pages", "2", "--rate", "50", "--concurrency", "4", "--db", "users.db", "--endpoint", _sandbox.BaseAddress.ToString(), "--token", SandboxOptions.DefaultToken })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 || _sandbox.Stats.Total != Keywords * 2)
        {
            throw new InvalidOperationException($"xhs harvest failed ({process.ExitCode}, {_sandbox.Stats.Total} requests): {error.Result}");
        }
    }

    private static string FindXhs()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "XhsGenerated.sln")))
        {
            directory = directory.Parent;
        }

        var root = directory?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
        foreach (var configuration in new[] { "Release", "Debug" })
        {
            var path = Path.Combine(root, "cli", "bin", configuration, "net10.0", "xhs.dll");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidOperationException("Build cli first: dotnet build -c Release cli");
    }
}

/// <summary>Whether the command line names a job (<c>--job Dry</c>): then suites do not add their own.</summary>
internal static class OwnJobs
{
    public static bool JobGivenOnCommandLine { get; } = Environment.GetCommandLineArgs().Any(a => a is "--job" or "-j");
}

/// <summary>A suite's own job, added only when the command line names none (the CI's dry smoke run names one).</summary>
public abstract class OwnJobConfig : BenchmarkDotNet.Configs.ManualConfig
{
    protected OwnJobConfig(Job job)
    {
        if (!OwnJobs.JobGivenOnCommandLine)
        {
            AddJob(job);
        }
    }

    /// <summary>BenchmarkDotNet's cold start: <paramref name="launches"/> fresh processes, one run each.</summary>
    protected static Job ColdStart(int launches, string id)
        => Job.Default.WithStrategy(RunStrategy.ColdStart).WithLaunchCount(launches).WithWarmupCount(0).WithIterationCount(1).WithId(id);
}

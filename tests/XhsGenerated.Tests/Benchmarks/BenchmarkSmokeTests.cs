using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.BenchmarkSmoke;

/// <summary>
/// Every benchmark still builds and runs: BenchmarkDotNet's dry job, in process, once each. A smoke
/// run, not a timing: speed targets are read from real runs (docs/benchmarks.md), never asserted here.
/// </summary>
public sealed class BenchmarkSmokeTests
{
    [Fact]
    public async Task Every_benchmark_suite_runs_in_dry_mode()
    {
        // The monitoring suite on a small database (the real one is 1.5 M rows, docs/benchmarks.md).
        var (exitCode, output) = await DotnetCli.TryRunAsync(
            DotnetCli.RepositoryRoot,
            new Dictionary<string, string> { ["XHS_MONITORING_KEYWORDS"] = "20", ["XHS_MONITORING_RUNS"] = "3" },
            "run", "-c", "Release", "--project", "benchmarks/XhsGenerated.Benchmarks", "--",
            "--filter", "*", "--job", "Dry", "--inProcess");

        Assert.True(exitCode == 0, output);
        Assert.Contains("Found 62 benchmark(s) in total", output, StringComparison.Ordinal);
        foreach (var suite in new[] { "MonitoringBenchmarks", "ReaderBenchmarks", "GeneratorBenchmarks", "GeneratorColdBenchmarks", "IncrementalGeneratorBenchmarks", "GeneratorPhaseBenchmarks", "CallPathBenchmarks", "ScalingOverheadBenchmarks", "HarvestThroughputBenchmarks", "FirstCallBenchmarks", "LargePageCallBenchmarks" })
        {
            Assert.Contains(suite, output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("// ERROR", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_run_of_ten_thousand_calls_with_faults_keeps_the_contract_its_descriptors_and_its_heap()
    {
        // The full run is 100,000 calls with --strict (docs/benchmarks.md). This one checks the
        // contract, that no descriptor or socket leaks, and that the live heap does not grow with the
        // calls (the harness fails past 32 bytes a call; the leak it once had was about 110).
        var output = await DotnetCli.RunAsync(
            DotnetCli.RepositoryRoot,
            "run", "-c", "Release", "--project", "benchmarks/XhsGenerated.Benchmarks", "--", "--long-run", "10000");

        Assert.Matches(@"10000 calls in .*, 0 other exceptions", output);
        Assert.Matches(@"typed failures \(JustOneApiException\)", output);
        Assert.Matches(@"GC heap [+-][0-9.]+% \([+-][0-9.]+ bytes a call\)", output);
        Assert.Contains("\nok", output, StringComparison.Ordinal);
    }
}

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
        var output = await DotnetCli.RunAsync(
            DotnetCli.RepositoryRoot,
            "run", "-c", "Release", "--project", "benchmarks/XhsGenerated.Benchmarks", "--",
            "--filter", "*", "--job", "Dry", "--inProcess");

        Assert.Contains("Found 48 benchmark(s) in total", output, StringComparison.Ordinal);
        foreach (var suite in new[] { "ReaderBenchmarks", "GeneratorBenchmarks", "GeneratorColdBenchmarks", "IncrementalGeneratorBenchmarks", "CallPathBenchmarks", "ScalingOverheadBenchmarks", "HarvestThroughputBenchmarks", "FirstCallBenchmarks", "LargePageCallBenchmarks" })
        {
            Assert.Contains(suite, output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("// ERROR", output, StringComparison.Ordinal);
    }
}

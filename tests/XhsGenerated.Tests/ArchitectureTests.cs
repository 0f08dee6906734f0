using System.Text.RegularExpressions;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests;

/// <summary>docs/architecture.md stays true: every file it names exists, every call-path stage is named, no source file grows past 300 lines.</summary>
public sealed partial class ArchitectureTests
{
    private static readonly string Root = DotnetCli.RepositoryRoot;
    private static readonly string Map = File.ReadAllText(Path.Combine(Root, "docs", "architecture.md"));

    [Fact]
    public void Every_path_the_map_names_exists()
    {
        var paths = Backticked().Matches(Map).Select(m => m.Groups[1].Value)
            .Where(p => p.Contains('/', StringComparison.Ordinal) && !p.StartsWith('/') && !p.Contains('{', StringComparison.Ordinal) && !p.Contains('*', StringComparison.Ordinal))
            .Distinct()
            .ToList();

        Assert.True(paths.Count > 40, $"only {paths.Count} paths found");
        var missing = paths.Where(p => !File.Exists(Path.Combine(Root, p)) && !Directory.Exists(Path.Combine(Root, p))).ToList();
        Assert.True(missing.Count == 0, "docs/architecture.md names what is not there: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_call_path_stage_is_on_the_map_and_every_name_on_it_is_a_stage()
    {
        var stages = Directory.GetFiles(Path.Combine(Root, "runtime", "Http", "CallPath"), "*.cs").Select(Path.GetFileName).ToList();
        var diagram = Map[Map.IndexOf("SendAsync", StringComparison.Ordinal)..Map.IndexOf("```", Map.IndexOf("SendAsync", StringComparison.Ordinal), StringComparison.Ordinal)];
        var named = StageFile().Matches(diagram).Select(m => m.Value).Distinct().ToList();

        Assert.DoesNotContain(stages, s => !Map.Contains(s!, StringComparison.Ordinal));
        Assert.DoesNotContain(named, n => !stages.Contains(n) && !File.Exists(Path.Combine(Root, n)));
    }

    [Fact]
    public void No_source_file_is_over_300_lines()
    {
        // Every C# file of every project, tests and benchmarks included; not generated snapshots.
        var separator = Path.DirectorySeparatorChar;
        var files = new[] { "generator", "runtime", "redis", "sandbox", "cli", "benchmarks", "tests" }
            .SelectMany(folder => Directory.GetFiles(Path.Combine(Root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{separator}obj{separator}", StringComparison.Ordinal) && !f.Contains($"{separator}bin{separator}", StringComparison.Ordinal) && !f.EndsWith(".verified.cs", StringComparison.Ordinal) && !f.EndsWith(".received.cs", StringComparison.Ordinal))
            .ToList();

        var long_ = files.Select(f => (File: Path.GetRelativePath(Root, f), Lines: File.ReadLines(f).Count())).Where(f => f.Lines > 300).ToList();

        Assert.True(files.Count > 200, $"only {files.Count} files found");
        Assert.True(long_.Count == 0, string.Join(", ", long_.Select(f => $"{f.File} ({f.Lines} lines)")));
    }

    [GeneratedRegex("`([^`\\s]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex("[A-Za-z/]+\\.cs")]
    private static partial Regex StageFile();
}

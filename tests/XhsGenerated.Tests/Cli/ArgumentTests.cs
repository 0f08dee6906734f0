using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Cli;

/// <summary>Every <c>xhs</c> command checks its arguments before it starts a sandbox, writes a file or sends a request.</summary>
public sealed class ArgumentTests
{
    private static readonly string MissingFolder = Path.Combine(Path.GetTempPath(), "xhs-no-such-folder-" + Guid.NewGuid().ToString("N"));

    private static readonly string Keywords = TempFile("穿搭\n");

    private static readonly string EmptyKeywords = TempFile("\n# nothing\n");

    private static string TempFile(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), "xhs-args-" + Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllText(path, text);
        return path;
    }

    public static TheoryData<string[]> BadArguments => new()
    {
        new[] { "search", "" },
        new[] { "search", "   " },
        new[] { "search" },
        new[] { "search", "x", "--pages", "0" },
        new[] { "search", "x", "--pages", "-3" },
        new[] { "search", "x", "--pages", "many" },
        new[] { "search", "x", "--page", "0" },
        new[] { "search", "x", "--max-attempts", "0" },
        new[] { "search", "x", "--format", "xml" },
        new[] { "search", "x", "--endpoint", "not a url" },
        new[] { "search", "x", "--endpoint", "cn" },
        new[] { "search", "x", "--out", Path.Combine(MissingFolder, "users.csv") },
        new[] { "search", "x", "--out", Path.GetTempPath() },
        new[] { "search", "x", "--record", typeof(ArgumentTests).Assembly.Location },
        new[] { "search", "x", "--no-such-option" },
        new[] { "sandbox", "--urls", "http://example.com:5080" },
        new[] { "sandbox", "--urls", "not a url" },
        new[] { "sandbox", "--fault-301", "2" },
        new[] { "sandbox", "--fault-301", "0.6", "--fault-500", "0.6" },
        new[] { "sandbox", "--fault-code", "abc" },
        new[] { "sandbox", "--fault-code", "600:99" },
        new[] { "sandbox", "--rate-limit", "0" },
        new[] { "sandbox", "--daily-quota", "-1" },
        new[] { "sandbox", "--delay-ms", "-5" },
        new[] { "sandbox", "--replay", MissingFolder },
        new[] { "sandbox", "--openapi", Path.Combine(MissingFolder, "doc.json") },
        new[] { "sandbox", "--token", "" },
        new[] { "freeze", "--openapi", MissingFolder },
        new[] { "harvest" },
        new[] { "harvest", "--keywords", Path.Combine(MissingFolder, "kw.txt") },
        new[] { "harvest", "--keywords", EmptyKeywords },
        new[] { "harvest", "--keywords", Keywords, "--pages", "0" },
        new[] { "harvest", "--keywords", Keywords, "--rate", "0" },
        new[] { "harvest", "--keywords", Keywords, "--concurrency", "0" },
        new[] { "harvest", "--keywords", Keywords, "--db", Path.Combine(MissingFolder, "users.db") },
        new[] { "harvest", "--keywords", Keywords, "--db", "Port=5432;Database=x" },
        // A Redis that does not answer is not a bad argument: it is waited for, then exit 75 (DependencyFaultTests).
        new[] { "harvest", "--keywords", Keywords, "--redis", "127.0.0.1:1", "--redis-wait", "-1" },
        new[] { "mcp", "--cache", "-5" },
        new[] { "mcp", "--rate", "0" },
        new[] { "openapi", "update", "--format", "xml" },
        new[] { "openapi", "add", "ftp://example.com/a.json" },
        new[] { "no-such-command" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task A_bad_argument_exits_with_2_before_any_sandbox_starts(string[] args)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}\nstdout: {result.Stdout}\nstderr: {result.Stderr}");
        Assert.DoesNotContain("sandbox at", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Just One API sandbox on", result.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("xhs: ", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
        Assert.Single(result.Stderr.TrimEnd().Split('\n'));
    }
}

using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace XhsGenerated.Tests.Infrastructure;

/// <summary>
/// Snapshot checks in Verify's file convention: <c>Snapshots/{Class}.{Method}#{HintName}.verified.cs</c>
/// beside the test. A mismatch or a missing snapshot writes <c>.received.cs</c> and fails; set
/// <c>XHS_ACCEPT_SNAPSHOTS=1</c> (never honoured under CI) to accept received output instead.
/// </summary>
internal static class Snapshot
{
    private static bool Accept => Environment.GetEnvironmentVariable("XHS_ACCEPT_SNAPSHOTS") == "1" && Environment.GetEnvironmentVariable("CI") != "true";

    /// <summary>Checks every generated source of a run against its verified snapshot.</summary>
    public static void VerifyGenerated(GeneratorRunResult result, [CallerFilePath] string testFile = "", [CallerMemberName] string method = "")
    {
        var className = Path.GetFileNameWithoutExtension(testFile);
        var directory = Path.Combine(SourceDirectory(testFile), "Snapshots");
        Directory.CreateDirectory(directory);
        var prefix = $"{className}.{method}#";
        var failures = new List<string>();
        var expectedFiles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in result.GeneratedSources.OrderBy(s => s.HintName, StringComparer.Ordinal))
        {
            var baseName = prefix + Path.GetFileNameWithoutExtension(source.HintName);
            var verified = Path.Combine(directory, baseName + ".verified.cs");
            var received = Path.Combine(directory, baseName + ".received.cs");
            expectedFiles.Add(Path.GetFileName(verified));
            var actual = source.SourceText.ToString().Replace("\r\n", "\n");
            var expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
            if (expected == actual)
            {
                File.Delete(received);
                continue;
            }

            if (Accept)
            {
                File.WriteAllText(verified, actual);
                File.Delete(received);
                continue;
            }

            File.WriteAllText(received, actual);
            failures.Add(expected is null
                ? $"{Path.GetFileName(verified)} does not exist; see {Path.GetFileName(received)}."
                : $"{Path.GetFileName(verified)} differs at line {FirstDifference(expected, actual)}; see {Path.GetFileName(received)}.");
        }

        foreach (var stale in Directory.GetFiles(directory, prefix + "*.verified.cs").Select(Path.GetFileName).Where(f => !expectedFiles.Contains(f!)))
        {
            if (Accept)
            {
                File.Delete(Path.Combine(directory, stale!));
            }
            else
            {
                failures.Add($"{stale} is no longer generated.");
            }
        }

        Assert.True(failures.Count == 0, "Snapshot mismatch (accept with XHS_ACCEPT_SNAPSHOTS=1):\n" + string.Join("\n", failures));
    }

    /// <summary>
    /// The test file's folder. Deterministic CI builds map source paths to <c>/_/</c>: those are
    /// resolved against the repository root.
    /// </summary>
    private static string SourceDirectory(string testFile)
    {
        const string MappedRoot = "/_/";
        var path = testFile.StartsWith(MappedRoot, StringComparison.Ordinal)
            ? Path.Combine(DotnetCli.RepositoryRoot, testFile[MappedRoot.Length..])
            : testFile;
        return Path.GetDirectoryName(path)!;
    }

    private static int FirstDifference(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            if (a[i] != b[i])
            {
                return i + 1;
            }
        }

        return Math.Min(a.Length, b.Length) + 1;
    }
}

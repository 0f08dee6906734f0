using System.Text;
using System.Text.RegularExpressions;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests;

/// <summary>
/// README.md and docs/ stay true: every relative link points at a file that exists (and at a heading
/// that exists, when it names one), and every shell command they show names a command that exists:
/// an <c>xhs</c> command and its options as <c>xhs --help</c> lists them, a project or script that is
/// there, or a tool a user has.
/// </summary>
public sealed partial class DocumentationTests
{
    private static readonly string Root = DotnetCli.RepositoryRoot;

    /// <summary>What the shell blocks may run besides xhs and dotnet.</summary>
    private static readonly HashSet<string> Tools = new(StringComparer.Ordinal) { "mkdir", "cp", "for", "printf", "curl", "bash", "cd", "git" };

    private static IEnumerable<string> Pages()
        => Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Prepend(Path.Combine(Root, "README.md")).Order(StringComparer.Ordinal);

    [Fact]
    public void Every_relative_link_points_at_a_file_and_a_heading_that_exist()
    {
        var broken = new List<string>();
        var links = 0;
        foreach (var page in Pages())
        {
            var text = WithoutCode(File.ReadAllText(page));
            foreach (Match link in Link().Matches(text))
            {
                var target = link.Groups[1].Value;
                if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
                {
                    continue;
                }

                links++;
                var (file, anchor) = target.Split('#', 2) is [var f, var a] ? (f, a) : (target, null);
                var path = file.Length == 0 ? page : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, Uri.UnescapeDataString(file)));
                var where = $"{Path.GetRelativePath(Root, page)}: ({target})";
                if (!File.Exists(path) && !Directory.Exists(path))
                {
                    broken.Add(where + " points at nothing");
                }
                else if (anchor is not null && path.EndsWith(".md", StringComparison.Ordinal) && !Anchors(File.ReadAllText(path)).Contains(anchor))
                {
                    broken.Add(where + " names a heading that is not there");
                }
            }
        }

        Assert.True(links > 10, $"only {links} relative links found");
        Assert.True(broken.Count == 0, string.Join("\n", broken));
    }

    [Fact]
    public async Task Every_shell_command_names_a_command_that_exists()
    {
        var help = await HelpAsync([]);
        var commands = CommandList(help);
        Assert.Contains("harvest", commands);
        var wrong = new List<string>();
        var checkedLines = 0;
        foreach (var page in Pages())
        {
            foreach (var line in ShellLines(File.ReadAllText(page)))
            {
                checkedLines++;
                var problem = await CheckAsync(line, commands);
                if (problem is not null)
                {
                    wrong.Add($"{Path.GetRelativePath(Root, page)}: `{line}`: {problem}");
                }
            }
        }

        Assert.True(checkedLines > 20, $"only {checkedLines} shell lines found");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static async Task<string?> CheckAsync(string line, HashSet<string> commands)
    {
        var words = Words(line).SkipWhile(w => EnvironmentAssignment().IsMatch(w)).ToList();
        if (words.Count == 0)
        {
            return null;
        }

        switch (words[0])
        {
            case "xhs":
                return await CheckXhsAsync(words.Skip(1).ToList(), commands);
            case "dotnet" when words.Count > 1 && words[1] == "run":
                var project = words.SkipWhile(w => w != "--project").Skip(1).FirstOrDefault();
                if (project is null || !Directory.Exists(Path.Combine(Root, project)))
                {
                    return $"no project folder '{project}'";
                }

                return project == "cli" ? await CheckXhsAsync(words.SkipWhile(w => w != "--").Skip(1).ToList(), commands) : null;
            case "dotnet":
                return words.Count > 1 && new[] { "test", "build", "pack", "publish", "add", "tool" }.Contains(words[1]) ? null : $"'dotnet {words.ElementAtOrDefault(1)}' is not a command these docs should need";
            case "bash":
                return words.Count > 1 && File.Exists(Path.Combine(Root, words[1])) ? null : $"no script '{words.ElementAtOrDefault(1)}'";
            default:
                return Tools.Contains(words[0]) ? null : $"'{words[0]}' is no command xhs, dotnet or a shell has";
        }
    }

    /// <summary>An xhs command line: its command (and subcommand) exist, and each option it gives is in that command's help.</summary>
    private static async Task<string?> CheckXhsAsync(List<string> words, HashSet<string> commands)
    {
        var path = new List<string>();
        var available = commands;
        foreach (var word in words.TakeWhile(w => !w.StartsWith('-')))
        {
            if (available.Count == 0)
            {
                break;
            }

            if (!available.Contains(word))
            {
                return $"xhs {string.Join(" ", path.Append(word))} is not a command ({string.Join(", ", available.Order(StringComparer.Ordinal))})";
            }

            path.Add(word);
            available = CommandList(await HelpAsync(path));
        }

        if (path.Count == 0)
        {
            return "names no xhs command";
        }

        var help = await HelpAsync(path);
        var unknown = words.Where(w => w.StartsWith("--", StringComparison.Ordinal) && w.Length > 2).Select(w => w.Split('=')[0]).Where(o => !Regex.IsMatch(help, $@"(^|[\s,]){Regex.Escape(o)}([\s,<]|$)", RegexOptions.Multiline)).ToList();
        return unknown.Count == 0 ? null : $"xhs {string.Join(" ", path)} has no option {string.Join(", ", unknown)}";
    }

    private static readonly Dictionary<string, string> HelpCache = new(StringComparer.Ordinal);

    private static async Task<string> HelpAsync(List<string> path)
    {
        var key = string.Join(" ", path);
        if (!HelpCache.TryGetValue(key, out var help))
        {
            var result = await CliRunner.RunAsync(path.Append("--help"));
            Assert.True(result.ExitCode == 0, $"xhs {key} --help: {result.Stderr}");
            HelpCache[key] = help = result.Stdout;
        }

        return help;
    }

    /// <summary>The commands a help text lists under "Commands:".</summary>
    private static HashSet<string> CommandList(string help)
    {
        var start = help.IndexOf("Commands:", StringComparison.Ordinal);
        if (start < 0)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        return help[start..].Split('\n').Skip(1).TakeWhile(l => l.Length == 0 || l.StartsWith("  ", StringComparison.Ordinal))
            .Select(l => l.Trim().Split(' ')[0]).Where(w => w.Length > 0).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The lines of every sh/bash/shell code block: continuations joined, comments and blank lines left out.</summary>
    private static IEnumerable<string> ShellLines(string markdown)
    {
        foreach (Match block in ShellBlock().Matches(markdown))
        {
            var joined = new StringBuilder();
            foreach (var raw in block.Groups[1].Value.Split('\n'))
            {
                var line = raw.Trim();
                if (line.EndsWith('\\'))
                {
                    joined.Append(line[..^1]).Append(' ');
                    continue;
                }

                joined.Append(line);
                var whole = joined.ToString().Trim();
                joined.Clear();
                var comment = whole.IndexOf(" #", StringComparison.Ordinal);
                whole = (comment >= 0 ? whole[..comment] : whole).Trim();
                if (whole.Length > 0 && !whole.StartsWith('#'))
                {
                    yield return whole;
                }
            }
        }
    }

    /// <summary>Shell words, quotes removed, split at spaces outside quotes.</summary>
    private static IEnumerable<string> Words(string line)
    {
        var word = new StringBuilder();
        char? quote = null;
        foreach (var c in line)
        {
            if (quote is null && c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == quote)
            {
                quote = null;
            }
            else if (quote is null && c == ' ')
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }
            }
            else
            {
                word.Append(c);
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    /// <summary>GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces as hyphens.</summary>
    private static HashSet<string> Anchors(string markdown)
        => Heading().Matches(WithoutCode(markdown))
            .Select(m => new string(m.Groups[1].Value.Trim().ToLowerInvariant().Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_').ToArray()).Replace(' ', '-'))
            .ToHashSet(StringComparer.Ordinal);

    private static string WithoutCode(string markdown) => CodeBlock().Replace(markdown, "");

    [GeneratedRegex(@"!?\[[^\]]*\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"```(?:sh|bash|shell)\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    [GeneratedRegex(@"```.*?```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"(?m)^#{1,6} (.+)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^[A-Z_][A-Z0-9_]*=")]
    private static partial Regex EnvironmentAssignment();
}

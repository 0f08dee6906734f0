using System.CommandLine;
using Xhs.Cli.Store;

namespace Xhs.Cli.Overlap;

/// <summary><c>xhs overlap</c>: the users several keywords share in one run, and the keyword pairs that share the most.</summary>
internal static class OverlapCommand
{
    private static readonly Option<string> Db = RunChoice.DbOption();
    private static readonly Option<int?> Run = RunChoice.RunOption("--run", "The run (default: the last finished).");
    private static readonly Option<int> MinKeywords = new("--min-keywords") { Description = "Users found under at least this many keywords.", DefaultValueFactory = _ => 2 };
    private static readonly Option<int> Top = new("--top") { Description = "At most this many users and this many keyword pairs (0: all).", DefaultValueFactory = _ => 50 };
    private static readonly Option<string> Format = RunChoice.FormatOption();

    private static readonly string[] Columns = { "kind", "user_id", "name", "keyword_count", "best_rank", "keywords", "first_keyword", "second_keyword", "shared", "jaccard" };

    public static Command Create()
    {
        var command = new Command("overlap", "Competitor and related-profile discovery in one run: users found under several keywords, and the keyword pairs that reach the same creators.") { Db, Run, MinKeywords, Top, Format };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var db = parse.GetValue(Db)!;
        var format = Shared.Rows.ParseFormat(parse.GetValue(Format));
        var minKeywords = parse.GetValue(MinKeywords);
        var top = parse.GetValue(Top);
        if (minKeywords < 1 || top < 0)
        {
            throw new ArgumentException("--min-keywords must be at least 1 and --top at least 0 (0: all).");
        }

        await using var database = await HarvestDatabase.OpenExistingAsync(db, cancellationToken).ConfigureAwait(false);
        var history = new RunHistory(database);
        var runs = await history.RunsAsync(cancellationToken).ConfigureAwait(false);
        var run = parse.GetValue(Run) is { } id ? RunChoice.Named(runs, id, "--run", db) : RunChoice.LastFinished(runs) ?? throw RunChoice.TooFew(runs, 1, db);
        var snapshot = await history.SnapshotAsync(run, null, cancellationToken).ConfigureAwait(false);
        var users = Limit(OverlapAnalysis.Users(snapshot, minKeywords), top);
        var pairs = Limit(OverlapAnalysis.Pairs(snapshot), top);
        var userRows = users.Select(u => new object?[] { "user", u.UserId, u.Name, u.Keywords.Count, u.BestRank, u.Keywords.Select(k => $"{k.Keyword} #{k.Rank}").ToList(), null, null, null, null }).ToList();
        var pairRows = pairs.Select(p => new object?[] { "pair", null, null, null, null, null, p.First, p.Second, p.Shared, p.Jaccard }).ToList();
        if (format is Shared.RowFormat.Table or Shared.RowFormat.Markdown)
        {
            // For people: two tables, each with its own columns.
            Shared.Rows.Write(Columns[1..6], userRows.Select(r => r[1..6]).ToList(), format, Console.Out);
            Console.Out.WriteLine();
            Shared.Rows.Write(Columns[6..], pairRows.Select(r => r[6..]).ToList(), format, Console.Out);
        }
        else
        {
            // For programs: one list, each row's kind saying which members apply.
            Shared.Rows.Write(Columns, userRows.Concat(pairRows).ToList(), format, Console.Out);
        }
        Console.Error.WriteLine($"Run {run.Id} ({run.StartedAt}): {users.Count} user(s) under at least {minKeywords} keyword(s), {pairs.Count} keyword pair(s) sharing users{(top > 0 ? $" (at most {top} of each: --top)" : "")}.");
        return 0;
    }

    private static List<T> Limit<T>(List<T> items, int top) => top == 0 ? items : items.Take(top).ToList();
}

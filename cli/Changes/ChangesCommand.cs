using System.CommandLine;
using Xhs.Cli.Store;

namespace Xhs.Cli.Changes;

/// <summary><c>xhs changes</c>: what changed between two runs (by default the last two finished).</summary>
internal static class ChangesCommand
{
    /// <summary>The exit code of <c>--check</c> when something changed (as <c>openapi update --check</c>).</summary>
    public const int Changed = 3;

    private static readonly Option<string> Db = RunChoice.DbOption();
    private static readonly Option<int?> From = RunChoice.RunOption("--from", "The earlier run (default: the finished run before --to).");
    private static readonly Option<int?> To = RunChoice.RunOption("--to", "The later run (default: the last finished run).");
    private static readonly Option<string?> Keyword = new("--keyword") { Description = "Only this keyword." };
    private static readonly Option<string> Format = RunChoice.FormatOption();
    private static readonly Option<bool> Check = new("--check") { Description = "Exit 3 when anything changed (0 when nothing did)." };

    public static Command Create()
    {
        var command = new Command("changes", "What changed between two harvest runs: users new, gone and moved under each keyword, and profile changes.") { Db, From, To, Keyword, Format, Check };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var db = parse.GetValue(Db)!;
        var format = Shared.Rows.ParseFormat(parse.GetValue(Format));
        var keyword = parse.GetValue(Keyword);
        await using var database = await HarvestDatabase.OpenExistingAsync(db, cancellationToken).ConfigureAwait(false);
        var history = new RunHistory(database);
        var (from, to) = Choose(await history.RunsAsync(cancellationToken).ConfigureAwait(false), parse.GetValue(From), parse.GetValue(To), db);
        var changes = ChangeList.Compute(
            await history.SnapshotAsync(from, keyword, cancellationToken).ConfigureAwait(false),
            await history.SnapshotAsync(to, keyword, cancellationToken).ConfigureAwait(false));
        Shared.Rows.Write(ChangeList.Columns, changes.Select(ChangeList.Row).ToList(), format, Console.Out);
        var counts = string.Join(", ", new[] { "new", "gone", "moved", "profile" }.Select(k => $"{changes.Count(c => c.Kind == k)} {k}"));
        Console.Error.WriteLine($"From run {from.Id} ({from.StartedAt}) to run {to.Id} ({to.StartedAt}): {counts}.");
        return parse.GetValue(Check) && changes.Count > 0 ? Changed : 0;
    }

    /// <summary>The two runs: named ones (an unfinished run only when named), else the last two finished.</summary>
    internal static (RunInfo From, RunInfo To) Choose(IReadOnlyList<RunInfo> runs, int? fromId, int? toId, string db)
    {
        var to = toId is { } t ? RunChoice.Named(runs, t, "--to", db) : RunChoice.LastFinished(runs);
        var from = fromId is { } f ? RunChoice.Named(runs, f, "--from", db) : RunChoice.LastFinished(runs, to?.Id);
        if (from is null || to is null)
        {
            throw RunChoice.TooFew(runs, 2, db);
        }

        if (from.Id >= to.Id)
        {
            throw new ArgumentException($"--from ({from.Id}) must be an older run than --to ({to.Id}).");
        }

        return (from, to);
    }
}

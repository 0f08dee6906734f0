using System.CommandLine;
using System.Text;
using Xhs.Cli.Store;

namespace Xhs.Cli.Report;

/// <summary><c>xhs report</c>: one self-contained HTML page of the finished runs (opens offline).</summary>
internal static class ReportCommand
{
    private static readonly Option<string> Db = RunChoice.DbOption();
    private static readonly Option<FileInfo> Out = new("--out") { Description = "The HTML file to write.", DefaultValueFactory = _ => new FileInfo("report.html") };
    private static readonly Option<int> Keywords = new("--keywords") { Description = "Rank charts for this many keywords (the latest run's first).", DefaultValueFactory = _ => 8 };
    private static readonly Option<int> Creators = new("--creators") { Description = "Top creators drawn per keyword.", DefaultValueFactory = _ => 5 };

    public static Command Create()
    {
        var command = new Command("report", "Write one self-contained HTML report of the finished runs: users per run, rank of the top creators, keyword overlap, latest changes.") { Db, Out, Keywords, Creators };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var db = parse.GetValue(Db)!;
        var output = parse.GetValue(Out)!;
        var keywords = parse.GetValue(Keywords);
        var creators = parse.GetValue(Creators);
        if (keywords is < 0 or > 200 || creators is < 1 or > 10)
        {
            throw new ArgumentException("--keywords must be from 0 to 200 and --creators from 1 to 10.");
        }

        if (Directory.Exists(output.FullName) || output.Directory is { Exists: false })
        {
            throw new ArgumentException($"--out must be a file in an existing folder, not '{output.FullName}'.");
        }

        await using var database = await HarvestDatabase.OpenExistingAsync(db, cancellationToken).ConfigureAwait(false);
        var history = new RunHistory(database);
        var finished = (await history.RunsAsync(cancellationToken).ConfigureAwait(false)).Where(r => r.Finished).ToList();
        if (finished.Count == 0)
        {
            throw new ArgumentException($"{RunChoice.Shown(db)} has no finished run yet: finish a harvest (run the same xhs harvest again) first.");
        }

        var data = await ReportData.LoadAsync(history, finished, keywords, creators, heat: 20, changes: 500, cancellationToken).ConfigureAwait(false);

        // Written beside, then moved: a reader never sees half a page.
        var temporary = output.FullName + ".tmp";
        await File.WriteAllTextAsync(temporary, ReportPage.Render(data, RunChoice.Shown(db)), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, output.FullName, overwrite: true);
        Console.Error.WriteLine($"Wrote {output.FullName}: {finished.Count} finished run(s), {data.Ranks.Count} keyword chart(s), {data.ChangesTotal} change(s) since the run before the last.");
        return 0;
    }
}

using System.CommandLine;
using Xhs.Cli.Store;

namespace Xhs.Cli.Runs;

/// <summary><c>xhs runs</c>: the harvest runs of a database, oldest first.</summary>
internal static class RunsCommand
{
    private static readonly Option<string> Db = RunChoice.DbOption();
    private static readonly Option<string> Format = RunChoice.FormatOption();

    public static Command Create()
    {
        var command = new Command("runs", "List the harvest runs of a database: id, start, finish (or unfinished), keywords, pages stored and users.") { Db, Format };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var db = parse.GetValue(Db)!;
        var format = Shared.Rows.ParseFormat(parse.GetValue(Format));
        await using var database = await HarvestDatabase.OpenExistingAsync(db, cancellationToken).ConfigureAwait(false);
        var runs = await new RunHistory(database).RunsAsync(cancellationToken).ConfigureAwait(false);
        string[] columns = { "id", "started", "finished", "keywords", "pages", "pages_stored", "users", "endpoint" };
        var rows = runs.Select(r => new object?[]
        {
            r.Id,
            r.StartedAt,
            r.FinishedAt ?? (format == Shared.RowFormat.Json ? null : "unfinished"),
            format == Shared.RowFormat.Json ? r.Keywords : Summary(r.Keywords),
            r.Pages,
            r.PagesStored,
            r.Users,
            r.Endpoint,
        }).ToList();
        Shared.Rows.Write(columns, rows, format, Console.Out);
        return 0;
    }

    private static string Summary(IReadOnlyList<string> keywords)
        => keywords.Count <= 3 ? string.Join(", ", keywords) : string.Join(", ", keywords.Take(3)) + $" … ({keywords.Count})";
}

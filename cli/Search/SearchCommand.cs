using System.CommandLine;
using Spectre.Console;
using Xhs.Cli.JustOneApi;

namespace Xhs.Cli.Search;

/// <summary><c>xhs search &lt;keyword&gt;</c>: users matching a keyword, over one or more pages, de-duplicated by id.</summary>
internal static class SearchCommand
{
    private static readonly Argument<string> Keyword = new("keyword") { Description = "What to search for, e.g. 穿搭 or \"Amir Ali\"." };
    private static readonly Option<int> Pages = new("--pages") { Description = "How many pages to read at most (stops earlier at the last page).", DefaultValueFactory = _ => 1 };
    private static readonly Option<int> Page = new("--page") { Description = "The first page to read.", DefaultValueFactory = _ => 1 };
    private static readonly Option<OutputFormat?> Format = new("--format") { Description = "table (default on a terminal), json, csv or ndjson (default when redirected)." };
    private static readonly Option<FileInfo?> Out = new("--out") { Description = "Write to this file instead of standard output." };
    private static readonly Option<DirectoryInfo?> Record = new("--record") { Description = "Keep every answer received in this folder, one JSON file each (never the token), to replay with 'xhs sandbox --replay'." };
    private static readonly Option<bool> CsvFormulas = new("--csv-allow-formulas") { Description = "Write CSV cells that start with = + - @ as they are (by default they are prefixed with ' so a spreadsheet does not run them)." };

    public static Command Create()
    {
        var command = new Command("search", "Search Xiaohongshu users by keyword.") { Keyword, Pages, Page, Format, Out, Record, CsvFormulas };
        ApiAccess.AddTo(command);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        // Every argument is checked before anything starts: no sandbox, no request, no file.
        var keyword = parse.GetValue(Keyword)!;
        if (string.IsNullOrWhiteSpace(keyword))
        {
            throw new ArgumentException("The keyword is empty: say what to search for, e.g. xhs search 穿搭.");
        }

        var pages = parse.GetValue(Pages);
        var firstPage = parse.GetValue(Page);
        if (pages < 1 || firstPage < 1)
        {
            throw new ArgumentException("--pages and --page must be at least 1.");
        }

        var (options, token) = ApiAccess.Read(parse);
        options.RecordTo = parse.GetValue(Record)?.FullName;
        if (options.RecordTo is { } record && File.Exists(record))
        {
            throw new ArgumentException($"--record takes a folder, and '{record}' is a file.");
        }

        var file = parse.GetValue(Out);
        if (file is not null && (Directory.Exists(file.FullName) || file.Directory is { Exists: false }))
        {
            throw new ArgumentException($"--out must name a file in an existing folder, not '{file.FullName}'.");
        }

        await using var sandbox = await ApiAccess.ConnectAsync(options, token, "searching", cancellationToken, ApiAccess.ReadSandboxDay(parse)).ConfigureAwait(false);

        using var client = ApiAccess.CreateClient(options);
        var users = new List<SearchUserV2User>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        async Task ReadPagesAsync(Action<int, int>? onPage)
        {
            var page = firstPage;
            await foreach (var response in client.SearchUserV2PagesAsync(keyword, firstPage, pages, cancellationToken).ConfigureAwait(false))
            {
                // Code 201 (no content) has no data: an empty page.
                var found = response.Data?.Users ?? [];
                users.AddRange(found.Where(u => u.Id is null || seen.Add(u.Id)));
                onPage?.Invoke(page++, found.Count);
            }
        }

        if (pages == 1)
        {
            await ReadPagesAsync(null).ConfigureAwait(false);
        }
        else
        {
            await PageProgress.RunAsync(pages, users, ReadPagesAsync).ConfigureAwait(false);
        }

        var format = parse.GetValue(Format) ?? DefaultFormat(file);
        if (file is null)
        {
            UserWriter.Write(users, format, Console.Out, !parse.GetValue(CsvFormulas));
        }
        else
        {
            await using var output = new StreamWriter(file.FullName, append: false, new System.Text.UTF8Encoding(false));
            UserWriter.Write(users, format, output, !parse.GetValue(CsvFormulas));
        }

        return ExitCodes.Success;
    }

    private static OutputFormat DefaultFormat(FileInfo? file) => file?.Extension.ToLowerInvariant() switch
    {
        ".csv" => OutputFormat.Csv,
        ".json" => OutputFormat.Json,
        ".ndjson" or ".jsonl" => OutputFormat.Ndjson,
        null when !Console.IsOutputRedirected => OutputFormat.Table,
        _ => OutputFormat.Ndjson,
    };

    /// <summary>Progress of a multi-page run on standard error: a Spectre progress bar on a terminal, one line per page otherwise.</summary>
    private static class PageProgress
    {
        public static async Task RunAsync(int pages, List<SearchUserV2User> users, Func<Action<int, int>, Task> read)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            var pagesRead = 0;
            if (Console.IsErrorRedirected)
            {
                await read((page, count) =>
                {
                    pagesRead++;
                    console.MarkupLineInterpolated($"[grey]page {page}: {count} users ({users.Count} unique so far, up to {pages} pages)[/]");
                }).ConfigureAwait(false);
            }
            else
            {
                await console.Progress().AutoClear(false).StartAsync(async context =>
                {
                    var task = context.AddTask("Reading pages", maxValue: pages);
                    await read((page, count) =>
                    {
                        pagesRead++;
                        task.Increment(1);
                        task.Description = $"page {page}: {users.Count} unique users";
                    }).ConfigureAwait(false);
                    task.Value = task.MaxValue;
                }).ConfigureAwait(false);
            }

            console.MarkupLineInterpolated($"[grey]{pagesRead} page(s), {users.Count} unique users[/]");
        }
    }
}

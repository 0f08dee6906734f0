using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Spectre.Console;
using Xhs.Cli.JustOneApi;

namespace Xhs.Cli.Harvest;

/// <summary>
/// <c>xhs harvest --keywords FILE --pages N</c>: every (keyword, page) of a keyword file, stored in a
/// database, resumable, and split between processes through Redis claims.
/// </summary>
internal static class HarvestCommand
{
    private static readonly Option<FileInfo> Keywords = new("--keywords") { Description = "A UTF-8 file with one keyword per line (blank lines and lines starting with # are skipped).", Required = true };
    private static readonly Option<int> Pages = new("--pages") { Description = "Pages per keyword (it stops earlier at a keyword's last page).", DefaultValueFactory = _ => 1 };
    private static readonly Option<string> Db = new("--db") { Description = "A SQLite file (default users.db) or a PostgreSQL connection string (Host=…;Database=…;Username=…).", DefaultValueFactory = _ => "users.db" };
    private static readonly Option<string?> Redis = new("--redis") { Description = "Redis (host:port) shared by several harvest processes: claims on pages, and the token's rate, cache and daily count." };
    private static readonly Option<double?> Rate = new("--rate") { Description = "Requests per second for the token (all processes together with --redis)." };
    private static readonly Option<int> Concurrency = new("--concurrency") { Description = "Pages requested at once by this process.", DefaultValueFactory = _ => 4 };
    private static readonly Option<bool> NewRun = new("--new-run") { Description = "Start a new run even if the last run of these keywords and pages is unfinished (by default it is resumed)." };
    private static readonly Option<long?> Budget = new("--daily-budget") { Description = "Most calls per UTC day for the token (all processes together with --redis)." };

    public static Command Create()
    {
        var command = new Command("harvest", "Harvest users for every keyword of a file, page by page, into a database; resumable, and shared between processes with --redis.")
        {
            Keywords, Pages, Db, Redis, Rate, Concurrency, Budget, NewRun,
        };
        ApiAccess.AddTo(command);
        StartWait.AddTo(command);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        // Every argument is checked before anything starts: no sandbox, no database, no request.
        var keywords = ReadKeywords(parse.GetValue(Keywords)!);
        var pages = parse.GetValue(Pages);
        var concurrency = parse.GetValue(Concurrency);
        var rate = parse.GetValue(Rate);
        var db = parse.GetValue(Db)!;
        var redis = parse.GetValue(Redis);
        var budget = parse.GetValue(Budget);
        if (pages < 1 || concurrency < 1)
        {
            throw new ArgumentException("--pages and --concurrency must be at least 1.");
        }

        if (rate is { } r && !(r > 0 && r <= 100_000))
        {
            throw new ArgumentException("--rate must be a positive number of requests per second.");
        }

        if (budget is < 0)
        {
            throw new ArgumentException("--daily-budget cannot be negative.");
        }

        Store.HarvestDatabase.Validate(db);
        var wait = StartWait.Read(parse);
        if (redis is not null)
        {
            Claims.Validate(redis);
        }

        var (options, token) = ApiAccess.Read(parse);
        options.RequestsPerSecond = rate;
        options.MaxConcurrentRequests = concurrency;
        options.DailyCallBudget = budget;

        // A first Ctrl+C or SIGTERM stops handing out pages; the pages in flight finish and are stored.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var abort = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; Stop(stop, abort); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; Stop(stop, abort); });

        using var shared = redis is null ? null : await Claims.ConnectAsync(redis, wait, stop.Token).ConfigureAwait(false);
        await using var sandbox = await ApiAccess.ConnectAsync(options, token, "harvesting from", abort.Token, ApiAccess.ReadSandboxDay(parse)).ConfigureAwait(false);
        shared?.Share(options);

        var transport = ApiAccess.CreateTransport(options);
        using var client = new XiaohongshuClient(transport);
        await using var store = await HarvestStore.OpenAsync(db, wait, stop.Token).ConfigureAwait(false);
        // Timed from before the run is made, so the elapsed time passed on is never less than since its creation.
        var created = Stopwatch.GetTimestamp();
        var started = await store.BeginRunAsync(keywords, pages, ApiAccess.Describe(options, sandbox), parse.GetValue(NewRun), stop.Token).ConfigureAwait(false);
        Console.Error.WriteLine(started.Resumed ? $"Resuming run {started.Id} (started {started.StartedAt})." : $"Run {started.Id}.");

        // Claims name the run: another run of the same keywords (--new-run) pays for its own pages.
        await using var claims = shared?.ForStore(store.Identity + "#run" + started.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (claims is not null && !started.Resumed)
        {
            await claims.RunCreatedAsync(Stopwatch.GetElapsedTime(created)).ConfigureAwait(false);
        }

        var run = new HarvestRun(client, store, claims, started.Id, keywords, pages, concurrency);
        var summary = await HarvestProgress.RunAsync(run, transport, rate, stop.Token, abort.Token).ConfigureAwait(false);
        if (summary.Complete)
        {
            await store.FinishRunAsync(started.Id, abort.Token).ConfigureAwait(false);
        }

        Console.Error.WriteLine($"Run {started.Id}: " + summary.Describe());
        return summary.Complete ? ExitCodes.Success : stop.IsCancellationRequested ? ExitCodes.Canceled : ExitCodes.Transient;
    }

    private static void Stop(CancellationTokenSource stop, CancellationTokenSource abort)
    {
        if (stop.IsCancellationRequested)
        {
            // A second signal: stop now, whatever is in flight. Canceled off the signal handler's
            // thread: what waits on the token must not go on running inside the handler.
            _ = abort.CancelAsync();
        }
        else
        {
            Console.Error.WriteLine("Stopping: the pages in flight are finished and stored first (again to stop at once).");
            _ = stop.CancelAsync();
        }
    }

    /// <summary>The keywords of the file, trimmed, without blanks, comments and repeats, in file order.</summary>
    private static List<string> ReadKeywords(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new ArgumentException($"--keywords: the file '{file.FullName}' does not exist.");
        }

        string text;
        try
        {
            text = File.ReadAllText(file.FullName, new UTF8Encoding(false, throwOnInvalidBytes: true));
        }
        catch (DecoderFallbackException)
        {
            throw new ArgumentException($"--keywords: '{file.FullName}' is not UTF-8 text.");
        }

        var keywords = text.Split('\n').Select(l => l.Trim().TrimStart('\uFEFF').Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).Distinct(StringComparer.Ordinal).ToList();
        return keywords.Count > 0 ? keywords : throw new ArgumentException($"--keywords: '{file.FullName}' has no keyword (one per line).");
    }
}

using System.Collections.Concurrent;
using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text;
using Spectre.Console;
#if XHS_REDIS
#endif
using XhsGenerated;
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
    private static readonly Option<long?> Budget = new("--daily-budget") { Description = "Most calls per UTC day for the token (all processes together with --redis)." };

    public static Command Create()
    {
        var command = new Command("harvest", "Harvest users for every keyword of a file, page by page, into a database; resumable, and shared between processes with --redis.")
        {
            Keywords, Pages, Db, Redis, Rate, Concurrency, Budget,
        };
        ApiAccess.AddTo(command);
        RedisWait.AddTo(command);
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

        HarvestStore.Validate(db);
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

        using var shared = redis is null ? null : await Claims.ConnectAsync(redis, RedisWait.Read(parse), cancellationToken).ConfigureAwait(false);
        await using var sandbox = await ApiAccess.ConnectAsync(options, token, "harvesting from", abort.Token).ConfigureAwait(false);
        shared?.Share(options);

        var transport = ApiAccess.CreateTransport(options);
        using var client = new XiaohongshuClient(transport);
        await using var store = await HarvestStore.OpenAsync(db, abort.Token).ConfigureAwait(false);
        var claims = shared?.ForStore(store.Identity);
        var run = new HarvestRun(client, store, claims, keywords, pages, concurrency);
        var summary = await HarvestProgress.RunAsync(run, transport, rate, stop.Token, abort.Token).ConfigureAwait(false);
        Console.Error.WriteLine(summary.Describe());
        return summary.Complete ? ExitCodes.Success : stop.IsCancellationRequested ? ExitCodes.Canceled : ExitCodes.Transient;
    }

    private static void Stop(CancellationTokenSource stop, CancellationTokenSource abort)
    {
        if (stop.IsCancellationRequested)
        {
            // A second signal: stop now, whatever is in flight.
            abort.Cancel();
        }
        else
        {
            Console.Error.WriteLine("Stopping: the pages in flight are finished and stored first (again to stop at once).");
            stop.Cancel();
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

/// <summary>What a harvest did, for its last line.</summary>
internal sealed record HarvestSummary(int Requested, int AlreadyStored, int Users, int Failed, bool Complete)
{
    public string Describe() => $"{Requested} page(s) requested, {AlreadyStored} already stored, {Users} user hit(s) stored{(Failed > 0 ? $", {Failed} page(s) failed" : "")}{(Complete ? "; every page is stored." : "; stopped before the end: run the same command again to continue.")}";
}

/// <summary>
/// One harvest: passes over the pages not stored yet (skipping pages after a keyword's empty page),
/// each claimed first when processes share Redis, until every page is stored or the run is stopped.
/// Pages another process holds are waited for, and taken over if that process dies.
/// </summary>
internal sealed class HarvestRun(XiaohongshuClient client, HarvestStore store, IPageClaims? claims, IReadOnlyList<string> keywords, int pages, int concurrency)
{
    private int _requested;
    private int _users;
    private int _failed;
    private int _alreadyStored = -1;

    public int TotalPages => keywords.Count * pages;

    public ConcurrentDictionary<string, int> InFlight { get; } = new(StringComparer.Ordinal);

    public event Action<string, int, int>? PageStored;

    public async Task<HarvestSummary> RunAsync(Action<int> progress, CancellationToken stop, CancellationToken abort)
    {
        var failures = new ConcurrentDictionary<(string, int), int>();
        while (!stop.IsCancellationRequested)
        {
            var stored = await store.StoredPagesAsync(abort).ConfigureAwait(false);
            if (_alreadyStored < 0)
            {
                _alreadyStored = stored.Count;
            }

            var pending = Pending(stored).Where(u => failures.GetValueOrDefault(u) < 3).ToList();
            progress(TotalPages - Pending(stored).Count());
            if (pending.Count == 0)
            {
                break;
            }

            // Keywords in parallel, each keyword's pages in order: a page after an empty one is never
            // requested (every call is paid). A page another process holds is skipped for this pass.
            var heldElsewhere = 0;
            await Parallel.ForEachAsync(pending.GroupBy(u => u.Keyword), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (keyword, _) =>
            {
                foreach (var unit in keyword)
                {
                    if (stop.IsCancellationRequested)
                    {
                        return;
                    }

                    if (claims is not null && !await claims.TryClaimAsync(unit.Keyword, unit.Page).ConfigureAwait(false))
                    {
                        Interlocked.Increment(ref heldElsewhere);
                        continue;
                    }

                    var users = await FetchAsync(unit, failures, abort).ConfigureAwait(false);
                    if (users is 0)
                    {
                        return;
                    }
                }
            }).ConfigureAwait(false);

            if (heldElsewhere > 0 && !stop.IsCancellationRequested)
            {
                // Another process has them: wait for it to store them (or to die, and its claims to lapse).
                await Task.Delay(TimeSpan.FromMilliseconds(500), stop).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
        }

        var final = await store.StoredPagesAsync(abort).ConfigureAwait(false);
        var complete = !Pending(final).Any();
        progress(TotalPages - Pending(final).Count());
        return new HarvestSummary(_requested, Math.Max(_alreadyStored, 0), _users, _failed, complete);
    }

    /// <summary>Requests one claimed page and stores it whole; its user count, or null when it failed (and was given back).</summary>
    private async Task<int?> FetchAsync((string Keyword, int Page) unit, ConcurrentDictionary<(string, int), int> failures, CancellationToken abort)
    {
        // In flight: stored whole (or given back) even if a stop comes now.
        using var renew = new CancellationTokenSource();
        var renewing = claims is null ? Task.CompletedTask : RenewAsync(claims, unit, renew.Token);
        InFlight[unit.Keyword] = unit.Page;
        try
        {
            Interlocked.Increment(ref _requested);
            var response = await client.SearchUserV2Async(unit.Keyword, unit.Page, abort).ConfigureAwait(false);
            var users = response.Data!.Users
                .Where(u => !string.IsNullOrEmpty(u.Id))
                .Select(u => (u.Id!, u.Name, u.RedId, UserWriter.Json(UserWriter.Compact, u.WriteTo)))
                .ToList();
            await store.StorePageAsync(unit.Keyword, unit.Page, users, abort).ConfigureAwait(false);
            Interlocked.Add(ref _users, users.Count);
            PageStored?.Invoke(unit.Keyword, unit.Page, users.Count);
            return users.Count;
        }
        catch (JustOneApiException ex) when (ex is not (CallBudgetExceededException or InvalidTokenException or DailyQuotaExceededException or InsufficientBalanceException or PermissionDeniedException))
        {
            failures.AddOrUpdate(unit, 1, (_, n) => n + 1);
            Interlocked.Increment(ref _failed);
            Console.Error.WriteLine($"xhs: {UserWriter.ForTerminal(unit.Keyword)} page {unit.Page}: {UserWriter.ForTerminal(ex.Message)}");
            if (claims is not null)
            {
                await claims.ReleaseAsync(unit.Keyword, unit.Page).ConfigureAwait(false);
            }

            return null;
        }
        finally
        {
            InFlight.TryRemove(new KeyValuePair<string, int>(unit.Keyword, unit.Page));
            await renew.CancelAsync().ConfigureAwait(false);
            await renewing.ConfigureAwait(false);
        }
    }

    /// <summary>The pages still to store, keyword by keyword: none after a page that came back empty.</summary>
    private IEnumerable<(string Keyword, int Page)> Pending(Dictionary<(string Keyword, int Page), int> stored)
    {
        foreach (var keyword in keywords)
        {
            for (var page = 1; page <= pages; page++)
            {
                if (stored.TryGetValue((keyword, page), out var users))
                {
                    if (users == 0)
                    {
                        break;
                    }

                    continue;
                }

                yield return (keyword, page);
            }
        }
    }

    private static async Task RenewAsync(IPageClaims claims, (string Keyword, int Page) unit, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(20), cancellationToken).ConfigureAwait(false);
                await claims.RenewAsync(unit.Keyword, unit.Page).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}

/// <summary>The whole run's progress on standard error: a Spectre display on a terminal (the run, and the keywords in flight), one line per page otherwise.</summary>
internal static class HarvestProgress
{
    /// <summary>The rate in force, when it backs off below the ceiling after a 302: <c> (rate 6.3/s of 10, backing off after 302)</c>.</summary>
    private static string Rate(XhsGenerated.Http.JustOneApiTransport transport, double? ceiling)
        => transport.CurrentRequestsPerSecond is { } now && ceiling is { } max && now < max * 0.999
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" (rate {now:0.#}/s of {max:0.#}, backing off after 302)")
            : "";

    public static async Task<HarvestSummary> RunAsync(HarvestRun run, XhsGenerated.Http.JustOneApiTransport transport, double? ceiling, CancellationToken stop, CancellationToken abort)
    {
        if (Console.IsErrorRedirected)
        {
            run.PageStored += (keyword, page, users) => Console.Error.WriteLine($"{UserWriter.ForTerminal(keyword)} page {page}: {users} users{Rate(transport, ceiling)}");
            return await run.RunAsync(_ => { }, stop, abort).ConfigureAwait(false);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        HarvestSummary? summary = null;
        await console.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn()).StartAsync(async context =>
        {
            var total = context.AddTask("Pages stored", maxValue: run.TotalPages);
            var current = context.AddTask("In flight", maxValue: 1).IsIndeterminate();
            run.PageStored += (_, _, _) =>
            {
                total.Increment(1);
                current.Description = "In flight: " + Markup.Escape(UserWriter.ForTerminal(string.Join(", ", run.InFlight.Select(p => $"{p.Key} p{p.Value}").Take(4))) + Rate(transport, ceiling));
            };
            summary = await run.RunAsync(done => total.Value = done, stop, abort).ConfigureAwait(false);
            current.Description = "Done";
            current.StopTask();
        }).ConfigureAwait(false);
        return summary!;
    }
}

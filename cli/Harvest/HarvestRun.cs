using System.Collections.Concurrent;
using Spectre.Console;
using XhsGenerated;
using Xhs.Cli.JustOneApi;

namespace Xhs.Cli.Harvest;

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
internal sealed class HarvestRun(XiaohongshuClient client, HarvestStore store, IPageClaims? claims, int runId, IReadOnlyList<string> keywords, int pages, int concurrency)
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
            var stored = await store.StoredPagesAsync(runId, abort).ConfigureAwait(false);
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

                    if (claims is not null)
                    {
                        bool claimed;
                        try
                        {
                            claimed = await claims.TryClaimAsync(unit.Keyword, unit.Page, stop).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (stop.IsCancellationRequested)
                        {
                            // Stopped while waiting for Redis (or out a grace): no more pages.
                            return;
                        }

                        if (!claimed)
                        {
                            Interlocked.Increment(ref heldElsewhere);
                            continue;
                        }

                        // Another process may have stored it since this pass listed what was pending
                        // (its claim lapsed, or a Redis restart lost it): then it is not requested again.
                        if (await store.StoredUsersAsync(runId, unit.Keyword, unit.Page, abort).ConfigureAwait(false) is { } storedUsers)
                        {
                            await claims.FinishAsync(unit.Keyword, unit.Page, stored: true).ConfigureAwait(false);
                            if (storedUsers == 0)
                            {
                                return;
                            }

                            continue;
                        }
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

        var final = await store.StoredPagesAsync(runId, abort).ConfigureAwait(false);
        var complete = !Pending(final).Any();
        progress(TotalPages - Pending(final).Count());
        return new HarvestSummary(_requested, Math.Max(_alreadyStored, 0), _users, _failed, complete);
    }

    /// <summary>Requests one claimed page and stores it whole; its user count, or null when it failed (and was given back).</summary>
    private async Task<int?> FetchAsync((string Keyword, int Page) unit, ConcurrentDictionary<(string, int), int> failures, CancellationToken abort)
    {
        // In flight: stored whole (or given back) even if a stop comes now. The claim is renewed by the claims' heartbeat.
        InFlight[unit.Keyword] = unit.Page;
        var stored = false;
        try
        {
            Interlocked.Increment(ref _requested);
            var response = await client.SearchUserV2Async(unit.Keyword, unit.Page, abort).ConfigureAwait(false);
            // Code 201 (no content, billed) is a page with no users: stored as empty, and the keyword's last.
            var users = (response.Data?.Users ?? [])
                .Where(u => !string.IsNullOrEmpty(u.Id))
                .Select(u => (u.Id!, u.Name, u.RedId, UserWriter.Json(UserWriter.Compact, u.WriteTo)))
                .ToList();
            await store.StorePageAsync(runId, unit.Keyword, unit.Page, users, abort).ConfigureAwait(false);
            stored = true;
            Interlocked.Add(ref _users, users.Count);
            PageStored?.Invoke(unit.Keyword, unit.Page, users.Count);
            return users.Count;
        }
        catch (JustOneApiException ex) when (ex is not (CallBudgetExceededException or InvalidTokenException or DailyQuotaExceededException or InsufficientBalanceException or SpendLimitReachedException or PermissionDeniedException))
        {
            failures.AddOrUpdate(unit, 1, (_, n) => n + 1);
            Interlocked.Increment(ref _failed);
            Console.Error.WriteLine($"xhs: {UserWriter.ForTerminal(unit.Keyword)} page {unit.Page}: {UserWriter.ForTerminal(ex.Message)}");
            return null;
        }
        finally
        {
            InFlight.TryRemove(new KeyValuePair<string, int>(unit.Keyword, unit.Page));
            if (claims is not null)
            {
                // Given back when it was not stored, so that another process (or the next pass) takes it.
                await claims.FinishAsync(unit.Keyword, unit.Page, stored).ConfigureAwait(false);
            }
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
}

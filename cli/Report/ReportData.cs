using Xhs.Cli.Changes;
using Xhs.Cli.Overlap;
using Xhs.Cli.Store;

namespace Xhs.Cli.Report;

/// <summary>One finished run in the report: users found, and new and gone against the finished run before it.</summary>
internal sealed record RunTotals(int RunId, string StartedAt, int Found, int New, int Gone);

/// <summary>One creator's rank under one keyword over the runs (null where it was not found).</summary>
internal sealed record RankSeries(string UserId, string? Name, IReadOnlyList<int?> Ranks);

/// <summary>Everything the report shows, computed from the database before any HTML is written.</summary>
internal sealed record ReportData(
    IReadOnlyList<RunTotals> Runs,
    IReadOnlyList<(string Keyword, IReadOnlyList<RankSeries> Creators)> Ranks,
    IReadOnlyList<string> HeatKeywords,
    double[,] Jaccard,
    IReadOnlyList<Change> Changes,
    int ChangesTotal)
{
    /// <summary>
    /// Reads the finished runs one at a time (only the previous run's users are kept between two), the
    /// latest run's top creators of its first <paramref name="keywords"/> keywords with their ranks in
    /// every run, the overlap of the latest run's <paramref name="heat"/> largest keywords, and the
    /// changes between the last two runs (at most <paramref name="changes"/> rows).
    /// </summary>
    public static async Task<ReportData> LoadAsync(RunHistory history, IReadOnlyList<RunInfo> finished, int keywords, int creators, int heat, int changes, CancellationToken cancellationToken)
    {
        var latest = await history.SnapshotAsync(finished[^1], null, cancellationToken).ConfigureAwait(false);
        var watched = latest.Keywords.Take(keywords)
            .Select(k => (Keyword: k, Users: latest.ByKeyword[k].Values.OrderBy(u => u.Rank).Take(creators).Select(u => (u.UserId, latest.Profile(u)?.Name)).ToList()))
            .ToList();
        var ranks = watched.ToDictionary(w => w.Keyword, w => w.Users.ToDictionary(u => u.UserId, _ => new List<int?>(), StringComparer.Ordinal), StringComparer.Ordinal);

        var totals = new List<RunTotals>();
        HashSet<string>? previous = null;
        RunSnapshot? before = null;
        foreach (var run in finished)
        {
            var snapshot = run.Id == latest.Run.Id ? latest : await history.SnapshotAsync(run, null, cancellationToken).ConfigureAwait(false);
            var users = snapshot.ByKeyword.Values.SelectMany(k => k.Keys).ToHashSet(StringComparer.Ordinal);
            totals.Add(new RunTotals(run.Id, run.StartedAt, users.Count, previous is null ? 0 : users.Count(u => !previous.Contains(u)), previous is null ? 0 : previous.Count(u => !users.Contains(u))));
            foreach (var (keyword, series) in ranks)
            {
                var found = snapshot.ByKeyword.GetValueOrDefault(keyword);
                foreach (var (user, list) in series)
                {
                    list.Add(found is not null && found.TryGetValue(user, out var ranked) ? ranked.Rank : null);
                }
            }

            previous = users;
            if (run.Id != latest.Run.Id)
            {
                before = snapshot;
            }
        }

        var heatKeywords = latest.Keywords.OrderByDescending(k => latest.ByKeyword[k].Count).ThenBy(k => k, StringComparer.Ordinal).Take(heat).ToList();
        var jaccard = new double[heatKeywords.Count, heatKeywords.Count];
        var pairs = OverlapAnalysis.Pairs(latest).ToDictionary(p => (p.First, p.Second), p => p.Jaccard);
        for (var a = 0; a < heatKeywords.Count; a++)
        {
            for (var b = 0; b < heatKeywords.Count; b++)
            {
                jaccard[a, b] = a == b ? 1 : pairs.GetValueOrDefault((heatKeywords[a], heatKeywords[b]), pairs.GetValueOrDefault((heatKeywords[b], heatKeywords[a])));
            }
        }

        var changeList = before is null ? new List<Change>() : ChangeList.Compute(before, latest);
        return new ReportData(
            totals,
            watched.Select(w => (w.Keyword, (IReadOnlyList<RankSeries>)w.Users.Select(u => new RankSeries(u.UserId, u.Name, ranks[w.Keyword][u.UserId])).ToList())).ToList(),
            heatKeywords,
            jaccard,
            changeList.Take(changes).ToList(),
            changeList.Count);
    }
}

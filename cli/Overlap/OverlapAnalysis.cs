using Xhs.Cli.Store;

namespace Xhs.Cli.Overlap;

/// <summary>A user found under several keywords of one run: its keywords with its rank under each, best first.</summary>
internal sealed record SharedUser(string UserId, string? Name, IReadOnlyList<(string Keyword, int Rank)> Keywords)
{
    public int BestRank => Keywords.Min(k => k.Rank);
}

/// <summary>Two keywords of one run and the users they share: how many, and Jaccard (shared over either).</summary>
internal sealed record KeywordPair(string First, string Second, int Shared, int FirstUsers, int SecondUsers)
{
    public double Jaccard => Shared / (double)(FirstUsers + SecondUsers - Shared);
}

/// <summary>
/// Competitor and related-profile discovery in one run: the users found under at least N keywords
/// (most keywords first, then best rank), and the keyword pairs that share the most users.
/// </summary>
internal static class OverlapAnalysis
{
    public static List<SharedUser> Users(RunSnapshot run, int minKeywords)
    {
        var found = new Dictionary<string, List<(string Keyword, int Rank)>>(StringComparer.Ordinal);
        var names = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var keyword in run.Keywords)
        {
            foreach (var user in run.ByKeyword[keyword].Values)
            {
                if (!found.TryGetValue(user.UserId, out var list))
                {
                    found[user.UserId] = list = new List<(string, int)>();
                    names[user.UserId] = run.Profile(user)?.Name;
                }

                list.Add((keyword, user.Rank));
            }
        }

        return found
            .Where(f => f.Value.Count >= minKeywords)
            .Select(f => new SharedUser(f.Key, names[f.Key], f.Value.OrderBy(k => k.Rank).ThenBy(k => k.Keyword, StringComparer.Ordinal).ToList()))
            .OrderByDescending(u => u.Keywords.Count)
            .ThenBy(u => u.BestRank)
            .ThenBy(u => u.UserId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Every pair of keywords that shares a user, most shared first (then Jaccard, then the keywords' order in the run).</summary>
    public static List<KeywordPair> Pairs(RunSnapshot run)
    {
        var index = run.Keywords.Select((k, i) => (k, i)).ToDictionary(p => p.k, p => p.i, StringComparer.Ordinal);
        var byUser = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var keyword in run.Keywords)
        {
            foreach (var user in run.ByKeyword[keyword].Keys)
            {
                if (!byUser.TryGetValue(user, out var list))
                {
                    byUser[user] = list = new List<int>();
                }

                list.Add(index[keyword]);
            }
        }

        var shared = new Dictionary<(int, int), int>();
        foreach (var keywords in byUser.Values.Where(l => l.Count > 1))
        {
            for (var a = 0; a < keywords.Count; a++)
            {
                for (var b = a + 1; b < keywords.Count; b++)
                {
                    var key = keywords[a] < keywords[b] ? (keywords[a], keywords[b]) : (keywords[b], keywords[a]);
                    shared[key] = shared.GetValueOrDefault(key) + 1;
                }
            }
        }

        return shared
            .Select(s => new KeywordPair(run.Keywords[s.Key.Item1], run.Keywords[s.Key.Item2], s.Value, run.ByKeyword[run.Keywords[s.Key.Item1]].Count, run.ByKeyword[run.Keywords[s.Key.Item2]].Count))
            .OrderByDescending(p => p.Shared)
            .ThenByDescending(p => p.Jaccard)
            .ThenBy(p => index[p.First])
            .ThenBy(p => index[p.Second])
            .ToList();
    }
}

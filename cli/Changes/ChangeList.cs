using Xhs.Cli.Store;

namespace Xhs.Cli.Changes;

/// <summary>One change between two runs; members that do not apply to its kind are null.</summary>
/// <param name="Kind"><c>new</c>, <c>gone</c>, <c>moved</c> or <c>profile</c>.</param>
internal sealed record Change(string Kind, string? Keyword, string UserId, string? Name, int? FromRank, int? ToRank, string? Field, string? Old, string? New);

/// <summary>
/// What changed from one run to another, keyword by keyword (the keywords both runs have, in the later
/// run's order): users <c>new</c> under a keyword (by rank), <c>gone</c> (by their old rank), <c>moved</c>
/// (rank changed, by new rank); then <c>profile</c> changes of users seen in both runs (name,
/// description, subtitle, verification), once per user and field, under the first keyword both runs
/// list the user under.
/// </summary>
internal static class ChangeList
{
    public static readonly string[] Columns = { "kind", "keyword", "user_id", "name", "from_rank", "to_rank", "field", "old", "new" };

    private static readonly (string Field, Func<ProfileRow, string?> Read)[] ProfileFields =
    {
        ("name", p => p.Name),
        ("desc", p => p.Desc),
        ("sub_title", p => p.SubTitle),
        ("verification", p => p.Verification),
    };

    public static List<Change> Compute(RunSnapshot from, RunSnapshot to)
    {
        var changes = new List<Change>();
        var profiles = new List<Change>();
        var compared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var keyword in to.Keywords.Where(from.ByKeyword.ContainsKey))
        {
            var before = from.ByKeyword[keyword];
            var after = to.ByKeyword[keyword];
            foreach (var user in after.Values.Where(u => !before.ContainsKey(u.UserId)).OrderBy(u => u.Rank))
            {
                changes.Add(new Change("new", keyword, user.UserId, to.Profile(user)?.Name, null, user.Rank, null, null, null));
            }

            foreach (var user in before.Values.Where(u => !after.ContainsKey(u.UserId)).OrderBy(u => u.Rank))
            {
                changes.Add(new Change("gone", keyword, user.UserId, from.Profile(user)?.Name, user.Rank, null, null, null, null));
            }

            foreach (var user in after.Values.OrderBy(u => u.Rank))
            {
                if (!before.TryGetValue(user.UserId, out var old))
                {
                    continue;
                }

                if (old.Rank != user.Rank)
                {
                    changes.Add(new Change("moved", keyword, user.UserId, to.Profile(user)?.Name, old.Rank, user.Rank, null, null, null));
                }

                if (old.Digest != user.Digest && compared.Add(user.UserId) && from.Profile(old) is { } was && to.Profile(user) is { } now)
                {
                    foreach (var (field, read) in ProfileFields)
                    {
                        if (!string.Equals(read(was), read(now), StringComparison.Ordinal))
                        {
                            profiles.Add(new Change("profile", keyword, user.UserId, now.Name, null, null, field, read(was), read(now)));
                        }
                    }
                }
                else
                {
                    compared.Add(user.UserId);
                }
            }
        }

        changes.AddRange(profiles);
        return changes;
    }

    public static object?[] Row(Change change) => new object?[] { change.Kind, change.Keyword, change.UserId, change.Name, change.FromRank, change.ToRank, change.Field, change.Old, change.New };
}

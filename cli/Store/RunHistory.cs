using System.Globalization;

namespace Xhs.Cli.Store;

/// <summary>A run as <c>xhs runs</c> lists it.</summary>
internal sealed record RunInfo(int Id, string StartedAt, string? FinishedAt, IReadOnlyList<string> Keywords, int Pages, string Endpoint, int PagesStored, int Users)
{
    public bool Finished => FinishedAt is not null;
}

/// <summary>One user under one keyword in one run: its rank (1-based across the pages in order; its best when listed twice) and its profile there.</summary>
internal sealed record RankedUser(string UserId, int Rank, long Digest);

/// <summary>What one run found: per keyword (in the run's order) its users by rank, and the profiles they had.</summary>
internal sealed class RunSnapshot(RunInfo run, IReadOnlyList<string> keywords, IReadOnlyDictionary<string, Dictionary<string, RankedUser>> byKeyword, IReadOnlyDictionary<(string, long), ProfileRow> profiles)
{
    public RunInfo Run => run;

    /// <summary>The keywords that have hits, in the run's order.</summary>
    public IReadOnlyList<string> Keywords => keywords;

    /// <summary>Keyword → user id → its best rank.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, RankedUser>> ByKeyword => byKeyword;

    public ProfileRow? Profile(RankedUser user) => profiles.GetValueOrDefault((user.UserId, user.Digest));
}

/// <summary>Reads runs back: the list, and one run's rankings with its profiles (the work of <c>changes</c>, <c>overlap</c> and <c>report</c>).</summary>
internal sealed class RunHistory(HarvestDatabase database)
{
    /// <summary>Every run, oldest first, with its stored pages and distinct users.</summary>
    public async Task<IReadOnlyList<RunInfo>> RunsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.Source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var counts = new Dictionary<int, (int Pages, int Users)>();
        await using (var command = HarvestDatabase.Command(connection, null, "SELECT run_id, COUNT(*), SUM(users) FROM progress GROUP BY run_id"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                counts[Int(reader.GetValue(0))] = (Int(reader.GetValue(1)), 0);
            }
        }

        await using (var command = HarvestDatabase.Command(connection, null, "SELECT run_id, COUNT(DISTINCT user_id) FROM hits GROUP BY run_id"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var run = Int(reader.GetValue(0));
                counts[run] = (counts.GetValueOrDefault(run).Pages, Int(reader.GetValue(1)));
            }
        }

        var runs = new List<RunInfo>();
        await using (var command = HarvestDatabase.Command(connection, null, "SELECT id, started_at, finished_at, keywords, pages, endpoint FROM runs ORDER BY id"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var id = Int(reader.GetValue(0));
                var (pages, users) = counts.GetValueOrDefault(id);
                runs.Add(new RunInfo(id, reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), RunKeywords.FromJson(reader.GetString(3)), Int(reader.GetValue(4)), reader.GetString(5), pages, users));
            }
        }

        return runs;
    }

    /// <summary>One run's rankings, for every keyword or one, with the profiles its users had.</summary>
    public async Task<RunSnapshot> SnapshotAsync(RunInfo run, string? keyword, CancellationToken cancellationToken)
    {
        await using var connection = await database.Source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var byKeyword = new Dictionary<string, Dictionary<string, RankedUser>>(StringComparer.Ordinal);
        var profiles = new Dictionary<(string, long), ProfileRow>();
        var sql = """
            SELECT h.keyword, h.user_id, h.digest, p.name, p.red_id, p."desc", p.sub_title, p.verification, p.image
            FROM hits h LEFT JOIN profiles p ON p.user_id = h.user_id AND p.digest = h.digest
            WHERE h.run_id = @run{0}
            ORDER BY h.keyword, h.page, h.position
            """;
        await using var command = HarvestDatabase.Command(
            connection,
            null,
            string.Format(CultureInfo.InvariantCulture, sql, keyword is null ? "" : " AND h.keyword = @keyword"),
            keyword is null ? new[] { ("@run", (object?)run.Id) } : new[] { ("@run", (object?)run.Id), ("@keyword", (object?)keyword) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        Dictionary<string, RankedUser>? current = null;
        string? currentKeyword = null;
        var rank = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var k = reader.GetString(0);
            if (!string.Equals(k, currentKeyword, StringComparison.Ordinal))
            {
                currentKeyword = k;
                byKeyword[k] = current = new Dictionary<string, RankedUser>(StringComparer.Ordinal);
                rank = 0;
            }

            rank++;
            var userId = reader.GetString(1);
            var digest = Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture);
            if (!current!.ContainsKey(userId))
            {
                // Listed twice: the first (best) rank stays.
                current[userId] = new RankedUser(userId, rank, digest);
            }

            if (!profiles.ContainsKey((userId, digest)))
            {
                // The raw JSON is not needed to compare runs, and is left in the database.
                profiles[(userId, digest)] = new ProfileRow(userId, digest, Text(reader, 3), Text(reader, 4), Text(reader, 5), Text(reader, 6), Text(reader, 7), Text(reader, 8), "");
            }
        }

        var listed = new HashSet<string>(run.Keywords, StringComparer.Ordinal);
        var order = run.Keywords.Where(byKeyword.ContainsKey).Distinct(StringComparer.Ordinal).Concat(byKeyword.Keys.Where(k => !listed.Contains(k)).Order(StringComparer.Ordinal)).ToList();
        return new RunSnapshot(run, order, byKeyword, profiles);
    }

    private static string? Text(System.Data.Common.DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private static int Int(object value) => Convert.ToInt32(value, CultureInfo.InvariantCulture);
}

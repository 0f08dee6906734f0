using System.Data.Common;
using System.Globalization;

namespace Xhs.Cli.Store;

// Version 1 (the release before runs) to version 2, in the caller's transaction: a kill during it
// leaves version 1 as it was.
internal sealed partial class HarvestDatabase
{
    private static readonly (string Table, string[] Columns)[] Version1 =
    {
        ("users", new[] { "id", "name", "red_id", "raw_json", "first_seen", "last_seen" }),
        ("hits", new[] { "keyword", "page", "rank", "user_id" }),
        ("progress", new[] { "keyword", "page", "users", "fetched_at" }),
    };

    private async Task<bool> IsVersion1Async(DbConnection connection, DbTransaction transaction, HashSet<string> tables, CancellationToken cancellationToken)
    {
        if (!tables.SetEquals(Version1.Select(t => t.Table)))
        {
            return false;
        }

        foreach (var (table, columns) in Version1)
        {
            var sql = IsPostgres
                ? $"SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{table}'"
                : $"SELECT name FROM pragma_table_info('{table}')";
            var found = new HashSet<string>(StringComparer.Ordinal);
            await using var command = Command(connection, transaction, sql);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                found.Add(reader.GetString(0));
            }

            if (!found.SetEquals(columns))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Version 1's rows become run 1: its pages (finished when every keyword's pages run from 1 to the
    /// deepest page stored, or to an empty page), each user's stored profile, and its hits.
    /// </summary>
    private async Task MigrateFromVersion1Async(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, "ALTER TABLE hits RENAME TO hits_v1; ALTER TABLE progress RENAME TO progress_v1;", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, SchemaText(withUsers: false).Replace("CREATE TABLE hits ", "CREATE TABLE hits_v2 ", StringComparison.Ordinal).Replace("CREATE TABLE progress ", "CREATE TABLE progress_v2 ", StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);

        // The run: its keywords in order of first fetch, its pages, and whether every page is there.
        var stored = new Dictionary<string, SortedDictionary<int, int>>(StringComparer.Ordinal);
        var order = new List<string>();
        string? started = null;
        await using (var command = Command(connection, transaction, "SELECT keyword, page, users, fetched_at FROM progress_v1 ORDER BY fetched_at, keyword, page"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var keyword = reader.GetString(0);
                if (!stored.TryGetValue(keyword, out var pages))
                {
                    stored[keyword] = pages = new SortedDictionary<int, int>();
                    order.Add(keyword);
                }

                pages[Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture)] = Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture);
                started ??= reader.GetString(3);
            }
        }

        var deepest = stored.Count == 0 ? 1 : stored.Values.Max(p => p.Keys.Max());
        var complete = stored.Values.All(pages => Enumerable.Range(1, pages.Keys.Max()).All(pages.ContainsKey) && (pages.Keys.Max() == deepest || pages[pages.Keys.Max()] == 0));
        var now = Now();
        await ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO runs (id, started_at, finished_at, keywords, pages, endpoint, signature) VALUES (1, @started, @finished, @keywords, @pages, @endpoint, @signature)",
            cancellationToken,
            ("@started", started ?? now),
            ("@finished", complete ? now : null),
            ("@keywords", RunKeywords.ToJson(order)),
            ("@pages", deepest),
            ("@endpoint", "unknown (harvested before runs were kept)"),
            ("@signature", RunKeywords.Signature(order, deepest))).ConfigureAwait(false);

        // Each user's profile as version 1 kept it (its last), then the hits pointing at it.
        var users = new List<(string Id, string Json)>();
        await using (var command = Command(connection, transaction, "SELECT id, raw_json FROM users"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                users.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (id, json) in users)
        {
            await InsertProfileAsync(connection, transaction, ProfileRow.FromJson(id, json), cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(
            connection,
            transaction,
            """
            INSERT INTO hits_v2 (run_id, keyword, page, position, user_id, digest)
                SELECT 1, h.keyword, h.page, h.rank, h.user_id, COALESCE((SELECT MIN(p.digest) FROM profiles p WHERE p.user_id = h.user_id), 0) FROM hits_v1 h;
            INSERT INTO progress_v2 (run_id, keyword, page, users, fetched_at) SELECT 1, keyword, page, users, fetched_at FROM progress_v1;
            DROP TABLE hits_v1;
            DROP TABLE progress_v1;
            ALTER TABLE hits_v2 RENAME TO hits;
            ALTER TABLE progress_v2 RENAME TO progress;
            """,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores a profile once: a profile seen again (the same JSON) costs nothing more.</summary>
    internal static Task InsertProfileAsync(DbConnection connection, DbTransaction transaction, ProfileRow profile, CancellationToken cancellationToken)
        => ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO profiles (user_id, digest, name, red_id, \"desc\", sub_title, verification, image, raw_json) VALUES (@id, @digest, @name, @red_id, @desc, @sub_title, @verification, @image, @raw) ON CONFLICT DO NOTHING",
            cancellationToken,
            ("@id", profile.UserId),
            ("@digest", profile.Digest),
            ("@name", profile.Name),
            ("@red_id", profile.RedId),
            ("@desc", profile.Desc),
            ("@sub_title", profile.SubTitle),
            ("@verification", profile.Verification),
            ("@image", profile.Image),
            ("@raw", profile.Json));
}

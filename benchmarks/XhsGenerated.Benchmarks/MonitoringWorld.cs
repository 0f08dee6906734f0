using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using Xhs.Cli.Store;

namespace XhsGenerated.Benchmarks;

/// <summary>
/// Fills a harvest database with runs of a moving world, the shape <c>xhs harvest</c> writes (runs,
/// profiles once per version, hits, progress), fast: prepared inserts in one transaction per run on
/// SQLite, binary COPY on PostgreSQL. Keywords come in groups of ten that share a pool of 600 creators.
/// </summary>
internal static class MonitoringWorld
{
    private const int UsersPerKeyword = 100;
    private const int PageSize = 20;

    public static async Task<string> BuildAsync(HarvestDatabase database, int keywords, int runs)
    {
        var random = new Random(20261206);
        var names = Enumerable.Range(0, keywords).Select(i => $"关键词 {i / 10} 号 {i % 10}").ToArray();
        var pools = Enumerable.Range(0, (keywords + 9) / 10).Select(g => Enumerable.Range(0, 600).Select(i => $"{g:x6}{i:x6}{g * 600 + i:x12}").ToArray()).ToArray();
        var versions = new Dictionary<string, int>(StringComparer.Ordinal);
        var rankings = names.Select((_, k) => pools[k / 10].OrderBy(_ => random.Next()).Take(UsersPerKeyword).ToList()).ToArray();
        var stored = new HashSet<(string, long)>();
        var sizes = new List<long>();
        for (var run = 1; run <= runs; run++)
        {
            if (run > 1 && run < runs)
            {
                Move(rankings, pools, versions, random);
            }

            await InsertRunAsync(database, run, names, rankings, versions, stored).ConfigureAwait(false);
            sizes.Add(await SizeAsync(database).ConfigureAwait(false));
        }

        var hits = keywords * UsersPerKeyword;
        var fullCopy = hits * (long)(Json(pools[0][0], 0).Length + 60);
        var moved = sizes[^2] - sizes[^3];
        var unchanged = sizes[^1] - sizes[^2];
        return string.Create(CultureInfo.InvariantCulture, $"{runs} runs of {keywords} keywords × {UsersPerKeyword} users ({hits * (long)runs:N0} ranked rows): {sizes[^1] / 1048576.0:0.0} MiB in all; a run that moved {moved / 1048576.0:0.00} MiB, a run that changed nothing {unchanged / 1048576.0:0.00} MiB, a full copy of a run's profiles ~{fullCopy / 1048576.0:0.0} MiB");
    }

    /// <summary>A day: 3 % of each keyword's users replaced by others of its pool, 15 % swapped with a neighbour, 2 % of creators with a new profile.</summary>
    private static void Move(List<string>[] rankings, string[][] pools, Dictionary<string, int> versions, Random random)
    {
        for (var k = 0; k < rankings.Length; k++)
        {
            var ranking = rankings[k];
            var pool = pools[k / 10];
            for (var i = 0; i < ranking.Count; i++)
            {
                var roll = random.NextDouble();
                if (roll < 0.03)
                {
                    var candidate = pool[random.Next(pool.Length)];
                    if (!ranking.Contains(candidate))
                    {
                        ranking[i] = candidate;
                    }
                }
                else if (roll < 0.18)
                {
                    var j = Math.Clamp(i + random.Next(-5, 6), 0, ranking.Count - 1);
                    (ranking[i], ranking[j]) = (ranking[j], ranking[i]);
                }
            }
        }

        foreach (var creator in pools.SelectMany(p => p).Where(_ => random.NextDouble() < 0.02))
        {
            versions[creator] = versions.GetValueOrDefault(creator) + 1;
        }
    }

    private static string Json(string id, int version)
        => $$"""{"id":"{{id}}","name":"博主{{id[^6..]}}{{(version % 3 == 1 ? "的日常" : "")}}","red_id":"{{id[^11..]}}","desc":"小红书号:{{id[^11..]}}{{(version % 2 == 1 ? "｜好物分享" : "")}}","image":"https://sns-avatar-qc.xhscdn.com/avatar/{{id}}.jpg?imageView2/2/w/360/format/webp","link":"xhsdiscover://1/user/user.{{id}}","sub_title":"粉丝 {{version}}万","reason":"","followed":false,"self":false,"red_official_verified":{{(version % 5 == 4 ? "true" : "false")}},"show_red_official_verify_icon":false,"red_official_verify_type":0}""";

    private static async Task InsertRunAsync(HarvestDatabase database, int run, string[] names, List<string>[] rankings, Dictionary<string, int> versions, HashSet<(string, long)> stored)
    {
        var now = HarvestDatabase.Now();
        var hits = new List<(string Keyword, int Page, int Position, string User, long Digest)>();
        var profiles = new List<ProfileRow>();
        for (var k = 0; k < names.Length; k++)
        {
            for (var i = 0; i < rankings[k].Count; i++)
            {
                var user = rankings[k][i];
                var json = Json(user, versions.GetValueOrDefault(user));
                var digest = ProfileRow.DigestOf(json);
                if (stored.Add((user, digest)))
                {
                    profiles.Add(ProfileRow.FromJson(user, json));
                }

                hits.Add((names[k], i / PageSize + 1, i % PageSize + 1, user, digest));
            }
        }

        await using var connection = await database.Source.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await HarvestDatabase.ExecuteAsync(
            connection,
            transaction,
            "INSERT INTO runs (id, started_at, finished_at, keywords, pages, endpoint, signature) VALUES (@id, @now, @now, @keywords, 5, 'benchmark', @signature)",
            default,
            ("@id", run),
            ("@now", now),
            ("@keywords", RunKeywords.ToJson(names)),
            ("@signature", RunKeywords.Signature(names, 5))).ConfigureAwait(false);
        if (connection is NpgsqlConnection postgres)
        {
            await using (var copy = await postgres.BeginBinaryImportAsync("COPY profiles (user_id, digest, name, red_id, \"desc\", sub_title, verification, image, raw_json) FROM STDIN (FORMAT BINARY)").ConfigureAwait(false))
            {
                foreach (var p in profiles)
                {
                    await copy.WriteRowAsync(default, p.UserId, p.Digest, p.Name, p.RedId, p.Desc, p.SubTitle, p.Verification, p.Image, p.Json).ConfigureAwait(false);
                }

                await copy.CompleteAsync().ConfigureAwait(false);
            }

            await using (var copy = await postgres.BeginBinaryImportAsync("COPY hits (run_id, keyword, page, position, user_id, digest) FROM STDIN (FORMAT BINARY)").ConfigureAwait(false))
            {
                foreach (var h in hits)
                {
                    await copy.StartRowAsync().ConfigureAwait(false);
                    await copy.WriteAsync(run, NpgsqlDbType.Integer).ConfigureAwait(false);
                    await copy.WriteAsync(h.Keyword, NpgsqlDbType.Text).ConfigureAwait(false);
                    await copy.WriteAsync(h.Page, NpgsqlDbType.Integer).ConfigureAwait(false);
                    await copy.WriteAsync(h.Position, NpgsqlDbType.Integer).ConfigureAwait(false);
                    await copy.WriteAsync(h.User, NpgsqlDbType.Text).ConfigureAwait(false);
                    await copy.WriteAsync(h.Digest, NpgsqlDbType.Bigint).ConfigureAwait(false);
                }

                await copy.CompleteAsync().ConfigureAwait(false);
            }
        }
        else
        {
            foreach (var p in profiles)
            {
                await HarvestDatabase.InsertProfileAsync(connection, transaction, p, default).ConfigureAwait(false);
            }

            await using var insert = HarvestDatabase.Command(connection, transaction, "INSERT INTO hits (run_id, keyword, page, position, user_id, digest) VALUES (@run, @keyword, @page, @position, @user, @digest)", ("@run", run), ("@keyword", ""), ("@page", 0), ("@position", 0), ("@user", ""), ("@digest", 0L));
            insert.Prepare();
            foreach (var h in hits)
            {
                insert.Parameters[1].Value = h.Keyword;
                insert.Parameters[2].Value = h.Page;
                insert.Parameters[3].Value = h.Position;
                insert.Parameters[4].Value = h.User;
                insert.Parameters[5].Value = h.Digest;
                await insert.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }

        foreach (var keyword in names)
        {
            for (var page = 1; page <= UsersPerKeyword / PageSize; page++)
            {
                await HarvestDatabase.ExecuteAsync(connection, transaction, "INSERT INTO progress (run_id, keyword, page, users, fetched_at) VALUES (@run, @keyword, @page, 20, @now)", default, ("@run", run), ("@keyword", keyword), ("@page", page), ("@now", now)).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync().ConfigureAwait(false);
    }

    private static async Task<long> SizeAsync(HarvestDatabase database)
    {
        await using var connection = await database.Source.OpenConnectionAsync().ConfigureAwait(false);
        if (connection is SqliteConnection)
        {
            await HarvestDatabase.ExecuteAsync(connection, null, "PRAGMA wal_checkpoint(TRUNCATE)", default).ConfigureAwait(false);
            return Convert.ToInt64(await HarvestDatabase.ScalarAsync(connection, null, "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()", default).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        return Convert.ToInt64(await HarvestDatabase.ScalarAsync(connection, null, "SELECT SUM(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'", default).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }
}

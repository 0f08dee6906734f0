using System.Data.Common;
using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Cli;

/// <summary><c>xhs harvest</c> as processes, against the standalone sandbox, real Redis and real databases.</summary>
public sealed class HarvestTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("xhs-harvest-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }

    private string KeywordFile(int count, string prefix = "关键词")
    {
        var path = Path.Combine(_work, $"keywords-{prefix}-{count}.txt");
        File.WriteAllLines(path, Enumerable.Range(1, count).Select(i => $"{prefix} {i}").Prepend("# one keyword per line").Append(""));
        return path;
    }

    private static async Task<(long Users, long DistinctHitUsers, long Hits, long Pages, long Orphans)> CountsAsync(DbConnection connection)
    {
        async Task<long> Scalar(string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return (
            await Scalar("SELECT COUNT(*) FROM users"),
            await Scalar("SELECT COUNT(DISTINCT user_id) FROM hits"),
            await Scalar("SELECT COUNT(*) FROM hits"),
            await Scalar("SELECT COUNT(*) FROM progress"),
            await Scalar("SELECT COUNT(*) FROM hits WHERE user_id NOT IN (SELECT id FROM users)"));
    }

    /// <summary>Everything but timestamps, in a stable order: what two runs must agree on.</summary>
    private static async Task<List<string>> ContentAsync(string sqliteFile)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqliteFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        var rows = new List<string>();
        foreach (var sql in new[]
        {
            "SELECT 'u|' || id || '|' || IFNULL(name, '') || '|' || IFNULL(red_id, '') || '|' || raw_json FROM users ORDER BY id",
            "SELECT 'h|' || run_id || '|' || keyword || '|' || page || '|' || position || '|' || user_id || '|' || digest FROM hits ORDER BY run_id, keyword, page, position",
            "SELECT 'p|' || run_id || '|' || keyword || '|' || page || '|' || users FROM progress ORDER BY run_id, keyword, page",
            "SELECT 'r|' || id || '|' || keywords || '|' || pages || '|' || (finished_at IS NOT NULL) FROM runs ORDER BY id",
        })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }
        }

        return rows;
    }

    [PostgresFact]
    public async Task Processes_starting_together_on_a_new_postgres_database_all_create_the_schema_and_store()
    {
        // CREATE TABLE IF NOT EXISTS races with itself in PostgreSQL (23505 on pg_type); CI met it
        // with three processes. Eight at once, on three fresh databases.
        using var postgres = await PostgresServer.StartAsync();
        for (var round = 0; round < 3; round++)
        {
            var database = $"schema_race_{round}";
            await using (var admin = new NpgsqlConnection(postgres.ConnectionString))
            {
                await admin.OpenAsync();
                await using var create = admin.CreateCommand();
                create.CommandText = $"CREATE DATABASE {database}";
                await create.ExecuteNonQueryAsync();
            }

            var connectionString = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Database = database }.ConnectionString;
            var runs = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
                CliRunner.RunAsync(["harvest", "--keywords", KeywordFile(1, $"race{round}-{i}"), "--pages", "1", "--db", connectionString])));

            Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Stderr));
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            var counts = await CountsAsync(connection);
            Assert.Equal(8L, counts.Pages);
            Assert.Equal(0L, counts.Orphans);
        }
    }

    [RedisAndPostgresFact]
    public async Task Three_processes_sharing_redis_and_postgres_request_every_page_once_keep_the_rate_and_store_every_user_once()
    {
        using var redis = await RedisServer.StartAsync();
        using var postgres = await PostgresServer.StartAsync();
        var (sandbox, address) = await StandaloneSandbox.StartAsync("--rate-limit", "10");
        try
        {
            var keywords = KeywordFile(30);
            string[] args = ["harvest", "--keywords", keywords, "--pages", "2", "--db", postgres.ConnectionString, "--redis", redis.Configuration, "--rate", "6", "--concurrency", "3", "--endpoint", address, "--token", "sandbox-token"];

            var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => CliRunner.RunAsync(args)));

            Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Stderr));
            var stats = await StandaloneSandbox.StatsAsync(address);
            Assert.Null(stats["byCode"]!["302"]);
            var requested = StandaloneSandbox.Requested(stats);
            Assert.Equal(60, requested.Count);
            Assert.All(requested, r => Assert.True(r.Value == 1, $"{r.Key} was requested {r.Value} times"));
            Assert.Equal(60, runs.Sum(r => int.Parse(Regex.Match(r.Stderr, @"(\d+) page\(s\) requested").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
            await using var connection = new NpgsqlConnection(postgres.ConnectionString);
            await connection.OpenAsync();
            var counts = await CountsAsync(connection);
            // Related keywords share creators (the sandbox's pools): a user is stored once however many keywords found it.
            Assert.Equal((counts.DistinctHitUsers, 1200L, 60L, 0L), (counts.Users, counts.Hits, counts.Pages, counts.Orphans));
            Assert.InRange(counts.Users, 600L, 1199L);
        }
        finally
        {
            sandbox.Kill(entireProcessTree: true);
            await sandbox.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task A_harvest_stopped_mid_run_resumes_where_it_stopped_requests_no_page_twice_and_ends_with_the_same_database()
    {
        var keywords = KeywordFile(12, "resume");
        var (sandbox, address) = await StandaloneSandbox.StartAsync();
        var (reference, referenceAddress) = await StandaloneSandbox.StartAsync();
        try
        {
            var db = Path.Combine(_work, "resumed.db");
            string[] args = ["harvest", "--keywords", keywords, "--pages", "2", "--db", db, "--rate", "6", "--concurrency", "2", "--endpoint", address, "--token", "sandbox-token"];

            // Stopped (kill, SIGTERM) once a few pages are stored.
            using (var first = CliRunner.Start(args))
            {
                var stderr = new List<string>();
                while (stderr.Count(l => l.Contains(" page ", StringComparison.Ordinal)) < 5)
                {
                    var line = await first.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
                    Assert.NotNull(line);
                    stderr.Add(line);
                }

                using (var kill = Process.Start("kill", ["-TERM", first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                {
                    await kill.WaitForExitAsync();
                }

                var rest = await first.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromMinutes(1));
                await first.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
                Assert.Equal(130, first.ExitCode);
                Assert.Contains("run the same command again to continue", rest, StringComparison.Ordinal);
            }

            var stoppedAt = StandaloneSandbox.Requested(await StandaloneSandbox.StatsAsync(address)).Count;
            var resumed = await CliRunner.RunAsync(args);
            var clean = await CliRunner.RunAsync(["harvest", "--keywords", keywords, "--pages", "2", "--db", Path.Combine(_work, "clean.db"), "--endpoint", referenceAddress, "--token", "sandbox-token"]);

            Assert.True(resumed.ExitCode == 0, resumed.Stderr);
            Assert.True(clean.ExitCode == 0, clean.Stderr);
            Assert.InRange(stoppedAt, 5, 23);
            Assert.Contains($"{24 - stoppedAt} page(s) requested, {stoppedAt} already stored", resumed.Stderr, StringComparison.Ordinal);
            var requested = StandaloneSandbox.Requested(await StandaloneSandbox.StatsAsync(address));
            Assert.Equal(24, requested.Count);
            Assert.All(requested, r => Assert.True(r.Value == 1, $"{r.Key} was requested {r.Value} times"));
            Assert.Equal(await ContentAsync(Path.Combine(_work, "clean.db")), await ContentAsync(db));
        }
        finally
        {
            sandbox.Kill(entireProcessTree: true);
            reference.Kill(entireProcessTree: true);
            await sandbox.WaitForExitAsync();
            await reference.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Without_a_token_it_harvests_the_embedded_sandbox_into_sqlite_and_stops_at_a_keywords_last_page()
    {
        var keywords = KeywordFile(2, "embedded");
        var db = Path.Combine(_work, "embedded.db");

        var result = await CliRunner.RunAsync(["harvest", "--keywords", keywords, "--pages", "12", "--db", db]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("local sandbox", result.Stderr, StringComparison.Ordinal);
        await using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        await connection.OpenAsync();
        var (users, distinct, hits, pages, orphans) = await CountsAsync(connection);
        Assert.Equal(users, distinct);
        Assert.InRange(users, 1, hits);
        Assert.Equal(0, orphans);

        // 5 to 9 pages per keyword, then one empty page: never all 12.
        Assert.InRange(pages, 2 * 6, 2 * 10);
        Assert.Contains("every page is stored", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Code_201_stores_the_page_as_empty_and_ends_the_keyword_and_code_602_stops_with_exit_3_naming_the_spend_limit()
    {
        var keywords = KeywordFile(2, "no content");
        var db = Path.Combine(_work, "no-content.db");
        await StandaloneSandbox.RunAsync(async address =>
        {
            var result = await CliRunner.RunAsync(["harvest", "--keywords", keywords, "--pages", "3", "--db", db, "--endpoint", address, "--token", "sandbox-token"]);

            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Contains("every page is stored", result.Stderr, StringComparison.Ordinal);
            // Each keyword's first page answered 201: stored with no users, and the pages after it never asked for.
            var requested = StandaloneSandbox.Requested(await StandaloneSandbox.StatsAsync(address));
            Assert.Equal([("no content 1", 1), ("no content 2", 1)], requested.Keys.Order());
            Assert.All(requested.Values, count => Assert.Equal(1, count));
            await using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
            await connection.OpenAsync();
            var (_, _, hits, pages, _) = await CountsAsync(connection);
            Assert.Equal((0, 2), (hits, pages));
        }, "--fault-code", "201");

        await StandaloneSandbox.RunAsync(async address =>
        {
            var result = await CliRunner.RunAsync(["harvest", "--keywords", keywords, "--pages", "3", "--db", db, "--endpoint", address, "--token", "sandbox-token", "--new-run"]);

            Assert.Equal(3, result.ExitCode);
            Assert.Contains("spend limit", result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("sandbox-token", result.Stderr, StringComparison.Ordinal);
            // Never retried: a first page per keyword at most (the keywords run side by side), each asked once, then the harvest stops.
            var requested = StandaloneSandbox.Requested(await StandaloneSandbox.StatsAsync(address));
            Assert.InRange(requested.Count, 1, 2);
            Assert.All(requested, r => Assert.Equal((1, 1), (r.Key.Item2, r.Value)));
        }, "--fault-code", "602");
    }
}

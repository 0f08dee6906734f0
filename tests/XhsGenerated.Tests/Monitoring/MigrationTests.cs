using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Monitoring;

/// <summary>
/// A database written by the release before runs (Assets/harvest-v1.db: xhs harvest of 穿搭, 穿搭男 and
/// 咖啡, 2 pages, by that release) opens, migrates in place and reads as run 1 with every row kept;
/// a database that is not ours is refused and left as it was.
/// </summary>
public sealed class MigrationTests : IDisposable
{
    private static readonly string Asset = Path.Combine(AppContext.BaseDirectory, "Monitoring", "Assets", "harvest-v1.db");
    private readonly string _work = Directory.CreateTempSubdirectory("xhs-migration-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }

    private string CopyOfAsset()
    {
        var path = Path.Combine(_work, Guid.NewGuid().ToString("N")[..8] + ".db");
        File.Copy(Asset, path);
        return path;
    }

    private static SqliteConnection Open(string path) => new(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());

    private static async Task<List<string>> RowsAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    private static async Task<(List<string> Users, List<string> Hits, List<string> Pages)> Version1RowsAsync(DbConnection connection, string position)
        => (await RowsAsync(connection, "SELECT id, name, red_id, raw_json, first_seen, last_seen FROM users ORDER BY id"),
            await RowsAsync(connection, $"SELECT keyword, page, {position}, user_id FROM hits ORDER BY keyword, page, {position}"),
            await RowsAsync(connection, "SELECT keyword, page, users, fetched_at FROM progress ORDER BY keyword, page"));

    [Fact]
    public async Task A_sqlite_database_of_the_release_before_runs_migrates_to_run_1_with_every_row_kept()
    {
        var db = CopyOfAsset();
        (List<string> Users, List<string> Hits, List<string> Pages) before;
        await using (var connection = Open(db))
        {
            await connection.OpenAsync();
            before = await Version1RowsAsync(connection, "rank");
        }

        var runs = await MonitoringFixture.JsonAsync("runs", "--db", db, "--format", "json");

        var run = Assert.Single(runs)!;
        Assert.Equal(1, run["id"]!.GetValue<int>());
        Assert.NotNull(run["finished"]);
        Assert.Equal(new[] { "穿搭", "穿搭男", "咖啡" }.Order(StringComparer.Ordinal), run["keywords"]!.AsArray().Select(k => k!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(6, run["pages_stored"]!.GetValue<int>());
        Assert.Equal(before.Users.Count, run["users"]!.GetValue<int>());
        await using (var connection = Open(db))
        {
            await connection.OpenAsync();
            var after = await Version1RowsAsync(connection, "position");
            Assert.Equal(before.Users, after.Users);
            Assert.Equal(before.Hits, after.Hits);
            Assert.Equal(before.Pages, after.Pages);
            Assert.Equal(["1"], (await RowsAsync(connection, "SELECT DISTINCT run_id FROM hits")));
            Assert.Equal(before.Users.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), (await RowsAsync(connection, "SELECT COUNT(*) FROM profiles")).Single());
            Assert.Empty(await RowsAsync(connection, "SELECT h.user_id FROM hits h LEFT JOIN profiles p ON p.user_id = h.user_id AND p.digest = h.digest WHERE p.user_id IS NULL"));
        }

        // Opened again, it is not migrated twice; a harvest of the same keywords is run 2 (run 1 is finished).
        Assert.Single(await MonitoringFixture.JsonAsync("runs", "--db", db, "--format", "json"));
        var keywords = MonitoringFixture.KeywordFile(_work, ["穿搭", "穿搭男", "咖啡"]);
        var harvest = await CliRunner.RunAsync(["harvest", "--keywords", keywords, "--pages", "2", "--db", db]);
        Assert.True(harvest.ExitCode == 0, harvest.Stderr);
        Assert.Contains("Run 2.", harvest.Stderr, StringComparison.Ordinal);
        var changes = await CliRunner.RunAsync(["changes", "--db", db, "--format", "json"]);
        Assert.True(changes.ExitCode == 0, changes.Stderr);
    }

    [Fact]
    public async Task A_version_1_database_missing_a_page_becomes_an_unfinished_run_1_that_the_same_harvest_resumes()
    {
        var db = CopyOfAsset();
        await using (var connection = Open(db))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM hits WHERE keyword = '咖啡' AND page = 2; DELETE FROM progress WHERE keyword = '咖啡' AND page = 2;";
            await command.ExecuteNonQueryAsync();
        }

        var runs = await MonitoringFixture.JsonAsync("runs", "--db", db, "--format", "json");
        Assert.Null(Assert.Single(runs)!["finished"]);

        var keywords = MonitoringFixture.KeywordFile(_work, ["穿搭", "穿搭男", "咖啡"]);
        var harvest = await CliRunner.RunAsync(["harvest", "--keywords", keywords, "--pages", "2", "--db", db]);
        Assert.True(harvest.ExitCode == 0, harvest.Stderr);
        Assert.Contains("Resuming run 1", harvest.Stderr, StringComparison.Ordinal);
        Assert.Contains("1 page(s) requested, 5 already stored", harvest.Stderr, StringComparison.Ordinal);
        Assert.NotNull(Assert.Single(await MonitoringFixture.JsonAsync("runs", "--db", db, "--format", "json"))!["finished"]);
    }

    [PostgresFact]
    public async Task A_postgres_database_of_the_release_before_runs_migrates_to_run_1_with_every_row_kept()
    {
        using var postgres = await PostgresServer.StartAsync();
        await using var target = new NpgsqlConnection(postgres.ConnectionString);
        await target.OpenAsync();
        await using (var source = Open(Asset))
        {
            // Version 1's schema, as that release created it on PostgreSQL, filled with the asset's rows.
            await source.OpenAsync();
            await using (var create = target.CreateCommand())
            {
                create.CommandText = """
                    CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT, red_id TEXT, raw_json TEXT NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL);
                    CREATE TABLE hits (keyword TEXT NOT NULL, page INTEGER NOT NULL, rank INTEGER NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (keyword, page, rank));
                    CREATE TABLE progress (keyword TEXT NOT NULL, page INTEGER NOT NULL, users INTEGER NOT NULL, fetched_at TEXT NOT NULL, PRIMARY KEY (keyword, page));
                    """;
                await create.ExecuteNonQueryAsync();
            }

            foreach (var (table, columns) in new[] { ("users", 6), ("hits", 4), ("progress", 4) })
            {
                await using var read = source.CreateCommand();
                read.CommandText = $"SELECT * FROM {table}";
                await using var reader = await read.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    await using var insert = target.CreateCommand();
                    insert.CommandText = $"INSERT INTO {table} VALUES ({string.Join(", ", Enumerable.Range(0, columns).Select(i => "$" + (i + 1)))})";
                    for (var i = 0; i < columns; i++)
                    {
                        insert.Parameters.Add(new NpgsqlParameter { Value = reader.GetValue(i) is long l ? (int)l : reader.GetValue(i) });
                    }

                    await insert.ExecuteNonQueryAsync();
                }
            }
        }

        var before = await Version1RowsAsync(target, "rank");
        var runs = await MonitoringFixture.JsonAsync("runs", "--db", postgres.ConnectionString, "--format", "json");

        var run = Assert.Single(runs)!;
        Assert.NotNull(run["finished"]);
        Assert.Equal(6, run["pages_stored"]!.GetValue<int>());
        var after = await Version1RowsAsync(target, "position");
        Assert.Equal(before.Users, after.Users);
        Assert.Equal(before.Hits, after.Hits);
        Assert.Equal(before.Pages, after.Pages);
    }

    [Fact]
    public async Task A_sqlite_file_of_another_application_is_refused_with_exit_2_and_left_byte_for_byte()
    {
        var db = Path.Combine(_work, "other-app.db");
        await using (var connection = Open(db))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);";
            await command.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        var bytes = await File.ReadAllBytesAsync(db);
        var keywords = MonitoringFixture.KeywordFile(_work, ["穿搭"]);
        foreach (var args in new[] { new[] { "runs", "--db", db }, ["changes", "--db", db], ["harvest", "--keywords", keywords, "--db", db] })
        {
            var result = await CliRunner.RunAsync(args);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("did not make (invoices)", result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        }

        Assert.Equal(bytes, await File.ReadAllBytesAsync(db));
        Assert.False(File.Exists(db + "-wal") && new FileInfo(db + "-wal").Length > 0);
    }
}

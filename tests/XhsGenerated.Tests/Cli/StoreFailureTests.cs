using Microsoft.Data.Sqlite;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Cli;

/// <summary>
/// A SQLite store on a disk that fails for real (<see cref="SmallDisk"/>): full mid-run, and read-only
/// from the start: one line naming the file, exit 1, every stored page whole, and a next run that
/// resumes without paying again for what was stored. And a store another writer holds locked: waited for.
/// </summary>
public sealed class StoreFailureTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("xhs-store-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }

    private string Files() => Directory.CreateDirectory(Path.Combine(_work, "files")).FullName;

    private string Keywords(int count)
    {
        var path = Path.Combine(_work, "keywords.txt");
        File.WriteAllLines(path, Enumerable.Range(1, count).Select(i => $"disk {i}"));
        return path;
    }

    private static string[] Harvest(string keywords, string db, string address)
        => ["harvest", "--keywords", keywords, "--pages", "3", "--concurrency", "1", "--db", db, "--endpoint", address, "--token", "sandbox-token"];

    private static async Task<List<string>> ScalarsAsync(string db, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    [Fact]
    public async Task A_disk_that_fills_up_mid_harvest_stops_it_with_one_line_naming_the_file_and_the_next_run_resumes()
    {
        await StandaloneSandbox.RunAsync(async address =>
        {
            var files = Files();
            var keywords = Keywords(10);
            var onDisk = Path.Combine(SmallDisk.Disk(_work), "store.db");

            // 256 KiB holds a few pages of 20 users, not 30.
            var full = await SmallDisk.RunAsync(_work, files, "256k", readOnly: false, Harvest(keywords, onDisk, address));

            Assert.Equal(1, full.ExitCode);
            var line = Assert.Single(full.Stderr.Split('\n'), l => l.StartsWith("xhs: ", StringComparison.Ordinal));
            Assert.Contains($"the SQLite file {onDisk} cannot store", line, StringComparison.Ordinal);
            Assert.Contains("database or disk is full", line, StringComparison.Ordinal);
            Assert.Contains("disk has room", line, StringComparison.Ordinal);

            // What the full disk kept is whole: every stored page has all its hits, every hit its user.
            var db = Path.Combine(files, "store.db");
            Assert.Equal(["ok"], await ScalarsAsync(db, "PRAGMA integrity_check"));
            var stored = (await ScalarsAsync(db, "SELECT COUNT(*) FROM progress")).Select(int.Parse).Single();
            Assert.InRange(stored, 1, 29);
            Assert.Empty(await ScalarsAsync(db, "SELECT p.keyword FROM progress p WHERE p.users <> (SELECT COUNT(*) FROM hits h WHERE h.keyword = p.keyword AND h.page = p.page)"));
            Assert.Empty(await ScalarsAsync(db, "SELECT user_id FROM hits WHERE user_id NOT IN (SELECT id FROM users)"));

            // On a disk with room, the same command finishes, requesting only what was not stored.
            var resumed = await CliRunner.RunAsync(Harvest(keywords, db, address));

            Assert.True(resumed.ExitCode == 0, resumed.Stderr);
            Assert.Equal(["30"], await ScalarsAsync(db, "SELECT COUNT(*) FROM progress"));
            var requested = await StandaloneSandbox.StatsAsync(address) is var stats ? StandaloneSandbox.Requested(stats) : null;
            Assert.Equal(30, requested!.Count);
            // Only the page the full disk refused (one at a time: --concurrency 1) was paid for twice.
            Assert.True(requested.Count(r => r.Value > 1) <= 1, string.Join(", ", requested.Where(r => r.Value > 1)));
            Assert.All(requested, r => Assert.InRange(r.Value, 1, 2));
        });
    }

    [Fact]
    public async Task A_read_only_store_is_refused_at_start_with_one_line_naming_the_file_before_any_page_is_paid_for()
    {
        await StandaloneSandbox.RunAsync(async address =>
        {
            var files = Files();
            var keywords = Keywords(2);
            var seeded = await CliRunner.RunAsync(["harvest", "--keywords", keywords, "--pages", "1", "--db", Path.Combine(files, "store.db"), "--endpoint", address, "--token", "sandbox-token"]);
            Assert.True(seeded.ExitCode == 0, seeded.Stderr);
            var before = File.ReadAllBytes(Path.Combine(files, "store.db"));
            var onDisk = Path.Combine(SmallDisk.Disk(_work), "store.db");

            var refused = await SmallDisk.RunAsync(_work, files, "8m", readOnly: true, Harvest(keywords, onDisk, address));

            Assert.Equal(1, refused.ExitCode);
            var line = Assert.Single(refused.Stderr.Split('\n'), l => l.StartsWith("xhs: ", StringComparison.Ordinal));
            Assert.Contains($"the SQLite file {onDisk} cannot be opened", line, StringComparison.Ordinal);
            // SQLITE_READONLY (8), or SQLITE_CANTOPEN (14) for a WAL file whose shared memory cannot be made.
            Assert.Matches("SQLite error (8|14): ", line);
            Assert.Contains("writable", line, StringComparison.Ordinal);
            Assert.Equal(before, File.ReadAllBytes(Path.Combine(files, "store.db")));
            // Only the seeding run's two pages were ever requested.
            var requested = StandaloneSandbox.Requested(await StandaloneSandbox.StatsAsync(address));
            Assert.Equal(2, requested.Sum(r => r.Value));
        });
    }

    [Fact]
    public async Task A_store_another_process_holds_locked_is_waited_for_and_the_harvest_finishes()
    {
        await StandaloneSandbox.RunAsync(async address =>
        {
            var db = Path.Combine(Files(), "store.db");
            // The store is made by a run of its own keyword, so the run under test pays each of its pages once.
            var seed = Path.Combine(_work, "seed.txt");
            File.WriteAllLines(seed, ["disk seed"]);
            var seeded = await CliRunner.RunAsync(["harvest", "--keywords", seed, "--pages", "1", "--db", db, "--endpoint", address, "--token", "sandbox-token"]);
            var keywords = Keywords(2);
            Assert.True(seeded.ExitCode == 0, seeded.Stderr);

            // Another writer holds the file's write lock for three seconds.
            await using (var holder = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Pooling = false }.ToString()))
            {
                await holder.OpenAsync();
                await using var hold = holder.CreateCommand();
                hold.CommandText = "BEGIN IMMEDIATE";
                await hold.ExecuteNonQueryAsync();
                var harvest = CliRunner.RunAsync(Harvest(keywords, db, address));
                await Task.Delay(TimeSpan.FromSeconds(3));
                Assert.False(harvest.IsCompleted, "the harvest did not wait for the lock");
                hold.CommandText = "ROLLBACK";
                await hold.ExecuteNonQueryAsync();

                var result = await harvest;
                Assert.True(result.ExitCode == 0, result.Stderr);
            }

            Assert.Equal(["6"], await ScalarsAsync(db, "SELECT COUNT(*) FROM progress WHERE keyword LIKE 'disk _'"));
            Assert.All(StandaloneSandbox.Requested(await StandaloneSandbox.StatsAsync(address)), r => Assert.Equal(1, r.Value));
        });
    }
}

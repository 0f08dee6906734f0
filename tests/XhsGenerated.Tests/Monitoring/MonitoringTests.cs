using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Monitoring;

/// <summary>Runs, changes and overlap through the built <c>xhs</c>, against sandboxes on two days, on SQLite and PostgreSQL.</summary>
public sealed class MonitoringTests : IDisposable
{
    private const int Pages = 3;
    private readonly string _work = Directory.CreateTempSubdirectory("xhs-monitoring-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public Task On_sqlite_two_harvests_a_day_apart_list_exactly_the_changes_and_overlap_the_sandbox_answers_imply()
        => TwoDaysAsync(Path.Combine(_work, "two-days.db"));

    [PostgresFact]
    public async Task On_postgres_two_harvests_a_day_apart_list_exactly_the_changes_and_overlap_the_sandbox_answers_imply()
    {
        using var postgres = await PostgresServer.StartAsync();
        await TwoDaysAsync(postgres.ConnectionString);
    }

    private async Task TwoDaysAsync(string db)
    {
        var keywords = MonitoringFixture.KeywordFile(_work, MonitoringFixture.Keywords);
        await StandaloneSandbox.RunAsync(dayOne => StandaloneSandbox.RunAsync(async dayTwo =>
        {
            foreach (var address in new[] { dayOne, dayTwo })
            {
                var harvest = await CliRunner.RunAsync(["harvest", "--keywords", keywords, "--pages", Pages.ToString(System.Globalization.CultureInfo.InvariantCulture), "--db", db, "--endpoint", address, "--token", "sandbox-token"]);
                Assert.True(harvest.ExitCode == 0, harvest.Stderr);
            }

            var runs = await MonitoringFixture.JsonAsync("runs", "--db", db, "--format", "json");
            Assert.Equal([1, 2], runs.Select(r => r!["id"]!.GetValue<int>()));
            Assert.All(runs, r => Assert.NotNull(r!["finished"]));
            Assert.All(runs, r => Assert.Equal(MonitoringFixture.Keywords.Length * Pages, r!["pages_stored"]!.GetValue<int>()));
            Assert.DoesNotContain("sandbox-token", runs.ToJsonString(), StringComparison.Ordinal);

            var changes = await MonitoringFixture.JsonAsync("changes", "--db", db, "--format", "json");
            var expected = await MonitoringFixture.ExpectedChangesAsync(dayOne, dayTwo, MonitoringFixture.Keywords, Pages);
            Assert.Equal(expected, MonitoringFixture.RankChanges(changes));
            foreach (var kind in new[] { "new", "gone", "moved" })
            {
                Assert.Contains(changes, c => c!["kind"]!.GetValue<string>() == kind);
            }

            Assert.All(changes, c => Assert.Equal(["kind", "keyword", "user_id", "name", "from_rank", "to_rank", "field", "old", "new"], c!.AsObject().Select(p => p.Key)));
            await AssertProfileChangesAsync(dayOne, dayTwo, changes);

            // --check says something changed; one keyword is only that keyword's changes.
            var check = await CliRunner.RunAsync(["changes", "--db", db, "--check", "--format", "csv"]);
            Assert.Equal(3, check.ExitCode);
            Assert.Equal(changes.Count + 1, check.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            var coffee = await MonitoringFixture.JsonAsync("changes", "--db", db, "--format", "json", "--keyword", "咖啡");
            Assert.Equal(MonitoringFixture.RankChanges(changes).Where(l => l.Split('|')[1] == "咖啡"), MonitoringFixture.RankChanges(coffee));

            await AssertOverlapAsync(db, dayTwo);
        }, "--day", "20001"), "--day", "20000");
    }

    /// <summary>Name, description and subtitle changes are exactly those of users both days list under a keyword.</summary>
    private static async Task AssertProfileChangesAsync(string dayOne, string dayTwo, JsonArray changes)
    {
        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var keyword in MonitoringFixture.Keywords)
        {
            var before = await MonitoringFixture.RankingAsync(dayOne, keyword, Pages);
            var after = await MonitoringFixture.RankingAsync(dayTwo, keyword, Pages);
            foreach (var (id, (_, user)) in after.Where(a => before.ContainsKey(a.Key)))
            {
                foreach (var field in new[] { "name", "desc", "sub_title" })
                {
                    var old = before[id].User[field]?.GetValue<string>();
                    var now = user[field]?.GetValue<string>();
                    if (old != now)
                    {
                        expected.Add($"{id}|{field}|{old}|{now}");
                    }
                }
            }
        }

        var listed = changes.Where(c => c!["kind"]!.GetValue<string>() == "profile" && c["field"]!.GetValue<string>() != "verification")
            .Select(c => $"{c!["user_id"]}|{c["field"]}|{c["old"]}|{c["new"]}").ToHashSet(StringComparer.Ordinal);
        Assert.Equal(expected.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    /// <summary>The users under two or more keywords, and the pairs' shared counts, as the second day's answers give them.</summary>
    private static async Task AssertOverlapAsync(string db, string dayTwo)
    {
        var rankings = new Dictionary<string, Dictionary<string, (int Rank, JsonObject User)>>();
        foreach (var keyword in MonitoringFixture.Keywords)
        {
            rankings[keyword] = await MonitoringFixture.RankingAsync(dayTwo, keyword, Pages);
        }

        var overlap = await MonitoringFixture.JsonAsync("overlap", "--db", db, "--format", "json", "--top", "0");
        var shared = rankings.SelectMany(r => r.Value.Keys).GroupBy(u => u).Where(g => g.Count() >= 2).ToDictionary(g => g.Key, g => g.Count());
        var users = overlap.Where(o => o!["kind"]!.GetValue<string>() == "user").ToList();
        Assert.Equal(shared.Keys.Order(StringComparer.Ordinal), users.Select(u => u!["user_id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(users, u => Assert.Equal(shared[u!["user_id"]!.GetValue<string>()], u["keyword_count"]!.GetValue<int>()));
        var counts = users.Select(u => u!["keyword_count"]!.GetValue<int>()).ToList();
        Assert.Equal(counts.OrderDescending(), counts);

        var pairs = overlap.Where(o => o!["kind"]!.GetValue<string>() == "pair").ToList();
        Assert.NotEmpty(pairs);
        foreach (var pair in pairs)
        {
            var a = rankings[pair!["first_keyword"]!.GetValue<string>()].Keys;
            var b = rankings[pair["second_keyword"]!.GetValue<string>()].Keys;
            var both = a.Intersect(b).Count();
            Assert.Equal(both, pair["shared"]!.GetValue<int>());
            Assert.Equal(Math.Round(both / (double)a.Union(b).Count(), 4), pair["jaccard"]!.GetValue<double>(), 4);
        }

        // The related keywords share creators: 穿搭 with 穿搭男 and 男士穿搭, 咖啡 with 咖啡店.
        Assert.Contains(pairs, p => p!["first_keyword"]!.GetValue<string>() == "穿搭" && p["second_keyword"]!.GetValue<string>() == "穿搭男");
        Assert.Contains(pairs, p => p!["first_keyword"]!.GetValue<string>() == "咖啡" && p["second_keyword"]!.GetValue<string>() == "咖啡店");
    }

    [Fact]
    public async Task A_harvest_killed_mid_run_resumes_the_same_run_pays_no_page_twice_and_changes_waits_for_it()
    {
        var db = Path.Combine(_work, "killed.db");
        var keywords = MonitoringFixture.KeywordFile(_work, Enumerable.Range(1, 8).Select(i => $"监控 {i}"));
        await StandaloneSandbox.RunAsync(async dayOne =>
        {
            var first = await CliRunner.RunAsync(["harvest", "--keywords", keywords, "--pages", "2", "--db", db, "--endpoint", dayOne, "--token", "sandbox-token"]);
            Assert.True(first.ExitCode == 0, first.Stderr);
        }, "--day", "20000");

        await StandaloneSandbox.RunAsync(async dayTwo =>
        {
            string[] args = ["harvest", "--keywords", keywords, "--pages", "2", "--db", db, "--endpoint", dayTwo, "--token", "sandbox-token", "--rate", "4", "--concurrency", "1"];
            using (var killed = CliRunner.Start(args))
            {
                var stored = 0;
                while (stored < 4)
                {
                    var line = await killed.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
                    Assert.NotNull(line);
                    stored += line.Contains(" users", StringComparison.Ordinal) && line.Contains(" page ", StringComparison.Ordinal) ? 1 : 0;
                }

                using (var kill = Process.Start("kill", ["-KILL", killed.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                {
                    await kill.WaitForExitAsync();
                }

                await killed.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            }

            var runs = await MonitoringFixture.JsonAsync("runs", "--db", db, "--format", "json");
            Assert.Equal(2, runs.Count);
            Assert.Null(runs[1]!["finished"]);
            var ignored = await CliRunner.RunAsync(["changes", "--db", db]);
            Assert.Equal(2, ignored.ExitCode);
            Assert.Contains("1 finished run(s) and 1 unfinished", ignored.Stderr, StringComparison.Ordinal);

            var resumed = await CliRunner.RunAsync(args);
            Assert.True(resumed.ExitCode == 0, resumed.Stderr);
            Assert.Contains("Resuming run 2", resumed.Stderr, StringComparison.Ordinal);
            // Every page was requested; none twice but the one that may have been in flight at the kill
            // (paid, never answered to a living process: nothing can store it), with --concurrency 1.
            var requested = StandaloneSandbox.Requested(await StandaloneSandbox.StatsAsync(dayTwo));
            Assert.Equal(16, requested.Count);
            Assert.All(requested, r => Assert.True(r.Value <= 2, $"{r.Key} was requested {r.Value} times"));
            Assert.True(requested.Count(r => r.Value == 2) <= 1, string.Join(", ", requested.Where(r => r.Value > 1)));

            runs = await MonitoringFixture.JsonAsync("runs", "--db", db, "--format", "json");
            Assert.Equal(2, runs.Count);
            Assert.All(runs, r => Assert.NotNull(r!["finished"]));
            var changes = await CliRunner.RunAsync(["changes", "--db", db, "--format", "json"]);
            Assert.True(changes.ExitCode == 0, changes.Stderr);
            Assert.Contains("From run 1", changes.Stderr, StringComparison.Ordinal);

            // A finished run is never resumed: the same harvest again is run 3; --new-run forces one.
            var again = await CliRunner.RunAsync(args.Take(11).ToArray());
            Assert.True(again.ExitCode == 0, again.Stderr);
            Assert.Contains("Run 3.", again.Stderr, StringComparison.Ordinal);
        }, "--day", "20001");
    }
}

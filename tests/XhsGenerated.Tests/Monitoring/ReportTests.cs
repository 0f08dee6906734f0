using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Monitoring;

/// <summary><c>xhs report</c>'s page in a real headless Chromium, and what the monitoring commands refuse.</summary>
public sealed class ReportTests : IDisposable
{
    /// <summary>A keyword whose creators' names hold markup: the page must show it as text.</summary>
    private const string Markup = "<script>alert(1)</script><b>x";

    private readonly string _work = Directory.CreateTempSubdirectory("xhs-report-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }

    private async Task<string> ThreeDaysAsync(params string[] keywords)
    {
        var db = Path.Combine(_work, "report.db");
        var file = MonitoringFixture.KeywordFile(_work, keywords);
        foreach (var day in new[] { "20100", "20101", "20102" })
        {
            var harvest = await CliRunner.RunAsync(["harvest", "--keywords", file, "--pages", "2", "--db", db, "--sandbox-day", day]);
            Assert.True(harvest.ExitCode == 0, harvest.Stderr);
        }

        return db;
    }

    [ChromiumFact]
    public async Task The_report_opens_offline_in_chromium_with_no_error_the_charts_the_data_says_and_names_as_text()
    {
        var db = await ThreeDaysAsync([.. MonitoringFixture.Keywords, Markup]);
        var html = Path.Combine(_work, "report.html");
        var report = await CliRunner.RunAsync(["report", "--db", db, "--out", html]);
        Assert.True(report.ExitCode == 0, report.Stderr);

        // What the page must draw, from the other commands' view of the same database.
        var runs = await MonitoringFixture.JsonAsync("runs", "--db", db, "--format", "json");
        var changes = await MonitoringFixture.JsonAsync("changes", "--db", db, "--format", "json");
        var ranks = await TopCreatorRanksAsync(db, 5);

        await using var browser = await HeadlessChromium.StartAsync();
        var url = new Uri(html).AbsoluteUri;
        await browser.NavigateAsync(url);
        var page = (await browser.EvaluateAsync("""
            JSON.stringify({
              runs: [...document.querySelectorAll('svg[data-chart="runs"] g[data-series]')].map(g => ({ name: g.dataset.series, points: [...g.querySelectorAll('circle[data-point]')].map(c => +c.dataset.value) })),
              ranks: [...document.querySelectorAll('svg[data-chart="ranks"]')].map(s => ({ keyword: s.dataset.keyword, series: [...s.querySelectorAll('g[data-series]')].map(g => g.querySelectorAll('circle[data-point]').length) })),
              cells: document.querySelectorAll('svg[data-chart="overlap"] rect[data-cell]').length,
              changes: document.querySelectorAll('table[data-table="changes"] tbody tr').length,
              scripts: document.scripts.length,
              injected: document.querySelectorAll('b').length,
              markupShown: document.body.textContent.includes('<script>alert(1)</script><b>x'),
              width: document.documentElement.scrollWidth
            })
            """))!.GetValue<string>();
        var shown = JsonNode.Parse(page)!;
        var screenshot = await browser.ScreenshotAsync();

        Assert.Empty(browser.Errors);
        Assert.All(browser.Requests, r => Assert.Equal(url, r));
        Assert.Equal(["found", "new", "gone"], shown["runs"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()));
        Assert.Equal(runs.Select(r => (double)r!["users"]!.GetValue<int>()), shown["runs"]![0]!["points"]!.AsArray().Select(p => p!.GetValue<double>()));
        Assert.Equal(0, shown["runs"]![1]!["points"]![0]!.GetValue<double>());
        Assert.Equal(ranks.NewInLast, changes.Count(c => c!["kind"]!.GetValue<string>() == "new"));
        Assert.Equal(ranks.Series.Count, shown["ranks"]!.AsArray().Count);
        foreach (var (chart, expected) in shown["ranks"]!.AsArray().Zip(ranks.Series))
        {
            Assert.Equal(expected.Keyword, chart!["keyword"]!.GetValue<string>());
            Assert.Equal(expected.Points, chart["series"]!.AsArray().Select(n => n!.GetValue<int>()));
        }

        Assert.Equal(MonitoringFixture.Keywords.Length + 1, Math.Sqrt(shown["cells"]!.GetValue<int>()));
        Assert.Equal(Math.Min(500, changes.Count), shown["changes"]!.GetValue<int>());
        Assert.Equal(1, shown["scripts"]!.GetValue<int>());
        Assert.Equal(0, shown["injected"]!.GetValue<int>());
        Assert.True(shown["markupShown"]!.GetValue<bool>());
        Assert.True(HeadlessChromium.DistinctPixelBytes(screenshot) > 16, "the screenshot is blank");
    }

    /// <summary>
    /// From the database directly: for the latest run's first keywords (as many as the report draws), its
    /// top creators and in how many finished runs each was found; and the users new under a keyword.
    /// </summary>
    private static async Task<(List<(string Keyword, List<int> Points)> Series, int NewInLast)> TopCreatorRanksAsync(string db, int creators)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        async Task<List<(string, string)>> Hits(int run)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT keyword, user_id FROM hits WHERE run_id = $run ORDER BY keyword, page, position";
            command.Parameters.AddWithValue("$run", run);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<(string, string)>();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), reader.GetString(1)));
            }

            return rows;
        }

        var all = new[] { await Hits(1), await Hits(2), await Hits(3) };
        var series = new List<(string, List<int>)>();
        foreach (var keyword in MonitoringFixture.Keywords.Append(Markup).Take(8))
        {
            var top = all[2].Where(h => h.Item1 == keyword).Select(h => h.Item2).Distinct().Take(creators).ToList();
            series.Add((keyword, top.Select(u => all.Count(run => run.Contains((keyword, u)))).ToList()));
        }

        var newInLast = all[2].Distinct().Count(h => !all[1].Contains(h));
        return (series, newInLast);
    }

    [Fact]
    public async Task Changes_overlap_runs_and_report_refuse_bad_input_with_exit_2_and_one_line()
    {
        var db = Path.Combine(_work, "one-run.db");
        var keywords = MonitoringFixture.KeywordFile(_work, ["穿搭"]);
        var harvest = await CliRunner.RunAsync(["harvest", "--keywords", keywords, "--pages", "1", "--db", db, "--sandbox-day", "20100"]);
        Assert.True(harvest.ExitCode == 0, harvest.Stderr);

        var cases = new (string[] Args, string Says)[]
        {
            (["changes", "--db", db], "has 1 finished run(s); this needs 2"),
            (["changes", "--db", db, "--from", "1", "--to", "7"], "--to: there is no run 7"),
            (["changes", "--db", db, "--from", "1", "--to", "1"], "must be an older run than --to"),
            (["changes", "--db", db, "--format", "xml"], "--format must be table, csv, json or markdown"),
            (["changes", "--db", Path.Combine(_work, "missing.db")], "there is no database"),
            (["overlap", "--db", db, "--run", "3"], "--run: there is no run 3"),
            (["overlap", "--db", db, "--min-keywords", "0"], "--min-keywords must be at least 1"),
            (["report", "--db", db, "--out", Path.Combine(_work, "no-such-folder", "r.html")], "--out must be a file in an existing folder"),
            (["report", "--db", Path.Combine(_work, "missing.db")], "there is no database"),
            (["runs", "--db", Path.Combine(_work, "missing.db")], "there is no database"),
            (["harvest", "--keywords", keywords, "--db", db, "--sandbox-day", "yesterday"], "--sandbox-day must be a day number"),
            (["sandbox", "--day", "12/06/2026"], "--day must be a day number"),
        };
        foreach (var (args, says) in cases)
        {
            var result = await CliRunner.RunAsync(args);
            Assert.True(result.ExitCode == 2, $"xhs {string.Join(' ', args)}: {result.ExitCode} {result.Stderr}");
            Assert.Contains(says, result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(Path.Combine(_work, "missing.db")));
    }
}

using Npgsql;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Cli;

/// <summary>
/// What <c>xhs harvest</c> depends on, failing under it: the database not up at start, and PostgreSQL
/// restarted mid-run (Redis: DependencyFaultTests.Redis.cs; SQLite's disk: StoreFailureTests). Real
/// servers on 127.0.0.1, started and stopped by the tests.
/// </summary>
public sealed partial class DependencyFaultTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("xhs-faults-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string Keywords(int count, string prefix)
    {
        var path = Path.Combine(_work, prefix + ".txt");
        File.WriteAllLines(path, Enumerable.Range(1, count).Select(i => $"{prefix} {i}"));
        return path;
    }

    private static async Task<Dictionary<(string, int), int>> RequestedAsync(string address)
        => StandaloneSandbox.Requested(await StandaloneSandbox.StatsAsync(address));

    [Fact]
    public async Task A_harvest_told_to_wait_briefly_for_a_database_that_never_comes_exits_75_before_paying_for_a_page()
    {
        await StandaloneSandbox.RunAsync(async address =>
        {
            var port = ServerBinaries.FreePort();
            var result = await CliRunner.RunAsync([
                "harvest", "--keywords", Keywords(1, "nodb"), "--db", $"Host=127.0.0.1;Port={port};Database=xhs;Username=xhs;Timeout=2",
                "--wait", "1", "--endpoint", address, "--token", "sandbox-token"]);

            Assert.Equal(75, result.ExitCode);
            Assert.Contains($"PostgreSQL at 127.0.0.1:{port}/xhs does not answer", result.Stderr, StringComparison.Ordinal);
            Assert.Contains($"PostgreSQL at 127.0.0.1:{port}/xhs did not answer within 1 s (--wait", result.Stderr, StringComparison.Ordinal);
            Assert.Empty(await RequestedAsync(address));
        });
    }

    [PostgresFact]
    public async Task A_postgres_restart_mid_harvest_loses_and_repeats_nothing()
    {
        using var postgres = await PostgresServer.StartAsync();
        await StandaloneSandbox.RunAsync(async address =>
        {
            // Pooled, as users run it: the restart breaks the idle connections the next page will get.
            var pooled = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Pooling = true }.ConnectionString;
            var process = CliRunner.Start([
                "harvest", "--keywords", Keywords(6, "restart"), "--pages", "3", "--concurrency", "2",
                "--db", pooled, "--endpoint", address, "--token", "sandbox-token"]);
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();

            // Once some pages are stored, restart PostgreSQL under the running harvest.
            for (var stored = 0L; stored < 2;)
            {
                await Task.Delay(200);
                await using var connection = new NpgsqlConnection(postgres.ConnectionString);
                await connection.OpenAsync();
                await using var count = connection.CreateCommand();
                count.CommandText = "SELECT COUNT(*) FROM progress";
                try
                {
                    stored = (long)(await count.ExecuteScalarAsync())!;
                }
                catch (PostgresException)
                {
                }
            }

            await postgres.RestartAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));

            var errors = await stderr;
            Assert.True(process.ExitCode == 0, errors);
            Assert.Contains("does not answer", errors, StringComparison.Ordinal);
            Assert.Contains("the database is back", errors, StringComparison.Ordinal);
            var requested = await RequestedAsync(address);
            await using var check = new NpgsqlConnection(postgres.ConnectionString);
            await check.OpenAsync();
            await using var pages = check.CreateCommand();
            pages.CommandText = "SELECT COUNT(*) FROM progress";
            var storedPages = (long)(await pages.ExecuteScalarAsync())!;
            Assert.Equal(requested.Count(r => r.Value > 0), (int)storedPages);
            Assert.All(requested, r => Assert.True(r.Value == 1, $"{r.Key} was requested {r.Value} times"));
            Assert.True(storedPages >= 6, $"{storedPages} pages");
        }, "--fault-delay", "0.5", "--delay-ms", "400");
    }
}

using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Npgsql;
using Xhs.Cli.Changes;
using Xhs.Cli.Overlap;
using Xhs.Cli.Store;

namespace XhsGenerated.Benchmarks;

/// <summary>
/// <c>xhs changes</c>, <c>overlap</c> and <c>runs</c> at scale, on SQLite and PostgreSQL: 30 runs of 500
/// keywords × 5 pages × 20 users (1.5 M ranked rows; <c>XHS_MONITORING_KEYWORDS</c> and
/// <c>XHS_MONITORING_RUNS</c> make it smaller). Runs 1 to N−1 each move a world like the sandbox's
/// (3 % of a keyword's users replaced, 15 % moved, 2 % of profiles changed a day); run N repeats
/// run N−1 (a run that changed nothing). The databases are built once into
/// <c>$TMPDIR/xhs-monitoring-bench</c> and reused; building them prints the storage per run
/// (<c>storage.txt</c> there). Targets: each report under 5 s on SQLite on 2 cores.
/// </summary>
[MemoryDiagnoser]
public class MonitoringBenchmarks
{
    private static readonly int KeywordCount = Setting("XHS_MONITORING_KEYWORDS", 500);
    private static readonly int RunCount = Setting("XHS_MONITORING_RUNS", 30);
    private HarvestDatabase _database = null!;
    private RunHistory _history = null!;
    private IReadOnlyList<RunInfo> _runs = null!;
    private BenchPostgres? _postgres;

    [Params("sqlite", "postgres")]
    public string Store { get; set; } = "sqlite";

    [GlobalSetup]
    public void Setup()
    {
        var folder = Path.Combine(Path.GetTempPath(), "xhs-monitoring-bench", $"{KeywordCount}x{RunCount}");
        Directory.CreateDirectory(folder);
        string db;
        if (Store == "postgres")
        {
            _postgres = BenchPostgres.Start(Path.Combine(folder, "pg"));
            db = _postgres.ConnectionString;
        }
        else
        {
            db = Path.Combine(folder, "monitoring.db");
        }

        _database = HarvestDatabase.Create(db);
        _history = new RunHistory(_database);
        _database.EnsureSchemaAsync(CancellationToken.None).GetAwaiter().GetResult();
        _runs = _history.RunsAsync(CancellationToken.None).GetAwaiter().GetResult();
        if (_runs.Count != RunCount)
        {
            var storage = MonitoringWorld.BuildAsync(_database, KeywordCount, RunCount).GetAwaiter().GetResult();
            File.AppendAllText(Path.Combine(folder, "storage.txt"), $"{Store}: {storage}\n");
            Console.WriteLine($"// {Store} storage: {storage}");
            _runs = _history.RunsAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _database.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _postgres?.Dispose();
    }

    [Benchmark(Description = "changes: the last two runs that moved")]
    public async Task<int> Changes()
        => ChangeList.Compute(await _history.SnapshotAsync(_runs[^3], null, default), await _history.SnapshotAsync(_runs[^2], null, default)).Count;

    [Benchmark(Description = "changes: a run that changed nothing")]
    public async Task<int> ChangesNone()
        => ChangeList.Compute(await _history.SnapshotAsync(_runs[^2], null, default), await _history.SnapshotAsync(_runs[^1], null, default)).Count;

    [Benchmark(Description = "overlap: users under 2+ keywords, and keyword pairs")]
    public async Task<int> Overlap()
    {
        var snapshot = await _history.SnapshotAsync(_runs[^2], null, default);
        return OverlapAnalysis.Users(snapshot, 2).Count + OverlapAnalysis.Pairs(snapshot).Count;
    }

    [Benchmark(Description = "runs: the list with pages and users")]
    public async Task<int> Runs() => (await _history.RunsAsync(default)).Count;

    private static int Setting(string name, int fallback)
        => int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 1 ? value : fallback;
}

/// <summary>A private PostgreSQL for the benchmark in a folder it keeps (initdb once), as the postgres user when run as root.</summary>
internal sealed class BenchPostgres : IDisposable
{
    private readonly string _folder;
    private readonly string? _runAs = Environment.UserName == "root" ? "postgres" : null;

    private BenchPostgres(string folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=xhs;Database=postgres;Timeout=30;Command Timeout=600";

    public static BenchPostgres Start(string folder)
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).OrderDescending().First(d => File.Exists(Path.Combine(d, "pg_ctl")));
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var server = new BenchPostgres(folder, port);
        var data = Path.Combine(folder, "data");
        if (!Directory.Exists(data))
        {
            Directory.CreateDirectory(folder);
            server.Run("chown", "-R", "postgres", folder);
            server.Run(Path.Combine(bin, "initdb"), "-D", data, "-U", "xhs", "--auth=trust", "-E", "UTF8", "--no-sync");
        }

        server.Run(Path.Combine(bin, "pg_ctl"), "-D", data, "-l", Path.Combine(folder, "log"), "-w", "-t", "60", "-o", $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start");
        return server;
    }

    public void Dispose()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).OrderDescending().First(d => File.Exists(Path.Combine(d, "pg_ctl")));
        Run(Path.Combine(bin, "pg_ctl"), "-D", Path.Combine(_folder, "data"), "-m", "fast", "-w", "stop");
    }

    private void Run(string program, params string[] args)
    {
        if (program == "chown" && _runAs is null)
        {
            return;
        }

        var start = _runAs is not null && program != "chown" ? new ProcessStartInfo("runuser", new[] { "-u", _runAs, "--", program }.Concat(args)) : new ProcessStartInfo(program, args);
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {output}");
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace XhsGenerated.Tests.Infrastructure;

/// <summary>Where the Debian packages put the servers the scaling tests start, and whether they are there.</summary>
internal static class ServerBinaries
{
    public static string? RedisServer { get; } = Find("redis-server", "/usr/bin", "/usr/local/bin");

    public static string? PgCtl { get; } = Find("pg_ctl", Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).OrderDescending().ToArray() : Array.Empty<string>());

    public static string? InitDb { get; } = PgCtl is null ? null : Path.Combine(Path.GetDirectoryName(PgCtl)!, "initdb") is var p && File.Exists(p) ? p : Find("initdb");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? Find(string name, params string[] extra)
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(extra).Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}

/// <summary>A fact that needs redis-server: skipped with the reason where it is missing, except in CI (where .ci/run installs it).</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (ServerBinaries.RedisServer is null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "redis-server is not installed: apt-get install -y redis-server (.ci/run does).";
        }
    }
}

/// <summary>A fact that needs PostgreSQL's initdb and pg_ctl: skipped with the reason where they are missing, except in CI.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if ((ServerBinaries.PgCtl is null || ServerBinaries.InitDb is null) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "PostgreSQL is not installed: apt-get install -y postgresql (.ci/run does).";
        }
    }
}

/// <summary>A fact that needs both redis-server and PostgreSQL.</summary>
public sealed class RedisAndPostgresFactAttribute : FactAttribute
{
    public RedisAndPostgresFactAttribute()
    {
        Skip = new RedisFactAttribute().Skip ?? new PostgresFactAttribute().Skip;
    }
}

/// <summary>A private redis-server on 127.0.0.1, a free port and a temporary folder; stopped on dispose.</summary>
internal sealed class RedisServer : IDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private RedisServer(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public string Configuration => "127.0.0.1:" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Freezes the server (SIGSTOP): connections stay open and nothing answers, as a hung Redis.</summary>
    public void Pause() => Signal("-STOP");

    /// <summary>Lets a paused server go on (SIGCONT).</summary>
    public void Resume() => Signal("-CONT");

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Starts a private redis-server, on <paramref name="port"/> when given (a port a client already waits on), else on a free one.</summary>
    public static async Task<RedisServer> StartAsync(int? port = null)
    {
        var binary = ServerBinaries.RedisServer ?? throw new InvalidOperationException("redis-server is not installed: apt-get install -y redis-server.");
        var folder = Directory.CreateTempSubdirectory("xhs-redis-").FullName;
        port ??= ServerBinaries.FreePort();
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--port", port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", folder })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var server = new RedisServer(process, folder, port.Value);
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port.Value);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        server.Dispose();
        throw new InvalidOperationException("redis-server did not start on port " + port);
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>A private PostgreSQL cluster (initdb in a temporary folder) on 127.0.0.1 and a free port, as an unprivileged user when run as root; stopped on dispose.</summary>
internal sealed class PostgresServer : IDisposable
{
    private readonly string _folder;
    private readonly string? _runAs;

    private PostgresServer(string folder, int port, string? runAs)
    {
        _folder = folder;
        Port = port;
        _runAs = runAs;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=xhs;Database=postgres;Pooling=false;Timeout=15";

    public static async Task<PostgresServer> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("xhs-pg-").FullName;
        var data = Path.Combine(folder, "data");
        var port = ServerBinaries.FreePort();

        // PostgreSQL refuses to run as root: as root, run it as the postgres user, owning the folder.
        var runAs = Environment.UserName == "root" ? "postgres" : null;
        if (runAs is not null)
        {
            await RunAsync("chown", null, "-R", runAs, folder);
            await RunAsync("chmod", null, "755", folder);
        }

        var server = new PostgresServer(folder, port, runAs);
        try
        {
            await RunAsync(ServerBinaries.InitDb!, runAs, "-D", data, "-U", "xhs", "--auth=trust", "-E", "UTF8", "--no-sync");
            await RunAsync(ServerBinaries.PgCtl!, runAs, "-D", data, "-l", Path.Combine(folder, "log"), "-w", "-t", "60", "-o", $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start");
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Restarts the server as an operator would (<c>pg_ctl restart -m fast</c>): open connections are cut (57P01).</summary>
    public Task RestartAsync()
        => RunAsync(ServerBinaries.PgCtl!, _runAs, "-D", Path.Combine(_folder, "data"), "-l", Path.Combine(_folder, "log"), "-m", "fast", "-w", "-t", "60", "restart");

    public void Dispose()
    {
        try
        {
            RunAsync(ServerBinaries.PgCtl!, _runAs, "-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop").GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
        }

        Directory.Delete(_folder, recursive: true);
    }

    private static async Task RunAsync(string program, string? runAs, params string[] args)
    {
        var start = runAs is null ? new ProcessStartInfo(program) : new ProcessStartInfo("runuser");
        if (runAs is not null)
        {
            foreach (var a in new[] { "-u", runAs, "--", program })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {await output} {await error}");
        }
    }
}

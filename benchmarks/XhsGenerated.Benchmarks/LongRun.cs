using System.Diagnostics;
using XhsGenerated.Benchmarks.Client;
using XhsGenerated.Sandbox;

namespace XhsGenerated.Benchmarks;

/// <summary>
/// <c>--long-run N</c>: N calls through one client against the standalone sandbox (its own process, so
/// that its bookkeeping is not counted) with 10 % faults
/// (codes 301, 500 and 600, an HTML 503, a cut body, a dropped connection), 16 callers at once. At a
/// fifth of the calls and at the end: working set, GC heap after a full collection, open file
/// descriptors (other than mapped assemblies) and sockets. Every failure must be a
/// <see cref="JustOneApiException"/>; anything else breaks the contract. Exits 1 when the contract
/// breaks, descriptors or sockets grow, or the live heap grows by more than 32 bytes a call after the
/// first fifth; with <c>--strict</c> (the full run) also when the working set or the live heap grows
/// 10 % or more. <c>XHS_LONG_RUN_RAW=1</c> makes the same calls through a bare HttpClient, to tell the
/// client's figures from the stack's.
/// </summary>
internal static class LongRun
{
    private const double MaxHeapBytesPerCall = 32;

    public static async Task<int> RunAsync(int calls, bool strict, TextWriter output)
    {
        var faults = double.TryParse(Environment.GetEnvironmentVariable("XHS_LONG_RUN_FAULTS"), System.Globalization.CultureInfo.InvariantCulture, out var f) ? f : 0.1;
        var rate = (faults / 6).ToString("0.#####", System.Globalization.CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "XhsGenerated.Sandbox.dll"), "--urls", "http://127.0.0.1:0", "--fault-301", rate, "--fault-500", rate, "--fault-600", rate, "--fault-503", rate, "--fault-truncate", rate, "--fault-drop", rate })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var banner = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
        // Drained, not kept: the sandbox writes a line per request, and keeping them (ReadToEndAsync)
        // was this process's heap growing by about 110 bytes a call in the first measurement.
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
        var address = new Uri(System.Text.RegularExpressions.Regex.Match(banner ?? "", @"http://127\.0\.0\.1:\d+").Value);
        try
        {
            return await RunAsync(calls, strict, address, output);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }

    private static async Task<int> RunAsync(int calls, bool strict, Uri sandbox, TextWriter output)
    {
        using var client = new XiaohongshuClient(new JustOneApiOptions
        {
            Token = SandboxOptions.DefaultToken,
            BaseAddress = sandbox,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            MaxRetryDelay = TimeSpan.FromMilliseconds(50),
            AttemptTimeout = TimeSpan.FromSeconds(10),
        });

        // XHS_LONG_RUN_RAW=1: the same calls through a bare HttpClient, to tell the client's growth from the stack's.
        using var raw = Environment.GetEnvironmentVariable("XHS_LONG_RUN_RAW") == "1" ? new HttpClient() : null;
        long done = 0, succeeded = 0, typed = 0, escaped = 0;
        Sample? warm = null;
        var warmAt = calls / 5;
        var clock = Stopwatch.StartNew();
        var gate = new object();
        await Parallel.ForEachAsync(Enumerable.Range(0, calls), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, cancellationToken) =>
        {
            try
            {
                if (raw is not null)
                {
                    GC.KeepAlive(await raw.GetByteArrayAsync(new Uri(sandbox, "/api/xiaohongshu/search-user/v2?token=sandbox-token&keyword=" + Uri.EscapeDataString("穿搭 " + (i % 500).ToString(System.Globalization.CultureInfo.InvariantCulture))), cancellationToken));
                    Interlocked.Increment(ref succeeded);
                }
                else
                {
                    var response = await client.SearchUserV2Async("穿搭 " + (i % 500).ToString(System.Globalization.CultureInfo.InvariantCulture), page: 1 + (i % 3), cancellationToken: cancellationToken);
                    Interlocked.Increment(ref succeeded);
                    GC.KeepAlive(response);
                }
            }
            catch (JustOneApiException)
            {
                Interlocked.Increment(ref typed);
            }
            catch (Exception ex)
            {
                if (Interlocked.Increment(ref escaped) <= 3)
                {
                    output.WriteLine($"escaped the contract: {ex.GetType().Name}: {ex.Message}");
                }
            }

            if (Interlocked.Increment(ref done) == warmAt)
            {
                lock (gate)
                {
                    warm = Sample.Take();
                }
            }
        });

        var end = Sample.Take();
        var heap = (end.Heap - warm!.Heap) / (double)warm.Heap;
        var working = (end.WorkingSet - warm.WorkingSet) / (double)warm.WorkingSet;
        output.WriteLine($"{calls} calls in {clock.Elapsed.TotalSeconds:0.0} s ({calls / clock.Elapsed.TotalSeconds:0}/s): {succeeded} succeeded, {typed} typed failures (JustOneApiException), {escaped} other exceptions");
        output.WriteLine($"| at call | working set | GC heap, live (after a full collection) | file descriptors | sockets |");
        output.WriteLine($"|---:|---:|---:|---:|---:|");
        output.WriteLine($"| {warmAt} | {warm.WorkingSet / 1048576.0:0.0} MiB | {warm.Heap / 1048576.0:0.00} MiB | {warm.Descriptors} | {warm.Sockets} |");
        output.WriteLine($"| {calls} | {end.WorkingSet / 1048576.0:0.0} MiB | {end.Heap / 1048576.0:0.00} MiB | {end.Descriptors} | {end.Sockets} |");
        var perCall = (end.Heap - warm.Heap) / (double)(calls - warmAt);
        output.WriteLine($"growth after warm-up: working set {working:+0.0%;-0.0%}, GC heap {heap:+0.0%;-0.0%} ({perCall:+0.0;-0.0} bytes a call), descriptors {end.Descriptors - warm.Descriptors:+0;-0}, sockets {end.Sockets - warm.Sockets:+0;-0}");
        // Always: the contract, descriptors and sockets, and a live heap that does not grow with the
        // calls (a leak of a few dozen bytes a call shows at 10,000 calls; the noise is a few).
        // --strict, for the full run: working set and GC heap each grow less than 10 %.
        var failed = escaped > 0 || perCall > MaxHeapBytesPerCall || end.Descriptors > warm.Descriptors + 8 || end.Sockets > warm.Sockets + 8
            || (strict && (heap >= 0.10 || working >= 0.10));
        output.WriteLine(failed ? "FAILED" : "ok");
        return failed ? 1 : 0;
    }

    private sealed record Sample(long WorkingSet, long Heap, int Descriptors, int Sockets)
    {
        public static Sample Take()
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            using var process = Process.GetCurrentProcess();
            var targets = (Directory.Exists("/proc/self/fd") ? Directory.GetFiles("/proc/self/fd") : Array.Empty<string>()).Select(d =>
            {
                try
                {
                    return new FileInfo(d).LinkTarget ?? "";
                }
                catch (IOException)
                {
                    return "";
                }
            }).ToList();
            // Assemblies the runtime maps on first use (an exception path loads StackTrace and
            // Reflection.Metadata late) are not a leak: only other descriptors are counted.
            var descriptors = targets.Count(t => !t.EndsWith(".dll", StringComparison.Ordinal) && !t.EndsWith(".so", StringComparison.Ordinal));
            var sockets = targets.Count(t => t.StartsWith("socket:", StringComparison.Ordinal));
            // Live objects after a full compacting collection: the heap less its free space (pinned
            // socket buffers keep some free space from being compacted away; that is not growth).
            var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
            return new Sample(process.WorkingSet64, info.HeapSizeBytes - info.FragmentedBytes, descriptors, sockets);
        }
    }
}

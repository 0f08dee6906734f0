using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace XhsGenerated.Tests.Infrastructure;

/// <summary>A fact that needs Debian's chromium: skipped with the reason where it is missing, except in CI (where .ci/run installs it).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Executable is null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "chromium is not installed: apt-get install -y chromium (.ci/run does).";
        }
    }
}

/// <summary>
/// A real headless Chromium in a temporary profile, driven over its DevTools protocol: it loads a page,
/// collects console errors, exceptions and every network request, evaluates script and takes a
/// screenshot. Started with the flags that keep it off the network; killed on dispose.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private int _ids;
    private Task _reader = Task.CompletedTask;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    public static string? Executable { get; } = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);

    /// <summary>Console errors, uncaught exceptions and error log entries, as text.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    /// <summary>The URL of every request the page made (its own file included).</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    private TaskCompletionSource Loaded { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<HeadlessChromium> StartAsync()
    {
        var profile = Directory.CreateTempSubdirectory("xhs-chromium-").FullName;
        var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException("chromium is not installed: apt-get install -y chromium (.ci/run does)."))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps", "--mute-audio",
            "--remote-debugging-port=0", "--window-size=1200,1600", "--user-data-dir=" + profile, "about:blank",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        var browser = new HeadlessChromium(process, profile);
        try
        {
            string? endpoint = null;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            while (endpoint is null)
            {
                var line = await process.StandardError.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("chromium ended before it listened.");
                endpoint = Regex.Match(line, @"ws://127\.0\.0\.1:(\d+)/").Groups[1] is { Success: true } port ? port.Value : null;
            }

            _ = process.StandardError.ReadToEndAsync();
            using var http = new HttpClient();
            var targets = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{endpoint}/json/list", timeout.Token))!.AsArray();
            var page = targets.First(t => t!["type"]!.GetValue<string>() == "page")!["webSocketDebuggerUrl"]!.GetValue<string>();
            await browser._socket.ConnectAsync(new Uri(page), timeout.Token);
            browser._reader = browser.ReadAsync();
            foreach (var domain in new[] { "Page", "Runtime", "Log", "Network" })
            {
                await browser.SendAsync(domain + ".enable");
            }

            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Loads <paramref name="url"/> and waits for its load event.</summary>
    public async Task NavigateAsync(string url)
    {
        Loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url });
        await Loaded.Task.WaitAsync(TimeSpan.FromMinutes(1));
    }

    /// <summary>Evaluates <paramref name="expression"/> in the page and returns its JSON value.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        if (result["exceptionDetails"] is { } exception)
        {
            throw new InvalidOperationException("The page's script failed: " + exception.ToJsonString());
        }

        return result["result"]?["value"]?.DeepClone();
    }

    /// <summary>A PNG of the whole page.</summary>
    public async Task<byte[]> ScreenshotAsync()
    {
        var result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true });
        return Convert.FromBase64String(result["data"]!.GetValue<string>());
    }

    /// <summary>How many distinct byte values the PNG's pixel rows hold: 1 or 2 for a blank page, many for a drawn one.</summary>
    public static int DistinctPixelBytes(byte[] png)
    {
        using var idat = new MemoryStream();
        for (var offset = 8; offset + 8 <= png.Length;)
        {
            var length = (png[offset] << 24) | (png[offset + 1] << 16) | (png[offset + 2] << 8) | png[offset + 3];
            if (Encoding.ASCII.GetString(png, offset + 4, 4) == "IDAT")
            {
                idat.Write(png, offset + 8, length);
            }

            offset += 12 + length;
        }

        idat.Position = 0;
        using var pixels = new MemoryStream();
        using (var inflate = new ZLibStream(idat, CompressionMode.Decompress))
        {
            inflate.CopyTo(pixels);
        }

        return pixels.ToArray().Distinct().Count();
    }

    private async Task<JsonObject> SendAsync(string method, JsonObject? parameters = null)
    {
        var id = Interlocked.Increment(ref _ids);
        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, _stop.Token);
        return await reply.Task.WaitAsync(TimeSpan.FromMinutes(1));
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, _stop.Token);
                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage)
                {
                    continue;
                }

                var node = JsonNode.Parse(message.ToArray())!.AsObject();
                message.SetLength(0);
                if (node["id"] is { } id && _pending.TryRemove(id.GetValue<int>(), out var reply))
                {
                    if (node["error"] is { } error)
                    {
                        reply.SetException(new InvalidOperationException("DevTools: " + error.ToJsonString()));
                    }
                    else
                    {
                        reply.SetResult(node["result"]?.AsObject() ?? new JsonObject());
                    }

                    continue;
                }

                var p = node["params"];
                switch (node["method"]?.GetValue<string>())
                {
                    case "Page.loadEventFired":
                        Loaded.TrySetResult();
                        break;
                    case "Network.requestWillBeSent":
                        Requests.Enqueue(p!["request"]!["url"]!.GetValue<string>());
                        break;
                    case "Runtime.exceptionThrown":
                        Errors.Enqueue("exception: " + p!["exceptionDetails"]!.ToJsonString());
                        break;
                    case "Runtime.consoleAPICalled" when p!["type"]!.GetValue<string>() is "error" or "assert":
                        Errors.Enqueue("console: " + p["args"]!.ToJsonString());
                        break;
                    case "Log.entryAdded" when p!["entry"]!["level"]!.GetValue<string>() == "error":
                        Errors.Enqueue("log: " + p["entry"]!["text"]);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
        }

        await _reader.ContinueWith(_ => { }, TaskScheduler.Default);
        _socket.Dispose();
        _process.Dispose();
        _stop.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // A file the browser wrote as it ended: the folder is a temporary one.
        }
    }
}

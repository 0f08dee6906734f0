using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace XhsGenerated.Tests.Infrastructure;

/// <summary>The standalone sandbox (<c>xhs sandbox</c>) as a process on a free port, and what it counted.</summary>
internal static class StandaloneSandbox
{
    /// <summary>Starts it; its address is read from the banner.</summary>
    public static async Task<(Process Process, string Address)> StartAsync(params string[] switches)
    {
        var process = CliRunner.Start(new[] { "sandbox", "--urls", "http://127.0.0.1:0" }.Concat(switches));
        var banner = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return (process, Regex.Match(banner ?? "", @"http://127\.0\.0\.1:\d+").Value);
    }

    /// <summary>Runs <paramref name="test"/> against a sandbox of its own (started with <paramref name="switches"/>), stopped afterwards whatever happens.</summary>
    public static async Task RunAsync(Func<string, Task> test, params string[] switches)
    {
        var (sandbox, address) = await StartAsync(switches);
        using var process = sandbox;
        try
        {
            await test(address);
        }
        finally
        {
            sandbox.Kill(entireProcessTree: true);
        }
    }

    public static async Task<JsonObject> StatsAsync(string address)
    {
        using var http = new HttpClient();
        return JsonNode.Parse(await http.GetStringAsync(address.TrimEnd('/') + "/_sandbox/stats"))!.AsObject();
    }

    /// <summary>(keyword, page) → how many times the sandbox was asked for it.</summary>
    public static Dictionary<(string, int), int> Requested(JsonObject stats)
        => (stats["byOperation"]?["getSearchUserV2"]?["requests"]?.AsArray() ?? new JsonArray())
            .ToDictionary(r => (r!["keyword"]!.GetValue<string>(), r["page"]!.GetValue<int>()), r => r!["count"]!.GetValue<int>());
}

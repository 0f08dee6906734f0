using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using XhsGenerated.Recording;
using XhsGenerated.Sandbox;
using XhsGenerated.Tests.Client;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.SandboxTests;

/// <summary>Answers recorded by the client (<c>RecordTo</c>, <c>xhs --record</c>) and served again by the sandbox (<c>--replay</c>).</summary>
[Collection(TelemetryCollection.Name)]
public sealed class RecordReplayTests : IDisposable
{
    /// <summary>A token with characters that percent-encoding changes, to scan for every form.</summary>
    private const string Token = "tok+SECRET/ 0123456789=abc";

    private readonly string _folder = Directory.CreateTempSubdirectory("xhs-record-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static XiaohongshuClient NewClient(Uri baseAddress, string folder, int maxAttempts = 1)
        => new(new JustOneApiOptions { Token = Token, BaseAddress = baseAddress, MaxAttempts = maxAttempts, RecordTo = folder, RetryBaseDelay = TimeSpan.FromMilliseconds(1) });

    private static void AssertNoTokenIn(string folder, string token = Token)
    {
        var forms = new[] { token, Uri.EscapeDataString(token), Uri.EscapeDataString(token).ToLowerInvariant(), WebUtility.UrlEncode(token) };
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            foreach (var form in forms)
            {
                Assert.False(text.Contains(form, StringComparison.OrdinalIgnoreCase), $"{Path.GetFileName(file)} holds the token as '{form}'.");
            }
        }
    }

    [Fact]
    public async Task Every_answer_is_kept_in_a_file_of_its_own_exactly_as_received_without_the_token()
    {
        var body = Seed.ExampleNode();
        body["message"] = null;
        body["recordTime"] = "2025-12-31T14:55:21Z";
        var success = Encoding.UTF8.GetBytes(body.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                // A failure that echoes the token, with a notice and a Retry-After: all recorded, none with the token.
                context.Response.StatusCode = 200;
                context.Response.Headers.RetryAfter = "0";
                context.Response.Headers[JustOneApiHeaders.Notice] = "for " + Token;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(Seed.Envelope(301, "retry, " + Token));
                return;
            }

            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.Body.WriteAsync(success);
        });
        using var client = NewClient(server.BaseAddress, _folder, maxAttempts: 2);

        var response = await client.SearchUserV2Async("穿搭 & #tag", page: 2);

        Assert.Equal(20, response.Data!.Users.Count);
        var records = JustOneApiRecord.ReadDirectory(_folder);
        Assert.Equal(2, records.Count);
        Assert.Equal(2, Directory.GetFiles(_folder).Length);
        Assert.All(records, r =>
        {
            Assert.Equal("getSearchUserV2", r.OperationId);
            Assert.Equal("GET", r.Method);
            Assert.Equal("/api/xiaohongshu/search-user/v2", r.Path);
            Assert.Equal(new[] { KeyValuePair.Create("keyword", "穿搭 & #tag"), KeyValuePair.Create("page", "2") }, r.Parameters);
            Assert.Equal(200, r.Status);
        });
        Assert.Equal(success, records[1].Body.ToArray());
        Assert.Equal("application/json; charset=utf-8", records[1].ContentType);
        Assert.Contains("\"code\":301", Encoding.UTF8.GetString(records[0].Body.Span), StringComparison.Ordinal);
        Assert.Contains("retry, ***", Encoding.UTF8.GetString(records[0].Body.Span), StringComparison.Ordinal);
        Assert.Contains(KeyValuePair.Create(JustOneApiHeaders.Notice, "for ***"), records[0].Headers);
        Assert.Contains(KeyValuePair.Create("Retry-After", "0"), records[0].Headers);
        AssertNoTokenIn(_folder);

        // The file is plain JSON with the envelope embedded as is: readable as an example of its operation.
        var file = JsonNode.Parse(File.ReadAllText(Directory.GetFiles(_folder).Order().Last()))!;
        Assert.Equal(JustOneApiRecord.Format, file["format"]!.GetValue<string>());
        Assert.Equal("Amir Ali", file["response"]!["data"]!["users"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_sandbox_replays_recorded_answers_byte_for_byte_and_generates_the_others()
    {
        // The "real API": an answer the sandbox would never generate (one user, an unknown member, odd spacing).
        var recorded = """{"code":0,"message":null,"data":{"users":[{"id":"real-1","name":"从真实接口录制","red_id":"1","vip":true}],"filters":[]},"recordTime":"2025-12-31T14:55:21Z"}""";
        await using (var api = await LoopbackServer.StartAsync(200, recorded, "application/json"))
        {
            using var client = NewClient(api.BaseAddress, _folder);
            await client.SearchUserV2Async("真实", page: 3);
        }

        var options = new SandboxOptions { ReplayDirectory = _folder };
        options.Tokens.Add(Token);
        await using var sandbox = await SandboxServer.StartAsync(options);
        using var raw = new HttpClient();
        var query = "/api/xiaohongshu/search-user/v2?page=3&keyword=%E7%9C%9F%E5%AE%9E&token=" + Uri.EscapeDataString(Token);

        var replayed = await raw.GetByteArrayAsync(new Uri(sandbox.BaseAddress, query));
        using var client2 = NewClient(sandbox.BaseAddress, Directory.CreateTempSubdirectory().FullName);
        var typed = await client2.SearchUserV2Async("真实", page: 3);
        var generated = await client2.SearchUserV2Async("真实", page: 2);
        var wrongToken = await raw.GetAsync(new Uri(sandbox.BaseAddress, query.Replace(Uri.EscapeDataString(Token), "nope", StringComparison.Ordinal)));

        Assert.Equal(recorded, Encoding.UTF8.GetString(replayed));
        Assert.Equal("从真实接口录制", Assert.Single(typed.Data!.Users).Name);
        Assert.True(typed.Data.Users[0].AdditionalProperties.ContainsKey("vip"));
        Assert.Equal(20, generated.Data!.Users.Count);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongToken.StatusCode);
        Assert.Equal(2, sandbox.Stats.Count("replayed"));
        Assert.Equal(1, sandbox.Stats.Count("ok"));
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_kept_in_base64_and_replayed_as_it_came_in_recorded_order()
    {
        const string html = "<html><body>502 Bad Gateway</body></html>\n";
        var calls = 0;
        await using (var api = await LoopbackServer.StartAsync(async context =>
        {
            var first = Interlocked.Increment(ref calls) == 1;
            context.Response.StatusCode = first ? 502 : 200;
            context.Response.ContentType = first ? "text/html" : "application/json";
            await context.Response.WriteAsync(first ? html : Seed.Example);
        }))
        {
            using var client = NewClient(api.BaseAddress, _folder, maxAttempts: 2);
            await client.SearchUserV2Async("gateway");
        }

        var options = new SandboxOptions { ReplayDirectory = _folder };
        options.Tokens.Add(Token);
        await using var sandbox = await SandboxServer.StartAsync(options);
        using var raw = new HttpClient();
        var query = new Uri(sandbox.BaseAddress, "/api/xiaohongshu/search-user/v2?keyword=gateway&token=" + Uri.EscapeDataString(Token));

        var first = await raw.GetAsync(query);
        var second = await raw.GetAsync(query);
        var third = await raw.GetAsync(query);

        Assert.Contains("\"responseBase64\"", File.ReadAllText(Directory.GetFiles(_folder).Order().First()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadGateway, first.StatusCode);
        Assert.Equal(html, await first.Content.ReadAsStringAsync());
        Assert.Equal("text/html", first.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Seed.Example, await second.Content.ReadAsStringAsync());
        Assert.Equal(Seed.Example, await third.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("""{"format":"xhs-record/9","operationId":"x","method":"GET","path":"/","status":200,"response":{}}""")]
    [InlineData("""{"format":"xhs-record/1","operationId":"x","method":"GET","path":"/","status":200}""")]
    [InlineData("""{"format":"xhs-record/1","operationId":"x","method":"GET","path":"/","status":"200","response":{}}""")]
    public void A_file_that_is_not_a_record_is_refused_with_its_name(string text)
    {
        File.WriteAllText(Path.Combine(_folder, "bad.json"), text);

        var ex = Assert.Throws<InvalidDataException>(() => JustOneApiRecord.ReadDirectory(_folder));

        Assert.Contains("bad.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains(JustOneApiRecord.Format, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_that_cannot_be_written_is_logged_and_the_call_still_succeeds()
    {
        await using var api = await LoopbackServer.StartAsync(200, Seed.Example);
        var file = Path.Combine(_folder, "a-file");
        File.WriteAllText(file, "");
        using var telemetry = new Telemetry();
        using var client = new XiaohongshuClient(new XhsGenerated.Http.JustOneApiTransport(
            new JustOneApiOptions { Token = Token, BaseAddress = api.BaseAddress, RecordTo = file }, XiaohongshuClient.Servers, telemetry.LoggerFactory.CreateLogger("r")));

        var response = await client.SearchUserV2Async("x");

        Assert.Equal(20, response.Data!.Users.Count);
        Assert.Contains(telemetry.Logs, l => l.Event == "RecordFailed");
    }

    [Fact]
    public async Task Record_then_replay_gives_the_cli_the_same_output_as_the_live_run()
    {
        var live = await CliRunner.RunAsync(["search", "穿搭", "--pages", "2", "--format", "json", "--record", _folder]);
        Assert.Equal(0, live.ExitCode);
        Assert.Equal(2, Directory.GetFiles(_folder).Length);
        AssertNoTokenIn(_folder, SandboxOptions.DefaultToken);

        using var sandbox = CliRunner.Start(["sandbox", "--urls", "http://127.0.0.1:0", "--replay", _folder]);
        try
        {
            var banner = await sandbox.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
            var address = Regex.Match(banner!, @"http://127\.0\.0\.1:\d+").Value;

            var replay = await CliRunner.RunAsync(["search", "穿搭", "--pages", "2", "--format", "json", "--endpoint", address, "--token", SandboxOptions.DefaultToken]);
            using var http = new HttpClient();
            var stats = JsonNode.Parse(await http.GetStringAsync(address + SandboxServer.StatsPath))!;

            Assert.Equal(0, replay.ExitCode);
            Assert.Equal(live.Stdout, replay.Stdout);
            Assert.Equal(2, stats["byOutcome"]!["replayed"]!.GetValue<int>());
            Assert.Null(stats["byOutcome"]!["ok"]);
        }
        finally
        {
            sandbox.Kill(entireProcessTree: true);
            await sandbox.WaitForExitAsync();
        }
    }
}

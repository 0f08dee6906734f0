using System.Text.Json.Nodes;
using XhsGenerated.Sandbox;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Cli;

/// <summary>The <c>xhs</c> CLI run as a process against the sandbox: formats, paging, and one exit code per failure kind.</summary>
public sealed class CliTests : IAsyncLifetime
{
    private const string SecretToken = "tok_CLI_SECRET_5f6e7d8c9b0a1234";
    private SandboxServer _sandbox = null!;

    public async Task InitializeAsync()
    {
        var options = new SandboxOptions();
        options.Tokens.Add(SecretToken);
        _sandbox = await SandboxServer.StartAsync(options);
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Csv_defuses_formulas_unless_asked_and_the_table_drops_escape_sequences()
    {
        var users = """[{"id":"a1","name":"=HYPERLINK(\"http://x\")","red_id":"+1","desc":"@SUM(1)"},{"id":"a2","name":"evil\u001b[31mred\u001b[0m\u202e","red_id":"-2","desc":"ok"}]""";
        await using var server = await LoopbackServer.StartAsync(200, Seed.Envelope(0, data: "{\"users\":" + users + "}"));
        string[] common = ["search", "x", "--endpoint", server.BaseAddress.ToString(), "--token", SecretToken];

        var safe = await CliRunner.RunAsync([.. common, "--format", "csv"]);
        var raw = await CliRunner.RunAsync([.. common, "--format", "csv", "--csv-allow-formulas"]);
        var table = await CliRunner.RunAsync([.. common, "--format", "table"]);

        Assert.Equal(0, safe.ExitCode);
        Assert.Contains(ParseCsv(safe.Stdout).Skip(1).SelectMany(r => r), cell => cell == "'=HYPERLINK(\"http://x\")");
        Assert.DoesNotContain(ParseCsv(safe.Stdout).Skip(1).SelectMany(r => r), cell => cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@');
        Assert.Contains(ParseCsv(raw.Stdout).Skip(1).SelectMany(r => r), cell => cell.StartsWith('='));
        Assert.Equal(0, table.ExitCode);
        Assert.DoesNotContain('\u001b', table.Stdout);
        Assert.DoesNotContain('\u202e', table.Stdout);
        Assert.Contains("evil [31mred [0m", table.Stdout, StringComparison.Ordinal);
    }

    private Task<CliRunner.Result> SearchAsync(params string[] args)
        => CliRunner.RunAsync(new[] { "search" }.Concat(args).Concat(new[] { "--endpoint", _sandbox.BaseAddress.ToString(), "--token", SecretToken }));

    private static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') { quoted = false; }
                else { field.Append(c); }
            }
            else if (c == '"') { quoted = true; }
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\n') { fields.Add(field.ToString()); field.Clear(); rows.Add(fields.ToArray()); fields.Clear(); }
            else if (c != '\r') { field.Append(c); }
        }

        Assert.Equal(0, field.Length + fields.Count);
        return rows;
    }

    [Fact]
    public async Task Without_a_token_it_searches_the_embedded_sandbox_and_says_so()
    {
        var result = await CliRunner.RunAsync(new[] { "search", "Amir Ali", "--pages", "2", "--format", "csv" });

        Assert.Equal(0, result.ExitCode);
        var rows = ParseCsv(result.Stdout);
        Assert.Equal("id", rows[0][0]);
        Assert.Equal(41, rows.Count);
        Assert.All(rows.Skip(1), r => Assert.Equal(rows[0].Length, r.Length));
        var notice = Assert.Single(result.Stderr.Split('\n'), l => l.Contains("sandbox", StringComparison.Ordinal));
        Assert.Contains("JUSTONEAPI_TOKEN", notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_csv_of_five_pages_has_no_duplicate_ids_and_every_user_the_sandbox_served()
    {
        var keyword = "穿搭";
        var result = await SearchAsync(keyword, "--pages", "5", "--format", "csv");

        Assert.Equal(0, result.ExitCode);
        var rows = ParseCsv(result.Stdout);
        var ids = rows.Skip(1).Select(r => r[0]).ToList();
        var pages = new UserSearchPages(Seed.ExampleNode(), 20);
        var served = Enumerable.Range(1, 5).Sum(p => pages.UsersOn(keyword, p));
        Assert.Equal(served, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(5, _sandbox.Stats.Total);
        Assert.Contains("5 page(s)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paging_stops_at_the_last_page()
    {
        var keyword = "Amir Ali";
        var last = UserSearchPages.PageCount(keyword);

        var result = await SearchAsync(keyword, "--pages", "20", "--format", "ndjson");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(last + 1, _sandbox.Stats.Total);
        Assert.Equal(Enumerable.Range(1, last).Sum(p => new UserSearchPages(Seed.ExampleNode(), 20).UsersOn(keyword, p)), result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Json_and_ndjson_hold_the_users_with_their_json_names()
    {
        var json = await SearchAsync("穿搭", "--format", "json");
        var ndjson = await SearchAsync("穿搭", "--format", "ndjson");

        Assert.Equal(0, json.ExitCode);
        var array = JsonNode.Parse(json.Stdout)!.AsArray();
        Assert.Equal(20, array.Count);
        Assert.StartsWith("小红书号:", array[0]!["desc"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(array[0]!["red_id"]);
        var lines = ndjson.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(array.Select(u => u!["id"]!.GetValue<string>()), lines.Select(l => JsonNode.Parse(l)!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_table_when_asked_and_a_file_with_out()
    {
        var table = await SearchAsync("穿搭", "--format", "table");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("Red ID", table.Stdout, StringComparison.Ordinal);

        var file = Path.Combine(Path.GetTempPath(), $"xhs-{Guid.NewGuid():N}.csv");
        try
        {
            var result = await SearchAsync("穿搭", "--out", file);
            Assert.Equal(0, result.ExitCode);
            Assert.Equal("", result.Stdout);
            Assert.Equal(21, ParseCsv(await File.ReadAllTextAsync(file)).Count);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static TheoryData<string, SandboxFault?, string[], int> Failures => new()
    {
        { "bad arguments", null, new[] { "--pages", "0" }, 2 },
        { "unknown option", null, new[] { "--colour", "red" }, 2 },
        { "bad endpoint", null, new[] { "--endpoint", "not a url" }, 2 },
        { "quota", SandboxFault.Code303, Array.Empty<string>(), 3 },
        { "transient", SandboxFault.Code500, new[] { "--max-attempts", "1" }, 4 },
        { "truncated body (transport, transient)", SandboxFault.Truncated, new[] { "--max-attempts", "1" }, 4 },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Each_failure_kind_has_its_exit_code_and_one_line_without_stack_trace_or_token(string kind, SandboxFault? fault, string[] extra, int exitCode)
    {
        if (fault is { } f)
        {
            _sandbox.EnqueueFaults(f);
        }

        var args = new List<string> { "search", "x" };
        args.AddRange(extra);
        if (!extra.Contains("--endpoint"))
        {
            args.AddRange(new[] { "--endpoint", _sandbox.BaseAddress.ToString() });
        }

        args.AddRange(new[] { "--token", SecretToken });
        var result = await CliRunner.RunAsync(args);

        Assert.True(exitCode == result.ExitCode, $"{kind}: exit {result.ExitCode}, stderr: {result.Stderr}");
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("xhs: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretToken, result.Stderr + result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_token_is_a_credentials_failure()
    {
        var result = await CliRunner.RunAsync(new[] { "search", "x", "--endpoint", _sandbox.BaseAddress.ToString(), "--token", "tok_WRONG_aaaaaaaaaaaaaaaaaaaaaa" });

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("code 100", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("tok_WRONG", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_is_not_the_envelope_is_a_protocol_failure()
    {
        await using var server = await LoopbackServer.StartAsync(200, "<html>captive portal</html>", "text/html");

        var result = await CliRunner.RunAsync(new[] { "search", "x", "--endpoint", server.BaseAddress.ToString(), "--token", SecretToken });

        Assert.Equal(5, result.ExitCode);
        Assert.Contains("not the Just One API envelope", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sandbox_runs_standalone_and_answers_with_the_envelope_codes_and_faults()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var process = CliRunner.Start(new[] { "sandbox", "--urls", $"http://127.0.0.1:{port}", "--fault-303", "1" });
        try
        {
            var banner = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.StartsWith($"Just One API sandbox on http://127.0.0.1:{port}", banner, StringComparison.Ordinal);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

            var wrong = await http.GetAsync("/api/xiaohongshu/search-user/v2?token=nope&keyword=x");
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal(100, JsonNode.Parse(await wrong.Content.ReadAsStringAsync())!["code"]!.GetValue<int>());

            var quota = await http.GetAsync("/api/xiaohongshu/search-user/v2?token=sandbox-token&keyword=x");
            Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, quota.StatusCode);
            Assert.Equal(303, JsonNode.Parse(await quota.Content.ReadAsStringAsync())!["code"]!.GetValue<int>());
            Assert.Contains("-> code_303", await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) + await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)), StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task The_china_endpoint_needs_allow_insecure()
    {
        var result = await CliRunner.RunAsync(new[] { "search", "x", "--endpoint", "cn", "--token", SecretToken });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--allow-insecure", result.Stderr, StringComparison.Ordinal);
    }
}

using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using XhsGenerated.Sandbox;
using XhsGenerated.Tests.Client;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.SandboxTests;

/// <summary>The sandbox behaves like Just One API, faults included, over real HTTP.</summary>
public sealed class SandboxTests : IAsyncLifetime
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private SandboxServer _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await SandboxServer.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonObject Body, HttpResponseMessage Response)> GetAsync(string query, SandboxServer? sandbox = null)
    {
        var response = await Http.GetAsync(new Uri((sandbox ?? _sandbox).BaseAddress, "/api/xiaohongshu/search-user/v2?" + query));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject(), response);
    }

    private static string Q(string keyword, int? page = null, string token = SandboxOptions.DefaultToken)
        => $"token={Uri.EscapeDataString(token)}&keyword={Uri.EscapeDataString(keyword)}" + (page is null ? "" : $"&page={page}");

    private static JsonValueKind Kind(JsonNode node) => node.GetValueKind() is JsonValueKind.False ? JsonValueKind.True : node.GetValueKind();

    [Fact]
    public async Task Users_are_shaped_exactly_like_the_documents_example()
    {
        var (status, body, _) = await GetAsync(Q("Amir Ali"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, body["code"]!.GetValue<int>());
        Assert.NotNull(body["requestId"]);
        var exampleUser = Seed.ExampleNode()["data"]!["users"]![0]!.AsObject();
        var users = body["data"]!["users"]!.AsArray();
        Assert.Equal(20, users.Count);
        foreach (var user in users.Select(u => u!.AsObject()))
        {
            Assert.Equal(exampleUser.Select(p => p.Key).Order(StringComparer.Ordinal), user.Select(p => p.Key).Order(StringComparer.Ordinal));
            foreach (var (name, value) in exampleUser)
            {
                // A boolean is a boolean whichever its value (JSON's kinds are true and false).
                Assert.Equal(Kind(value!), Kind(user[name]!));
            }

            Assert.Matches("^[0-9a-f]{24}$", user["id"]!.GetValue<string>());
            Assert.StartsWith("小红书号:" + user["red_id"], user["desc"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.StartsWith("https://sns-avatar-qc.xhscdn.com/avatar/", user["image"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal("xhsdiscover://1/user/user." + user["id"], user["link"]!.GetValue<string>());
        }

        Assert.Equal(new[] { "fans_count", "user_type" }, body["data"]!["filters"]!.AsArray().Select(f => f!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Pages_differ_are_deterministic_and_end_with_an_empty_page()
    {
        var keyword = "穿搭";
        var pages = UserSearchPages.PageCount(keyword);
        var ids = new List<string>();
        for (var page = 1; page <= pages + 1; page++)
        {
            var (_, body, _) = await GetAsync(Q(keyword, page));
            ids.AddRange(body["data"]!["users"]!.AsArray().Select(u => u!["id"]!.GetValue<string>()));
            if (page == pages + 1)
            {
                Assert.Empty(body["data"]!["users"]!.AsArray());
            }
            else
            {
                Assert.NotEmpty(body["data"]!["users"]!.AsArray());
            }
        }

        Assert.InRange(pages, 5, 9);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var (_, again, _) = await GetAsync(Q(keyword, 1));
        Assert.Equal(ids.Take(20), again["data"]!["users"]!.AsArray().Select(u => u!["id"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("穿搭")]
    [InlineData("a&b #c/d?e+f g")]
    [InlineData("🙂👗 emoji")]
    public async Task Non_ascii_and_reserved_keywords_round_trip_exactly(string keyword)
    {
        var (_, body, _) = await GetAsync(Q(keyword));

        Assert.Equal(keyword, _sandbox.Stats.Keywords.Single());
        Assert.Contains(body["data"]!["users"]!.AsArray(), u => u!["name"]!.GetValue<string>().Contains(keyword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_token_gets_http_401_with_code_100()
    {
        var (status, body, _) = await GetAsync(Q("x", token: "not-a-token"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(100, body["code"]!.GetValue<int>());
        Assert.Equal(1, _sandbox.Stats.Count("code_100"));
        Assert.Equal(1, _sandbox.Stats.ByToken[SandboxStats.RedactToken("not-a-token")]);
    }

    [Theory]
    [InlineData("token=sandbox-token")]
    [InlineData("token=sandbox-token&keyword=x&page=two")]
    [InlineData("token=sandbox-token&keyword=%20")]
    public async Task A_missing_or_invalid_parameter_gets_code_400(string query)
    {
        var (status, body, _) = await GetAsync(query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(400, body["code"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(SandboxFault.Code301, 200, 301)]
    [InlineData(SandboxFault.Code302, 429, 302)]
    [InlineData(SandboxFault.Code303, 429, 303)]
    [InlineData(SandboxFault.Code500, 500, 500)]
    public async Task Business_code_faults_come_in_the_envelope(SandboxFault fault, int status, int code)
    {
        _sandbox.EnqueueFaults(fault);

        var (actualStatus, body, response) = await GetAsync(Q("x"));

        Assert.Equal(status, (int)actualStatus);
        Assert.Equal(code, body["code"]!.GetValue<int>());
        Assert.Equal(code == 302, response.Headers.RetryAfter?.Delta == TimeSpan.FromSeconds(1));
        var (_, next, _) = await GetAsync(Q("x"));
        Assert.Equal(0, next["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_503_fault_is_html_the_truncated_fault_cuts_the_body_and_the_drop_fault_closes_the_connection()
    {
        _sandbox.EnqueueFaults(SandboxFault.Html503, SandboxFault.Truncated, SandboxFault.Drop);
        var url = new Uri(_sandbox.BaseAddress, "/api/xiaohongshu/search-user/v2?" + Q("x"));

        var html = await Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, html.StatusCode);
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<html>", await html.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await Assert.ThrowsAnyAsync<HttpRequestException>(async () => await (await Http.GetAsync(url)).Content.ReadAsStringAsync());
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => Http.GetAsync(url));
        Assert.Equal(1, _sandbox.Stats.Count("truncated"));
        Assert.Equal(1, _sandbox.Stats.Count("dropped"));
    }

    [Fact]
    public async Task The_delay_fault_holds_the_answer()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { Delay = TimeSpan.FromMilliseconds(300) });
        sandbox.EnqueueFaults(SandboxFault.Delay);
        var started = System.Diagnostics.Stopwatch.StartNew();

        var (_, body, _) = await GetAsync(Q("x"), sandbox);

        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(250), started.Elapsed.ToString());
        Assert.Equal(0, body["code"]!.GetValue<int>());
        Assert.Equal(1, sandbox.Stats.Count("delayed"));
    }

    [Fact]
    public async Task Random_faults_follow_their_rates_and_replay_under_a_seed()
    {
        async Task<string[]> RunAsync()
        {
            var options = new SandboxOptions { Seed = 7 };
            options.FaultRates[SandboxFault.Code301] = 0.3;
            options.FaultRates[SandboxFault.Code500] = 0.2;
            await using var sandbox = await SandboxServer.StartAsync(options);
            var outcomes = new List<string>();
            for (var i = 0; i < 200; i++)
            {
                outcomes.Add((await GetAsync(Q("x"), sandbox)).Body["code"]!.ToJsonString());
            }

            return outcomes.ToArray();
        }

        var first = await RunAsync();
        Assert.Equal(first, await RunAsync());
        Assert.InRange(first.Count(c => c == "301"), 40, 80);
        Assert.InRange(first.Count(c => c == "500"), 20, 60);
    }

    [Fact]
    public async Task A_per_token_rate_limit_answers_302_and_a_daily_quota_303()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var options = new SandboxOptions { RateLimitPerSecond = 2, DailyQuota = 4, TimeProvider = time };
        options.Tokens.Add("other");
        await using var sandbox = await SandboxServer.StartAsync(options);

        var codes = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            codes.Add((await GetAsync(Q("x"), sandbox)).Body["code"]!.GetValue<int>());
        }

        // A rate-limited request does not count against the quota: 2 of 4 used.
        Assert.Equal(new[] { 0, 0, 302 }, codes);
        Assert.Equal(0, (await GetAsync(Q("x", token: "other"), sandbox)).Body["code"]!.GetValue<int>());

        time.Advance(TimeSpan.FromSeconds(1));
        codes.Clear();
        for (var i = 0; i < 2; i++)
        {
            codes.Add((await GetAsync(Q("x"), sandbox)).Body["code"]!.GetValue<int>());
        }

        time.Advance(TimeSpan.FromSeconds(1));
        codes.Add((await GetAsync(Q("x"), sandbox)).Body["code"]!.GetValue<int>());
        Assert.Equal(new[] { 0, 0, 303 }, codes);

        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, (await GetAsync(Q("x"), sandbox)).Body["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_generated_client_pages_through_the_sandbox_and_stops_at_the_last_page()
    {
        using var client = new XiaohongshuClient(new JustOneApiOptions { Token = SandboxOptions.DefaultToken, BaseAddress = _sandbox.BaseAddress });
        var keyword = "Amir Ali";

        var pages = new List<int>();
        await foreach (var response in client.SearchUserV2PagesAsync(keyword))
        {
            pages.Add(response.Data!.Users.Count);
        }

        var expected = UserSearchPages.PageCount(keyword);
        Assert.Equal(expected, pages.Count);
        Assert.Equal(expected + 1, _sandbox.Stats.Total);
        Assert.All(pages.SkipLast(1), n => Assert.Equal(20, n));

        var limited = new List<int>();
        await foreach (var response in client.SearchUserV2PagesAsync(keyword, firstPage: 2, maxPages: 2))
        {
            limited.Add(response.Data!.Users.Count);
        }

        Assert.Equal(2, limited.Count);
        Assert.Equal(expected + 3, _sandbox.Stats.Total);
    }

    [Fact]
    public async Task Other_operations_answer_with_their_example_and_unknown_paths_with_404()
    {
        var dir = Directory.CreateTempSubdirectory("xhs-sandbox-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "note.json"), Documents.WithExampleData("""{ "notes": [ { "id": "n1" } ] }""", path: "/api/test/notes"));
            var options = new SandboxOptions();
            options.Documents.Add(dir.FullName);
            await using var sandbox = await SandboxServer.StartAsync(options);

            var note = JsonNode.Parse(await Http.GetStringAsync(new Uri(sandbox.BaseAddress, "/api/test/notes?token=sandbox-token")))!;
            Assert.Equal("n1", note["data"]!["notes"]![0]!["id"]!.GetValue<string>());
            var missing = await Http.GetAsync(new Uri(sandbox.BaseAddress, "/nope?token=sandbox-token"));
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal(404, JsonNode.Parse(await missing.Content.ReadAsStringAsync())!["code"]!.GetValue<int>());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_sandbox_listens_on_loopback_only()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => SandboxServer.StartAsync(new SandboxOptions { Url = new Uri("http://0.0.0.0:0") }));
    }
}

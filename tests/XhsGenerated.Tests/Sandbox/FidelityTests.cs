using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using XhsGenerated.Sandbox;
using XhsGenerated.Tests.Client;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.SandboxTests;

/// <summary>
/// Each of the sandbox's fidelity switches: what it puts on the wire (read with a plain HttpClient),
/// and how the generated client handles it, end to end over loopback.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class FidelityTests : IDisposable
{
    private static readonly HttpClient Raw = new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Telemetry _telemetry = new();

    public void Dispose() => _telemetry.Dispose();

    private static async Task<SandboxServer> StartAsync(Action<SandboxOptions> configure)
    {
        var options = new SandboxOptions();
        options.Tokens.Add(Seed.Token);
        configure(options);
        return await SandboxServer.StartAsync(options);
    }

    private XiaohongshuClient NewClient(SandboxServer sandbox, Action<JustOneApiOptions>? configure = null)
    {
        var options = new JustOneApiOptions { Token = Seed.Token, BaseAddress = sandbox.BaseAddress, MaxAttempts = 1 };
        configure?.Invoke(options);
        return new XiaohongshuClient(new XhsGenerated.Http.JustOneApiTransport(options, XiaohongshuClient.Servers, _telemetry.LoggerFactory.CreateLogger("fidelity")));
    }

    private static async Task<(HttpResponseMessage Response, byte[] Body)> GetRawAsync(SandboxServer sandbox, string query, string? acceptEncoding = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(sandbox.BaseAddress, "/api/xiaohongshu/search-user/v2?token=" + Uri.EscapeDataString(Seed.Token) + "&" + query));
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        var response = await Raw.SendAsync(request);
        return (response, await response.Content.ReadAsByteArrayAsync());
    }

    private static JsonObject Json(byte[] body) => JsonNode.Parse(body)!.AsObject();

    [Fact]
    public async Task By_default_recordTime_is_iso_8601_utc_with_z_and_the_client_reads_it_as_a_point_in_time()
    {
        await using var sandbox = await StartAsync(_ => { });
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);

        var (_, body) = await GetRawAsync(sandbox, "keyword=a");
        using var client = NewClient(sandbox);
        var response = await client.SearchUserV2Async("a");

        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", Json(body)["recordTime"]!.GetValue<string>());
        Assert.Equal("success", Json(body)["message"]!.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", response.RecordTime);
        Assert.Equal(TimeSpan.Zero, response.RecordedAt!.Value.Offset);
        Assert.InRange(response.RecordedAt.Value, before, DateTimeOffset.UtcNow.AddSeconds(2));
    }

    [Theory]
    [InlineData("\"2025-12-31T14:55:21Z\"", "2025-12-31T14:55:21+00:00")]
    [InlineData("\"2025-12-31T22:55:21+08:00\"", "2025-12-31T14:55:21+00:00")]
    [InlineData("\"2025-12-31 22:55:21\"", "2025-12-31T14:55:21+00:00")]
    [InlineData("1767192921", "2025-12-31T14:55:21+00:00")]
    [InlineData("null", null)]
    [InlineData("\"yesterday\"", null)]
    public async Task RecordTime_in_either_form_or_null_is_exposed_as_a_datetimeoffset_with_the_raw_text_kept(string recordTime, string? expected)
    {
        var body = Seed.ExampleNode();
        body["recordTime"] = JsonNode.Parse(recordTime);
        await using var server = await LoopbackServer.StartAsync(200, body.ToJsonString());
        using var client = new XiaohongshuClient(new JustOneApiOptions { Token = Seed.Token, BaseAddress = server.BaseAddress, MaxAttempts = 1 });

        var response = await client.SearchUserV2Async("a");

        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), response.RecordedAt);
        Assert.Equal(recordTime == "null" ? null : recordTime.Trim('"'), response.RecordTime);
    }

    [Fact]
    public async Task String_codes_are_sent_as_strings_and_read_as_the_numbers_they_spell()
    {
        await using var sandbox = await StartAsync(o => o.StringCodes = true);

        var (_, ok) = await GetRawAsync(sandbox, "keyword=a");
        var (_, refused) = await GetRawAsync(sandbox, "keyword=a&page=0");
        using var client = NewClient(sandbox);
        var response = await client.SearchUserV2Async("穿搭");
        sandbox.EnqueueFault(new SandboxCodeFault(600));
        var denied = await Assert.ThrowsAsync<PermissionDeniedException>(() => client.SearchUserV2Async("穿搭"));

        Assert.Equal("0", Json(ok)["code"]!.GetValue<string>());
        Assert.Equal("400", Json(refused)["code"]!.GetValue<string>());
        Assert.Equal(0, response.Code);
        Assert.Equal(20, response.Data!.Users.Count);
        Assert.Equal(600, denied.BusinessCode);
    }

    [Fact]
    public async Task Message_null_on_success_is_a_null_message()
    {
        await using var sandbox = await StartAsync(o => o.MessageNull = true);

        var (_, body) = await GetRawAsync(sandbox, "keyword=a");
        using var client = NewClient(sandbox);
        var response = await client.SearchUserV2Async("a");

        Assert.True(Json(body).ContainsKey("message"));
        Assert.Null(Json(body)["message"]);
        Assert.Null(response.Message);
        Assert.True(response.IsSuccess);
    }

    [Fact]
    public async Task An_answer_without_a_request_id_reads_as_a_null_request_id_in_responses_and_exceptions()
    {
        await using var sandbox = await StartAsync(o => o.OmitRequestId = true);

        var (_, body) = await GetRawAsync(sandbox, "keyword=a");
        using var client = NewClient(sandbox);
        var response = await client.SearchUserV2Async("a");
        sandbox.EnqueueFaults(SandboxFault.Code301);
        var failed = await Assert.ThrowsAsync<CollectionFailedException>(() => client.SearchUserV2Async("a"));

        Assert.False(Json(body).ContainsKey("requestId"));
        Assert.Null(response.RequestId);
        Assert.Null(failed.RequestId);
        Assert.DoesNotContain("request id", failed.Message, StringComparison.OrdinalIgnoreCase);
    }

    public static TheoryData<string, int, Type, bool> CodeSwitches => new()
    {
        // switch value, HTTP status expected on the wire, exception, transient
        { "600", 403, typeof(PermissionDeniedException), false },
        { "601", 200, typeof(InsufficientBalanceException), false },
        { "503", 503, typeof(JustOneApiException), true },
        { "101", 200, typeof(JustOneApiException), false },
        { "202", 200, typeof(JustOneApiException), false },
        { "300", 200, typeof(JustOneApiException), false },
        { "404", 404, typeof(JustOneApiException), false },
        { "602", 200, typeof(SpendLimitReachedException), false },
        { "600:200", 200, typeof(PermissionDeniedException), false },
    };

    [Theory]
    [MemberData(nameof(CodeSwitches))]
    public async Task Each_code_fault_is_a_json_envelope_on_the_vendors_status_and_the_client_maps_it_by_code(string fault, int status, Type expected, bool transient)
    {
        var parsed = SandboxCommand.ParseCodeFault(fault);
        await using var sandbox = await StartAsync(o => o.CodeFaults.Add(parsed));

        var (raw, body) = await GetRawAsync(sandbox, "keyword=a");
        using var client = NewClient(sandbox);
        var ex = await Assert.ThrowsAnyAsync<JustOneApiException>(() => client.SearchUserV2Async("a"));

        Assert.Equal(status, (int)raw.StatusCode);
        Assert.Equal("application/json", raw.Content.Headers.ContentType!.MediaType);
        Assert.Equal(parsed.Code, Json(body)["code"]!.GetValue<int>());
        Assert.Equal(expected, ex.GetType());
        Assert.Equal(parsed.Code, ex.BusinessCode);
        Assert.Equal((HttpStatusCode)status, ex.HttpStatusCode);
        Assert.Equal(transient, ex.IsTransient);
        Assert.IsNotType<JustOneApiProtocolException>(ex);
    }

    [Theory]
    [InlineData(SandboxFault.Code600, 403, typeof(PermissionDeniedException))]
    [InlineData(SandboxFault.Code601, 200, typeof(InsufficientBalanceException))]
    public async Task The_named_600_and_601_faults_answer_on_the_vendors_status(SandboxFault fault, int status, Type expected)
    {
        await using var sandbox = await StartAsync(o => o.FaultRates[fault] = 1);

        var (raw, _) = await GetRawAsync(sandbox, "keyword=a");
        using var client = NewClient(sandbox);
        var ex = await Assert.ThrowsAnyAsync<JustOneApiException>(() => client.SearchUserV2Async("a"));

        Assert.Equal(status, (int)raw.StatusCode);
        Assert.Equal(expected, ex.GetType());
    }

    [Theory]
    [InlineData("8 代币余额不足 please top up")]
    [InlineData("Upgrade to SDK 2.0")]
    public async Task A_notice_header_is_logged_once_per_distinct_text_and_shown_on_the_response(string notice)
    {
        await using var sandbox = await StartAsync(o => o.Notice = notice);

        var (raw, _) = await GetRawAsync(sandbox, "keyword=a");
        using var client = NewClient(sandbox);
        var first = await client.SearchUserV2Async("a");
        var second = await client.SearchUserV2Async("b");

        Assert.True(raw.Headers.Contains(JustOneApiHeaders.Notice));
        Assert.Equal(notice, first.Notice);
        Assert.Equal(notice, second.Notice);
        var warning = Assert.Single(_telemetry.Logs, l => l.Event == "ServerNotice");
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(notice, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_notice_holding_the_token_or_a_control_character_is_cleaned_before_it_is_shown_or_logged()
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.Headers[JustOneApiHeaders.Notice] = "token " + Seed.Token + "\tend";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(Seed.Example);
        });
        using var client = new XiaohongshuClient(new XhsGenerated.Http.JustOneApiTransport(
            new JustOneApiOptions { Token = Seed.Token, BaseAddress = server.BaseAddress, MaxAttempts = 1 }, XiaohongshuClient.Servers, _telemetry.LoggerFactory.CreateLogger("n")));

        var response = await client.SearchUserV2Async("a");

        Assert.Equal("token *** end", response.Notice);
        _telemetry.AssertNeverContains(Seed.Token);
        Assert.DoesNotContain(_telemetry.Texts, t => t.Contains('\t', StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("gzip", "gzip")]
    [InlineData("br", "br")]
    [InlineData("gzip, deflate, br", "br")]
    public async Task With_compress_answers_are_compressed_when_asked_and_the_client_reads_them(string accept, string expected)
    {
        await using var sandbox = await StartAsync(o => o.Compress = true);

        var (raw, body) = await GetRawAsync(sandbox, "keyword=a", accept);
        var (plain, plainBody) = await GetRawAsync(sandbox, "keyword=a");
        using var client = NewClient(sandbox);
        var response = await client.SearchUserV2Async("a");

        Assert.Equal(expected, Assert.Single(raw.Content.Headers.ContentEncoding));
        Assert.True(body.Length < plainBody.Length / 2, $"{body.Length} compressed bytes against {plainBody.Length}");
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal(20, response.Data!.Users.Count);
    }

    [Fact]
    public async Task The_client_asks_for_compression()
    {
        string? accept = null;
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            accept = context.Request.Headers.AcceptEncoding.ToString();
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(Seed.Example);
        });
        using var client = new XiaohongshuClient(new JustOneApiOptions { Token = Seed.Token, BaseAddress = server.BaseAddress });

        await client.SearchUserV2Async("a");

        Assert.Contains("gzip", accept, StringComparison.Ordinal);
        Assert.Contains("br", accept, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("2147483648")]
    [InlineData("1.5")]
    [InlineData("")]
    public async Task Invalid_pages_get_code_400_as_a_json_envelope(string page)
    {
        await using var sandbox = await StartAsync(_ => { });

        var (raw, body) = await GetRawAsync(sandbox, "keyword=a&page=" + page);

        Assert.Equal(HttpStatusCode.BadRequest, raw.StatusCode);
        Assert.Equal(400, Json(body)["code"]!.GetValue<int>());
        Assert.Contains("page", Json(body)["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, sandbox.Stats.ByCode[400]);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2147483647")]
    public async Task Valid_pages_are_answered(string page)
    {
        await using var sandbox = await StartAsync(_ => { });

        var (raw, body) = await GetRawAsync(sandbox, "keyword=a&page=" + page);

        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.Equal(0, Json(body)["code"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("600:99")]
    [InlineData("600=2")]
    [InlineData("600:200=x")]
    public void A_malformed_fault_code_switch_is_an_argument_error_that_shows_the_form(string text)
    {
        var ex = Assert.Throws<ArgumentException>(() => SandboxCommand.ParseCodeFault(text));

        Assert.Contains("CODE[:HTTP-STATUS][=PROBABILITY]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_are_served_as_json_per_code_token_and_operation_with_keyword_and_page()
    {
        await using var sandbox = await StartAsync(o => o.Tokens.Add("other-token-0123456789"));
        using var client = NewClient(sandbox);
        await client.SearchUserV2Async("穿搭", page: 2);
        await client.SearchUserV2Async("穿搭", page: 2);
        await client.SearchUserV2Async("a&b");
        sandbox.EnqueueFaults(SandboxFault.Code302);
        await Assert.ThrowsAsync<RateLimitExceededException>(() => client.SearchUserV2Async("x", page: 3));
        await Raw.GetAsync(new Uri(sandbox.BaseAddress, "/api/xiaohongshu/search-user/v2?token=other-token-0123456789&keyword=y"));

        var text = await Raw.GetStringAsync(new Uri(sandbox.BaseAddress, SandboxServer.StatsPath));
        var stats = JsonNode.Parse(text)!.AsObject();

        Assert.Equal(5, stats["total"]!.GetValue<int>());
        Assert.Equal(4, stats["byCode"]!["0"]!.GetValue<int>());
        Assert.Equal(1, stats["byCode"]!["302"]!.GetValue<int>());
        Assert.Equal(4, stats["byToken"]![SandboxStats.RedactToken(Seed.Token)]!.GetValue<int>());
        Assert.Equal(1, stats["byToken"]![SandboxStats.RedactToken("other-token-0123456789")]!.GetValue<int>());
        Assert.DoesNotContain(Seed.Token, text, StringComparison.Ordinal);
        Assert.DoesNotContain("other-token-0123456789", text, StringComparison.Ordinal);
        var operation = stats["byOperation"]!["getSearchUserV2"]!;
        Assert.Equal(5, operation["total"]!.GetValue<int>());
        var requests = operation["requests"]!.AsArray().Select(r => (Keyword: r!["keyword"]!.GetValue<string>(), Page: r["page"]!.GetValue<int>(), Count: r["count"]!.GetValue<int>(), Codes: r["byCode"]!.ToJsonString())).ToList();
        Assert.Contains(("穿搭", 2, 2, """{"0":2}"""), requests);
        Assert.Contains(("a&b", 1, 1, """{"0":1}"""), requests);
        Assert.Contains(("x", 3, 1, """{"302":1}"""), requests);
        Assert.Contains(("y", 1, 1, """{"0":1}"""), requests);
    }
}

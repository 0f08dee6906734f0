using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using XhsGenerated.Sandbox;
using XhsGenerated.Tests.Client;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.SandboxTests;

// The notice header, compression, and what else crosses HTTP as the vendor sends it.
public sealed partial class FidelityTests
{
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

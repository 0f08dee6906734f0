using System.Net;
using System.Text.Json.Nodes;
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
public sealed partial class FidelityTests : IDisposable
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
}

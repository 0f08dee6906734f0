using System.Net;
using System.Text.Json.Nodes;
using XhsGenerated.Tests.Client;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.ClientTests;

/// <summary>
/// The client this test project generated from openapi/user-search-v2-en.json at build time (as a
/// user's project would), calling a real HTTP server on 127.0.0.1.
/// </summary>
public sealed class GeneratedClientTests
{
    private static XiaohongshuClient NewClient(Uri baseAddress, int maxAttempts = 1)
        => new(new JustOneApiOptions { Token = Seed.Token, BaseAddress = baseAddress, MaxAttempts = maxAttempts });

    [Fact]
    public async Task The_seed_example_comes_back_as_twenty_typed_users_and_two_filter_groups()
    {
        await using var server = await LoopbackServer.StartAsync(200, Seed.Example);
        using var client = NewClient(server.BaseAddress);

        var response = await client.SearchUserV2Async("Amir Ali");

        Assert.Equal(0, response.Code);
        Assert.True(response.IsSuccess);
        var data = Assert.IsType<SearchUserV2Data>(response.Data);
        Assert.Equal(20, data.Users.Count);
        Assert.All(data.Users, u =>
        {
            Assert.False(string.IsNullOrEmpty(u.Name));
            Assert.Matches("^[0-9a-f]{24}$", u.Id);
            Assert.Equal("小红书号:" + u.RedId, u.Desc);
            Assert.Equal(0, u.RedOfficialVerifyType);
            Assert.False(u.Followed);
            Assert.Empty(u.AdditionalProperties);
        });
        Assert.Equal("Amir Ali", data.Users[0].Name);
        Assert.Equal("26814156493", data.Users[0].RedId);
        Assert.Equal("68b016570000000018028e20", data.Users[0].Id);
        Assert.Equal(new[] { "fans_count", "user_type" }, data.Filters.Select(f => f.Id));
        Assert.Equal(new[] { "粉丝数量", "用户类型" }, data.Filters.Select(f => f.Name));
        Assert.Equal(6, data.Filters[0].FilterTags.Count);
        Assert.Equal(4, data.Filters[1].FilterTags.Count);
        Assert.Equal("1万-10万", data.Filters[0].FilterTags[4].Name);
        Assert.True(data.Filters[0].Invisible);
        Assert.Null(data.Filters[1].FilterTags[0].SubFilters);
    }

    [Theory]
    [InlineData("穿搭")]
    [InlineData("a&b=c#d/e?f+g h")]
    [InlineData("🙂 emoji 100%")]
    public async Task The_keyword_is_encoded_exactly_once_and_the_token_travels_in_the_query(string keyword)
    {
        await using var server = await LoopbackServer.StartAsync(200, Seed.Example);
        using var client = NewClient(server.BaseAddress);

        await client.SearchUserV2Async(keyword, page: 2);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/api/xiaohongshu/search-user/v2", request.Path);
        Assert.Equal(keyword, request.Parsed["keyword"].ToString());
        Assert.Equal("2", request.Parsed["page"].ToString());
        Assert.Equal(Seed.Token, request.Parsed["token"].ToString());
    }

    [Fact]
    public async Task An_optional_parameter_left_null_is_not_sent()
    {
        await using var server = await LoopbackServer.StartAsync(200, Seed.Example);
        using var client = NewClient(server.BaseAddress);

        await client.SearchUserV2Async("x");

        Assert.False(Assert.Single(server.Requests).Parsed.ContainsKey("page"));
    }

    [Fact]
    public async Task A_base_address_with_a_path_prefix_keeps_the_prefix()
    {
        await using var server = await LoopbackServer.StartAsync(200, Seed.Example);
        using var client = NewClient(new Uri(server.BaseAddress, "/proxy/"));

        await client.SearchUserV2Async("x");

        Assert.Equal("/proxy/api/xiaohongshu/search-user/v2", Assert.Single(server.Requests).Path);
    }

    public static TheoryData<int, int, Type, bool> Codes => new()
    {
        { 100, 401, typeof(InvalidTokenException), false },
        { 301, 200, typeof(CollectionFailedException), true },
        { 302, 429, typeof(RateLimitExceededException), true },
        { 303, 200, typeof(DailyQuotaExceededException), false },
        { 400, 400, typeof(InvalidParametersException), false },
        { 500, 500, typeof(ServerErrorException), true },
        { 600, 403, typeof(PermissionDeniedException), false },
        { 601, 200, typeof(InsufficientBalanceException), false },
        { 602, 200, typeof(SpendLimitReachedException), false },
        { 202, 200, typeof(JustOneApiException), false },
        { 503, 503, typeof(JustOneApiException), true },
    };

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task Each_business_code_becomes_its_typed_exception_whatever_the_http_status(int code, int status, Type expected, bool transient)
    {
        await using var server = await LoopbackServer.StartAsync(status, Seed.Envelope(code, "echo " + Seed.Token, requestId: "req-42"));
        using var client = NewClient(server.BaseAddress);

        var ex = await Assert.ThrowsAnyAsync<JustOneApiException>(() => client.SearchUserV2Async("x"));

        Assert.Equal(expected, ex.GetType());
        Assert.Equal(code, ex.BusinessCode);
        Assert.Equal((HttpStatusCode)status, ex.HttpStatusCode);
        Assert.Equal("req-42", ex.RequestId);
        Assert.Equal(transient, ex.IsTransient);
        Assert.Equal("getSearchUserV2", ex.OperationId);
        Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
        Assert.Equal("echo ***", ex.ApiMessage);
        Assert.DoesNotContain(Seed.Token, ex.ToString(), StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_numeric_string_code_is_the_number_it_spells()
    {
        var body = Seed.ExampleNode();
        body["code"] = "0";
        await using var server = await LoopbackServer.StartAsync(200, body.ToJsonString());
        using var client = NewClient(server.BaseAddress);

        var response = await client.SearchUserV2Async("x");

        Assert.Equal(20, response.Data!.Users.Count);
    }

    [Theory]
    [InlineData(503, "<html><body>503 Service Unavailable</body></html>", "text/html", true)]
    [InlineData(200, "", "application/json", false)]
    [InlineData(200, "{\"code\":0,\"data\":{\"users\":[{\"id\":\"a\"", "application/json", false)]
    [InlineData(200, "[1,2,3]", "application/json", false)]
    [InlineData(200, "{\"data\":{}}", "application/json", false)]
    [InlineData(502, "{\"code\":\"zero\"}", "application/json", true)]
    [InlineData(200, "{\"code\":0} trailing", "application/json", false)]
    public async Task A_body_that_is_not_the_envelope_is_a_protocol_error(int status, string body, string contentType, bool transient)
    {
        await using var server = await LoopbackServer.StartAsync(status, body, contentType);
        using var client = NewClient(server.BaseAddress);

        var ex = await Assert.ThrowsAsync<JustOneApiProtocolException>(() => client.SearchUserV2Async("x"));

        Assert.Equal((HttpStatusCode)status, ex.HttpStatusCode);
        Assert.Equal(transient, ex.IsTransient);
        Assert.Null(ex.BusinessCode);
        Assert.Contains("not the Just One API envelope", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Seed.Token, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_tolerates_drift_and_keeps_what_it_did_not_know()
    {
        var body = Seed.ExampleNode();
        var users = body["data"]!["users"]!.AsArray();
        var first = users[0]!.AsObject();
        first["new_field"] = new JsonObject { ["nested"] = 1 };     // unknown member
        first.Remove("desc");                                        // dropped member
        first["followed"] = "yes";                                   // unexpected kind
        first["red_official_verify_type"] = "7";                     // numeric string for a number
        first["red_id"] = 123456;                                    // number for a string
        first["name"] = null;                                        // null where the example has a value
        users[1]!.AsObject()["self"] = "true";                       // boolean as a string
        body["data"]!["filters"] = null;                             // a list that is null
        body["extra_envelope_member"] = "kept";
        await using var server = await LoopbackServer.StartAsync(200, body.ToJsonString());
        using var client = NewClient(server.BaseAddress);

        var response = await client.SearchUserV2Async("x");

        var user = response.Data!.Users[0];
        Assert.Equal(1, user.AdditionalProperties["new_field"].GetProperty("nested").GetInt32());
        Assert.Null(user.Desc);
        Assert.Null(user.Followed);
        Assert.Equal("yes", user.AdditionalProperties["followed"].GetString());
        Assert.Equal(7, user.RedOfficialVerifyType);
        Assert.Equal("123456", user.RedId);
        Assert.Null(user.Name);
        Assert.True(response.Data.Users[1].Self);
        Assert.Empty(response.Data.Filters);
        Assert.Equal("kept", response.AdditionalProperties["extra_envelope_member"].GetString());
    }

    [Theory]
    [InlineData("\"unexpected\"", true)]
    [InlineData("[1, 2]", true)]
    [InlineData("null", false)]
    public async Task Data_of_another_kind_is_kept_in_the_envelope_and_null_data_is_null(string data, bool kept)
    {
        await using var server = await LoopbackServer.StartAsync(200, $$"""{"code":0,"data":{{data}}}""");
        using var client = NewClient(server.BaseAddress);

        var response = await client.SearchUserV2Async("x");

        Assert.Null(response.Data);
        Assert.Equal(kept, response.AdditionalProperties.ContainsKey("data"));
    }

    [Fact]
    public async Task A_list_with_an_item_of_another_kind_keeps_the_raw_list()
    {
        await using var server = await LoopbackServer.StartAsync(200, """{"code":0,"data":{"users":[{"id":"a"},"stray",{"id":"b"}]}}""");
        using var client = NewClient(server.BaseAddress);

        var response = await client.SearchUserV2Async("x");

        Assert.Empty(response.Data!.Users);
        Assert.Equal(3, response.Data.AdditionalProperties["users"].GetArrayLength());
    }

    [Fact]
    public async Task Bad_arguments_throw_before_any_request()
    {
        await using var server = await LoopbackServer.StartAsync(200, Seed.Example);
        using var client = NewClient(server.BaseAddress);

        await Assert.ThrowsAsync<ArgumentNullException>("keyword", () => client.SearchUserV2Async(null!));
        await Assert.ThrowsAsync<ArgumentException>("keyword", () => client.SearchUserV2Async("  "));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("page", () => client.SearchUserV2Async("x", page: 0));
        Assert.Throws<ArgumentOutOfRangeException>("maxPages", () => client.SearchUserV2PagesAsync("x", maxPages: 0));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void Options_without_a_token_say_which_setting_to_fill()
    {
        var ex = Assert.Throws<JustOneApiConfigurationException>(() => new XiaohongshuClient(new JustOneApiOptions()));

        Assert.Contains("JUSTONEAPI_TOKEN", ex.Message, StringComparison.Ordinal);
        Assert.Equal("JustOneApi:Token", ex.ParamName);
    }

    [Fact]
    public void The_default_endpoint_is_the_documents_first_server()
    {
        using var client = new XiaohongshuClient(new JustOneApiOptions { Token = Seed.Token });

        Assert.Equal(new Uri("https://api.justoneapi.com"), XiaohongshuClient.Servers[0].BaseAddress);
        Assert.Equal("prod-global", XiaohongshuClient.Servers[0].Name);
        Assert.Equal(new Uri("http://47.117.133.51:30015"), XiaohongshuClient.Servers[1].BaseAddress);
    }

    [Fact]
    public void The_china_server_needs_an_explicit_opt_in_because_the_token_would_travel_in_clear_text()
    {
        var ex = Assert.Throws<JustOneApiConfigurationException>(() => new XiaohongshuClient(new JustOneApiOptions { Token = Seed.Token, Endpoint = JustOneApiEndpoint.China }));
        Assert.Contains("AllowInsecureTransport", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Seed.Token, ex.ToString(), StringComparison.Ordinal);

        using var client = new XiaohongshuClient(new JustOneApiOptions { Token = Seed.Token, Endpoint = JustOneApiEndpoint.China, AllowInsecureTransport = true });
    }

    [Fact]
    public void Options_never_show_the_token()
    {
        var options = new JustOneApiOptions { Token = Seed.Token };

        Assert.DoesNotContain(Seed.Token, options.ToString(), StringComparison.Ordinal);
        Assert.Contains("***", options.ToString(), StringComparison.Ordinal);
    }
}

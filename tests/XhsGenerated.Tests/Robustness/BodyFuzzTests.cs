using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using XhsGenerated.Http;
using XhsGenerated.Tests.Client;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Robustness;

/// <summary>
/// The reading contract under attack: <c>Parse</c> of any bytes returns a response or throws
/// <see cref="JsonException"/>; through the client, every failure is a <see cref="JustOneApiException"/>
/// with the right transient flag, and the token is in no message, <c>ToString()</c>, log line or tag.
/// </summary>
public sealed class BodyFuzzTests
{
    private const int ParsedBodies = 10_000;
    private const int HttpBodies = 1_000;

    public static TheoryData<string> CorpusNames()
    {
        var names = new TheoryData<string>();
        foreach (var (name, _) in HostileBodies.Corpus())
        {
            names.Add(name);
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(CorpusNames))]
    public void Every_kept_reproducer_parses_or_throws_JsonException(string name)
    {
        var body = HostileBodies.Corpus().Single(c => c.Name == name).Body;

        var error = ParseOutcome(body);

        Assert.True(error is null or JsonException, $"{name}: {error?.GetType().Name}: {error?.Message}");
    }

    [Fact]
    public void Ten_thousand_mutated_bodies_parse_or_throw_JsonException_and_nothing_else()
    {
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < ParsedBodies; i++)
        {
            var body = HostileBodies.Draw(HostileBodies.Body, i);
            var error = ParseOutcome(body);
            Assert.True(error is null or JsonException, $"case {i} ({Convert.ToBase64String(body[..Math.Min(body.Length, 300)])}): {error}");
            var key = error is null ? "parsed" : "JsonException";
            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
        }

        // The mutations reach both sides of the contract.
        Assert.True(outcomes.GetValueOrDefault("parsed") > 1_000, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault("JsonException") > 1_000, string.Join(", ", outcomes));
    }

    [Fact]
    public void Invalid_utf8_and_lone_surrogates_are_JsonExceptions_that_say_so()
    {
        byte[] invalidUtf8 = [.. "{\"code\":0,\"message\":\""u8, 0xFF, .. "\"}"u8];
        var invalid = Assert.Throws<JsonException>(() => SearchUserV2Response.Parse(invalidUtf8));
        Assert.Contains("UTF-8", invalid.Message, StringComparison.Ordinal);

        var surrogate = Assert.Throws<JsonException>(() => SearchUserV2Response.Parse("{\"code\":0,\"data\":{\"users\":[{\"red_official_verify_type\":\"\\ude00\"}]}}"u8));
        Assert.Contains("lone surrogate", surrogate.Message, StringComparison.Ordinal);

        // An escaped backslash followed by "ud800" is ordinary text, and a proper pair is an emoji.
        Assert.Equal("\\ud800", SearchUserV2Response.Parse("{\"code\":0,\"message\":\"\\\\ud800\"}"u8).Message);
        Assert.Equal("🙂", SearchUserV2Response.Parse("{\"code\":0,\"message\":\"\\ud83d\\ude42\"}"u8).Message);
    }

    [Theory]
    [InlineData("invalid-utf8-kept-member.json")]
    [InlineData("invalid-utf8-member-name.json")]
    [InlineData("lone-surrogate-kept-array.json")]
    [InlineData("lone-surrogate-kept-data.json")]
    [InlineData("invalid-utf8-user-id.json")]
    [InlineData("lone-surrogate-name.json")]
    public void Undecodable_text_is_refused_where_it_is_kept_raw_too_not_only_where_it_is_typed(string name)
    {
        var body = HostileBodies.Corpus().Single(c => c.Name == name).Body;

        var error = Assert.Throws<JsonException>(() => SearchUserV2Response.Parse(body));

        Assert.Matches("at byte [0-9]+", error.Message);
    }

    [Fact]
    public void A_body_that_starts_with_a_utf8_bom_is_read()
    {
        var response = SearchUserV2Response.Parse([0xEF, 0xBB, 0xBF, .. HostileBodies.Example]);

        Assert.Equal(20, response.Data!.Users.Count);
    }

    [Fact]
    public void A_hundred_thousand_users_are_read()
    {
        var response = SearchUserV2Response.Parse(HostileBodies.ManyUsers(100_000));

        Assert.Equal(100_000, response.Data!.Users.Count);
        Assert.Equal("Amir Ali", response.Data.Users[99_999 - (99_999 % 20)].Name);
    }

    [Fact]
    public async Task A_thousand_mutated_bodies_over_http_give_typed_exceptions_with_the_right_transient_flag_and_no_token()
    {
        int[] statuses = [200, 401, 429, 500, 502];
        var served = new System.Collections.Concurrent.ConcurrentQueue<(int Status, byte[] Body)>();
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            served.TryDequeue(out var answer);
            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(answer.Body);
        });
        using var telemetry = new Telemetry();
        var options = new JustOneApiOptions { Token = Seed.Token, BaseAddress = server.BaseAddress, MaxAttempts = 1 };
        using var client = new XiaohongshuClient(new JustOneApiTransport(options, XiaohongshuClient.Servers, telemetry.LoggerFactory.CreateLogger("fuzz")));
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);

        for (var i = 0; i < HttpBodies; i++)
        {
            var status = statuses[i % statuses.Length];
            var body = HostileBodies.Draw(HostileBodies.Body, i, seed: 7_000_001);
            served.Enqueue((status, body));
            Exception? error = null;
            try
            {
                await client.SearchUserV2Async("穿搭");
            }
            catch (Exception ex)
            {
                error = ex;
            }

            var label = $"case {i}, HTTP {status}";
            if (error is null)
            {
                kinds["success"] = kinds.GetValueOrDefault("success") + 1;
                continue;
            }

            var api = Assert.IsAssignableFrom<JustOneApiException>(error);
            kinds[api.GetType().Name] = kinds.GetValueOrDefault(api.GetType().Name) + 1;
            Assert.DoesNotContain(Seed.Token, api.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Seed.Token, api.ToString(), StringComparison.Ordinal);
            if (api is JustOneApiProtocolException)
            {
                Assert.Equal((HttpStatusCode)status, api.HttpStatusCode);
                Assert.True(api.IsTransient == status is 408 or 429 or >= 500, label + ": " + api.Message);
                Assert.IsType<JsonException>(api.InnerException);
            }
            else
            {
                var code = Assert.NotNull(api.BusinessCode);
                Assert.Equal(BusinessCodes.IsTransient(code), api.IsTransient);
            }
        }

        telemetry.AssertNeverContains(Seed.Token);
        Assert.True(kinds.GetValueOrDefault(nameof(JustOneApiProtocolException)) > 100, string.Join(", ", kinds));
        Assert.True(kinds.Count >= 3, string.Join(", ", kinds));
    }

    [Theory]
    [InlineData(200, false)]
    [InlineData(401, false)]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(502, true)]
    public async Task Undecodable_text_through_the_client_is_a_protocol_error_with_the_status(int status, bool transient)
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.StatusCode = status;
            await context.Response.Body.WriteAsync("{\"code\":0,\"message\":\"\\ud800\"}"u8.ToArray());
        });
        using var client = new XiaohongshuClient(new JustOneApiOptions { Token = Seed.Token, BaseAddress = server.BaseAddress, MaxAttempts = 1 });

        var error = await Assert.ThrowsAsync<JustOneApiProtocolException>(() => client.SearchUserV2Async("x"));

        Assert.Equal((HttpStatusCode)status, error.HttpStatusCode);
        Assert.Equal(transient, error.IsTransient);
    }

    [Theory]
    [InlineData("echoed-query.txt")]
    [InlineData("echoed-literal.json")]
    [InlineData("echoed-across-cut.json")]
    public async Task A_body_that_echoes_the_token_is_quoted_without_it(string name)
    {
        var body = HostileBodies.Corpus().Single(c => c.Name == name).Body;
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.StatusCode = 400;
            await context.Response.Body.WriteAsync(body);
        });
        using var client = new XiaohongshuClient(new JustOneApiOptions { Token = Seed.Token, BaseAddress = server.BaseAddress, MaxAttempts = 1 });

        var error = await Assert.ThrowsAsync<JustOneApiProtocolException>(() => client.SearchUserV2Async("x"));

        Assert.DoesNotContain(Seed.Token, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Seed.Token[..12], error.ToString(), StringComparison.Ordinal);
        Assert.Contains("*", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_write_read_gives_equal_values_for_every_parsed_mutation_and_keeps_non_ascii_readable()
    {
        var checkedBodies = 0;
        for (var i = 0; i < 2_000; i++)
        {
            var body = HostileBodies.Draw(HostileBodies.Body, i, seed: 99);
            if (ParseOutcome(body) is not null)
            {
                continue;
            }

            var first = SearchUserV2Response.Parse(body);
            var written = Write(first);
            var second = SearchUserV2Response.Parse(written);
            Assert.Equal(Encoding.UTF8.GetString(written), Encoding.UTF8.GetString(Write(second)));
            checkedBodies++;
        }

        Assert.True(checkedBodies > 500, checkedBodies.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var example = Encoding.UTF8.GetString(Write(SearchUserV2Response.Parse(HostileBodies.Example)));
        Assert.Contains("小红书号:26814156493", example, StringComparison.Ordinal);
        var again = SearchUserV2Response.Parse(Encoding.UTF8.GetBytes(example));
        Assert.Equal(20, again.Data!.Users.Count);
        Assert.Equal("1万-10万", again.Data.Filters[0].FilterTags[4].Name);
    }

    [Fact]
    public void A_member_of_an_unexpected_kind_is_written_back_once_as_it_came()
    {
        var response = SearchUserV2Response.Parse("{\"code\":0,\"data\":{\"users\":[{\"id\":\"a\",\"followed\":\"maybe\",\"extra\":[1,2]}],\"filters\":\"none\"}}"u8);

        var json = Encoding.UTF8.GetString(Write(response));

        Assert.Contains("\"followed\":\"maybe\"", json, StringComparison.Ordinal);
        Assert.Contains("\"extra\":[1,2]", json, StringComparison.Ordinal);
        Assert.Contains("\"filters\":\"none\"", json, StringComparison.Ordinal);
        Assert.Equal(1, json.Split("\"followed\"").Length - 1);
    }

    private static byte[] Write(SearchUserV2Response response)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            response.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static Exception? ParseOutcome(byte[] body)
    {
        try
        {
            SearchUserV2Response.Parse(body);
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}

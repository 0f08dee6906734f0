using System.Text.Json;
using XhsGenerated.Tools;

namespace XhsGenerated.Tests.Runtime;

/// <summary>What generated MCP tools share: argument reading that never throws and names the argument, and advice per failure.</summary>
public sealed class ToolsTests
{
    private static Dictionary<string, JsonElement> Args(string json)
        => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

    [Theory]
    [InlineData("""{ "keyword": "穿搭", "page": 2 }""", null)]
    [InlineData("""{ "keyword": "穿搭", "page": "3" }""", null)]
    [InlineData("""{ "keyword": "穿搭", "page": null }""", null)]
    [InlineData("""{ "page": 2 }""", "argument 'keyword' is required.")]
    [InlineData("""{ "keyword": "  " }""", "argument 'keyword' is required and must not be blank.")]
    [InlineData("""{ "keyword": "穿搭", "page": "two" }""", "argument 'page' must be an integer, not the string \"two\".")]
    [InlineData("""{ "keyword": "穿搭", "page": 1.5 }""", "argument 'page' must be an integer, not the number 1.5.")]
    [InlineData("""{ "keyword": "穿搭", "page": 0 }""", "argument 'page' must be at least 1; 0 is not.")]
    [InlineData("""{ "keyword": "穿搭", "page": 99999999999 }""", "argument 'page' must be from 1 to 2147483647; 99999999999 is not.")]
    [InlineData("""{ "keyword": [1], "page": 2 }""", "argument 'keyword' must be a string, not an array.")]
    [InlineData("""{ "keyword": "穿搭", "sort": "x" }""", "does not take an argument 'sort'; it takes: keyword, page.")]
    public void Arguments_are_read_or_refused_by_name(string json, string? problem)
    {
        var arguments = new ToolArguments(Args(json), "search", "keyword", "page");

        var keyword = arguments.String("keyword", required: true);
        var page = arguments.Int32("page", required: false, minimum: 1);

        if (problem is null)
        {
            Assert.Null(arguments.Error);
            Assert.Equal("穿搭", keyword);
            Assert.True(page is null or 2 or 3);
        }
        else
        {
            Assert.NotNull(arguments.Error);
            Assert.StartsWith("search", arguments.Error, StringComparison.Ordinal);
            Assert.EndsWith(problem, arguments.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Numbers_and_flags_accept_their_spellings_and_refuse_the_rest()
    {
        var arguments = new ToolArguments(Args("""{ "a": 1.25, "b": "2.5", "c": true, "d": "false", "e": 3 }"""), "t", "a", "b", "c", "d", "e");

        Assert.Equal((1.25, 2.5, true, false, 3L), (arguments.Double("a", true), arguments.Double("b", true), arguments.Boolean("c", true), arguments.Boolean("d", true), arguments.Int64("e", true)));
        Assert.Null(arguments.Error);
        Assert.Null(arguments.Boolean("e", true));
        Assert.Contains("'e' must be true or false", arguments.Error, StringComparison.Ordinal);
        Assert.Null(new ToolArguments(null, "t").Error);
    }

    public static TheoryData<JustOneApiException, string> Failures()
    {
        var details = new JustOneApiFailure("getSearchUserV2", "GET", "/p");
        return new()
        {
            { new InvalidTokenException("m", details with { BusinessCode = 100 }), "JUSTONEAPI_TOKEN" },
            { new CollectionFailedException("m", details with { BusinessCode = 301 }) { Attempts = 4 }, "after 4 attempts; it was already retried" },
            { new RateLimitExceededException("m", details with { BusinessCode = 302, RetryAfter = TimeSpan.FromSeconds(12) }), "Wait 12 seconds" },
            { new RateLimitExceededException("m", details with { BusinessCode = 302, RetryAfter = TimeSpan.FromSeconds(1) }), "Wait 1 second " },
            { new DailyQuotaExceededException("m", details with { BusinessCode = 303 }), "00:00 UTC" },
            { new InvalidParametersException("m", details with { BusinessCode = 400, ApiMessage = "keyword empty" }), "The API said: keyword empty" },
            { new PermissionDeniedException("m", details with { BusinessCode = 600 }), "plan" },
            { new InsufficientBalanceException("m", details with { BusinessCode = 601 }), "topped up" },
            { new SpendLimitReachedException("m", details with { BusinessCode = 602 }), "raise the limit in the Just One API console" },
            { new JustOneApiException("m", details with { BusinessCode = 777, IsTransient = true }), "code 777" },
        };
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public void Each_failure_says_what_to_do(JustOneApiException failure, string says)
        => Assert.Contains(says, ToolErrors.Describe(failure), StringComparison.Ordinal);

    [Fact]
    public void A_refused_argument_names_it_without_the_framework_suffix()
    {
        var message = ToolErrors.DescribeArgument("search", new ArgumentOutOfRangeException("page", "page must be at least 1."));

        Assert.Equal("search: argument 'page' is not usable: page must be at least 1.", message);
    }

    [Fact]
    public void A_response_is_written_as_an_element_and_as_text_with_chinese_kept()
    {
        var (element, text) = ToolJson.Write(w => { w.WriteStartObject(); w.WriteString("name", "穿搭"); w.WriteEndObject(); });

        Assert.Equal("穿搭", element.GetProperty("name").GetString());
        Assert.Equal("""{"name":"穿搭"}""", text);
    }
}

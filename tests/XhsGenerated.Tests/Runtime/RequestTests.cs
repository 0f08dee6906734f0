using XhsGenerated.Http;

namespace XhsGenerated.Tests.Runtime;

/// <summary>How a request is put on the wire, and that the token never shows outside what is sent.</summary>
public sealed class RequestTests
{
    private static readonly Uri Base = new("https://api.example.test/prefix/");

    [Fact]
    public async Task A_form_operation_sends_the_token_in_the_body_even_without_other_fields()
    {
        var request = new JustOneApiRequest("POST", "/api/note/publish", "postPublishNote") { SendAsForm = true };

        using var message = request.ToHttpRequest(Base, "tok en&=", "ua");

        Assert.Equal("https://api.example.test/prefix/api/note/publish", message.RequestUri!.AbsoluteUri);
        Assert.Equal("application/x-www-form-urlencoded", message.Content!.Headers.ContentType!.MediaType);
        Assert.Equal("token=tok+en%26%3D", await message.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Query_values_are_encoded_once_path_values_are_escaped_and_the_display_url_has_no_token()
    {
        var request = new JustOneApiRequest("GET", "/api/note/{noteId}", "getNote");
        request.AddPath("noteId", "a/b c");
        request.AddQuery("keyword", "穿搭 & #1");
        request.AddQuery("page", 2);
        request.AddQuery("ratio", 0.5);
        request.AddQuery("all", true);

        using var message = request.ToHttpRequest(Base, "secret", "ua");

        Assert.Equal("https://api.example.test/prefix/api/note/a%2Fb%20c?token=secret&keyword=%E7%A9%BF%E6%90%AD%20%26%20%231&page=2&ratio=0.5&all=true", message.RequestUri!.AbsoluteUri);
        Assert.DoesNotContain("secret", request.DisplayUrl(Base), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://h/api?token=abc123&keyword=x", "https://h/api?token=***&keyword=x")]
    [InlineData("failed for TOKEN=abc123", "failed for TOKEN=***")]
    [InlineData("the secret s3cr3t/+ is here, encoded s3cr3t%2F%2B too", "the secret *** is here, encoded *** too")]
    [InlineData("access_token=keep", "access_token=keep")]
    public void The_redactor_masks_the_token_raw_encoded_and_as_a_parameter(string text, string expected)
    {
        Assert.Equal(expected, new TokenRedactor("s3cr3t/+").Redact(text));
    }

    [Theory]
    [InlineData("lower hex s3cr3t%2f%2b and form s3cr3t%2F%2B", "lower hex *** and form ***")]
    [InlineData("glued fs3cr3t/+x and 'ok':fs3cr3t/+}", "glued f***x and 'ok':f***}")]
    [InlineData("{\"m\":\"s3cr3t/\\u002B\",\"n\":\"s3cr3t/\\u002b\",\"o\":\"s3cr3t\\/\\u002B\"}", "{\"m\":\"***\",\"n\":\"***\",\"o\":\"***\"}")]
    public void A_long_token_is_masked_in_every_encoding_and_inside_longer_words(string text, string expected)
    {
        Assert.Equal(expected, new TokenRedactor("s3cr3t/+").Redact(text));
    }

    [Fact]
    public void A_token_with_a_space_is_masked_as_forms_encode_it()
    {
        var redactor = new TokenRedactor("two words here");

        Assert.Equal("q=*** p=*** r=***", redactor.Redact("q=two+words+here p=two%20words%20here r=two words here"));
    }

    [Theory]
    [InlineData("a", "invalid parameters: a is wrong", "invalid parameters: *** is wrong")]
    [InlineData("a", "a", "***")]
    [InlineData("ab1", "token ab1, not cab1 or ab12", "token ***, not cab1 or ab12")]
    public void A_short_token_is_masked_only_where_it_stands_alone(string token, string text, string expected)
    {
        Assert.Equal(expected, new TokenRedactor(token).Redact(text));
    }

    [Fact]
    public void Requests_say_who_sends_them_and_that_they_accept_json()
    {
        var request = new JustOneApiRequest("GET", "/api/x", "getX");

        using var message = request.ToHttpRequest(Base, "secret", UserAgent.For("MyApp/1.2"));

        Assert.Equal("application/json", Assert.Single(message.Headers.Accept).MediaType);
        var agent = string.Join(" ", message.Headers.GetValues("User-Agent"));
        Assert.Matches(@"^XhsGenerated/\d+\.\d+\.\d+\S* \(\.NET \d+\.\d+\.\d+; [^()]+\) MyApp/1\.2$", agent);
    }

    [Theory]
    [InlineData("MyApp/1.2\r\nX-Evil: 1")]
    [InlineData("Приложение/1")]
    public void A_user_agent_that_cannot_travel_in_a_header_is_refused(string product)
    {
        var options = new JustOneApiOptions { Token = "t", UserAgent = product };

        var error = Assert.Throws<JustOneApiConfigurationException>(() => new JustOneApiTransport(options, []));

        Assert.Equal("JustOneApi:UserAgent", error.Setting);
    }
}

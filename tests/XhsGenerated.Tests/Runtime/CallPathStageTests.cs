using System.Buffers;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.RateLimiting;
using Polly.Timeout;
using XhsGenerated.Http;
using XhsGenerated.Http.CallPath;
using XhsGenerated.Recording;
using XhsGenerated.Scaling;
using XhsGenerated.Tests.Client;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Runtime;

/// <summary>Each stage of the call path on its own (runtime/Http/CallPath), without the others around it.</summary>
public sealed class CallPathStageTests : IDisposable
{
    private static readonly Uri Primary = new("http://127.0.0.1:1/");
    private static readonly Uri Fallback = new("http://127.0.0.2:1/");
    private readonly JustOneApiOptions _options = new() { Token = Seed.Token, BaseAddress = Primary, FallbackEndpoints = { Fallback } };
    private readonly JustOneApiTransport _transport;
    private readonly TokenRedactor _redactor = new(Seed.Token);

    public CallPathStageTests() => _transport = new JustOneApiTransport(_options, XiaohongshuClient.Servers);

    public void Dispose() => _transport.Dispose();

    private Call<SearchUserV2Response> NewCall(CancellationToken cancellationToken = default)
    {
        var request = new JustOneApiRequest("GET", "/api/xiaohongshu/search-user/v2", "getSearchUserV2");
        request.AddQuery("keyword", "穿搭");
        return new Call<SearchUserV2Response>(_transport, request, static (in ReadOnlySequence<byte> body) => SearchUserV2Response.Parse(in body), TimeProvider.System, _options.TotalTimeout, cancellationToken);
    }

    private static Answer NewAnswer(HttpStatusCode status, string body, string? retryAfter = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (retryAfter is not null)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        }

        return new Answer(response, ResponseBody.ReadAsync(response.Content, 1 << 20, default).GetAwaiter().GetResult());
    }

    [Fact]
    public void Retry_waits_longer_after_a_rate_limit_honours_a_longer_Retry_After_and_caps_the_rest()
    {
        var details = new JustOneApiFailure("op", "GET", "/p") { IsTransient = true };
        var collection = new CollectionFailedException("301", details);
        var limited = new RateLimitExceededException("302", details);
        var told = new RateLimitExceededException("302", details with { RetryAfter = TimeSpan.FromSeconds(40) });

        Assert.InRange(RetryStrategy.Delay(_options, collection, 0).TotalSeconds, 0.8, 1.2);
        Assert.InRange(RetryStrategy.Delay(_options, collection, 1).TotalSeconds, 1.6, 2.4);
        Assert.InRange(RetryStrategy.Delay(_options, limited, 0).TotalSeconds, 4.0, 6.0);
        Assert.Equal(_options.MaxRetryDelay, RetryStrategy.Delay(_options, collection, 20));
        Assert.Equal(TimeSpan.FromSeconds(40), RetryStrategy.Delay(_options, told, 0));
    }

    [Fact]
    public void Retry_takes_transient_failures_only_and_none_whose_Retry_After_outlasts_the_budget()
    {
        var call = NewCall();
        var context = ResilienceContextPool.Shared.Get();
        context.Properties.Set(ICall.Key, call);
        var details = new JustOneApiFailure("op", "GET", "/p");
        try
        {
            Assert.True(RetryStrategy.ShouldRetry(new CollectionFailedException("301", details with { IsTransient = true }), context));
            Assert.False(RetryStrategy.ShouldRetry(new InvalidTokenException("100", details), context));
            Assert.False(RetryStrategy.ShouldRetry(new InvalidOperationException("not ours"), context));
            Assert.False(RetryStrategy.ShouldRetry(new RateLimitExceededException("302", details with { IsTransient = true, RetryAfter = _options.TotalTimeout + TimeSpan.FromSeconds(1) }), context));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    [Fact]
    public void Failover_moves_to_the_next_endpoint_after_a_failure_and_remembers_it_for_the_call()
    {
        var failover = new EndpointFailover(new EndpointSelector(_options, XiaohongshuClient.Servers), _options.EndpointCooldown, NullLogger.Instance);
        var call = NewCall();

        var first = failover.Choose(call);
        failover.Failed(call, first);
        var second = failover.Choose(call);

        Assert.Equal(Primary, first);
        Assert.Equal(Fallback, second);
        Assert.Equal(new[] { Primary }, call.FailedEndpoints);
        Assert.Equal(Fallback, NewCall() is var next ? failover.Choose(next) : null);
    }

    [Fact]
    public void An_excerpt_is_redacted_before_it_is_cut_and_shows_nothing_invisible()
    {
        var body = Encoding.UTF8.GetBytes("<html>\u202E" + new string('x', 150) + Seed.Token + "</html>");

        var excerpt = BodyExcerpt.Of(body, _redactor);

        Assert.DoesNotContain(Seed.Token[..8], excerpt, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202E", excerpt, StringComparison.Ordinal);
        Assert.True(excerpt.Length <= BodyExcerpt.Chars + 4, excerpt);
        Assert.Equal("", BodyExcerpt.Of(default, _redactor));
    }

    [Fact]
    public void The_interpreter_returns_code_0_and_types_every_other_code_with_its_Retry_After()
    {
        var interpreter = new EnvelopeInterpreter(_redactor, new EndpointFailover(new EndpointSelector(_options, XiaohongshuClient.Servers), _options.EndpointCooldown, NullLogger.Instance), TimeProvider.System);
        using var ok = NewAnswer(HttpStatusCode.OK, Seed.Example);
        using var limited = NewAnswer(HttpStatusCode.OK, Seed.Envelope(302, "slow down " + Seed.Token), retryAfter: "7");

        var response = interpreter.Interpret(NewCall(), Primary, ok);
        var error = Assert.Throws<RateLimitExceededException>(() => interpreter.Interpret(NewCall(), Primary, limited));

        Assert.Equal(0, response.Code);
        Assert.Equal((302, TimeSpan.FromSeconds(7), true), (error.BusinessCode!.Value, error.RetryAfter!.Value, error.IsTransient));
        Assert.DoesNotContain(Seed.Token, error.ApiMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gateway_page_is_a_transient_protocol_error_that_counts_against_the_endpoint()
    {
        var failover = new EndpointFailover(new EndpointSelector(_options, XiaohongshuClient.Servers), _options.EndpointCooldown, NullLogger.Instance);
        var interpreter = new EnvelopeInterpreter(_redactor, failover, TimeProvider.System);
        using var page = NewAnswer(HttpStatusCode.ServiceUnavailable, "<html>gateway " + Seed.Token + "</html>");
        var call = NewCall();

        var error = Assert.Throws<JustOneApiProtocolException>(() => interpreter.Interpret(call, Primary, page));

        Assert.True(error.IsTransient);
        Assert.Contains("gateway", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Seed.Token, error.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { Primary }, call.FailedEndpoints);
    }

    [Fact]
    public void A_failure_surfaces_typed_with_its_attempts_and_redacted()
    {
        var failures = new CallFailures(_options, _redactor);
        var call = NewCall();
        call.StartAttempt();
        call.StartAttempt();

        var timeout = failures.Surface(call, new TimeoutRejectedException());
        var limiter = failures.Surface(call, new RateLimiterRejectedException());
        var unexpected = failures.Surface(call, new InvalidOperationException("at https://x/?token=" + Seed.Token));
        call.Last = new CollectionFailedException("301", call.Details() with { BusinessCode = 301 });
        var last = failures.Surface(call, new TimeoutRejectedException());

        Assert.IsType<JustOneApiTimeoutException>(timeout);
        Assert.IsType<ClientRateLimitedException>(limiter);
        Assert.DoesNotContain(Seed.Token, unexpected.Message, StringComparison.Ordinal);
        Assert.Same(call.Last, last);
        Assert.Equal(2, last.Attempts);
        Assert.Equal(("code_301", "timeout"), (CallFailures.Outcome(last), CallFailures.Outcome(timeout)));
    }

    [Fact]
    public void The_cache_exists_only_when_durations_are_set_and_falls_back_to_the_star_duration()
    {
        Assert.Null(ResponseCache.Create(_options, "k"));
        using var cache = ResponseCache.Create(new JustOneApiOptions { Token = "t", CacheDurations = { ["*"] = TimeSpan.FromMinutes(1), ["getSearchUserV2"] = TimeSpan.FromSeconds(5) } }, "k")!;

        Assert.Equal(TimeSpan.FromSeconds(5), cache.DurationFor("getSearchUserV2"));
        Assert.Equal(TimeSpan.FromMinutes(1), cache.DurationFor("other"));
    }

    [Fact]
    public async Task The_budget_gate_refuses_the_call_past_the_budget_before_anything_is_sent()
    {
        var gate = new BudgetGate(new CallBudget(1, "k", null, TimeProvider.System, NullLogger.Instance));
        var call = NewCall();

        await gate.ConsumeAsync(call, default);
        var refused = await Assert.ThrowsAsync<CallBudgetExceededException>(() => gate.ConsumeAsync(call, default).AsTask());

        Assert.Same(refused, call.Last);
        Assert.Contains("DailyCallBudget", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_recorder_masks_the_token_and_a_folder_it_cannot_write_fails_nothing()
    {
        var folder = Directory.CreateTempSubdirectory("xhs-record-").FullName;
        try
        {
            var recorder = ResponseRecorder.Create(new JustOneApiOptions { Token = Seed.Token, RecordTo = folder }, _redactor, NullLogger.Instance)!;
            using var answer = NewAnswer(HttpStatusCode.OK, Seed.Envelope(0, "echo " + Seed.Token));

            await recorder.RecordAsync(NewCall(), answer, default);
            var blocked = ResponseRecorder.Create(new JustOneApiOptions { Token = Seed.Token, RecordTo = Path.Combine(Directory.GetFiles(folder)[0], "not-a-folder") }, _redactor, NullLogger.Instance)!;
            await blocked.RecordAsync(NewCall(), answer, default);

            var record = Assert.Single(JustOneApiRecord.ReadDirectory(folder));
            Assert.DoesNotContain(Seed.Token, Encoding.UTF8.GetString(record.Body.Span), StringComparison.Ordinal);
            Assert.Equal("getSearchUserV2", record.OperationId);
            Assert.Null(ResponseRecorder.Create(new JustOneApiOptions { Token = "t" }, _redactor, NullLogger.Instance));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_exchange_reads_the_whole_answer_and_refuses_one_over_the_limit()
    {
        await using var server = await LoopbackServer.StartAsync(200, Seed.Example);
        var options = new JustOneApiOptions { Token = Seed.Token, BaseAddress = server.BaseAddress, MaxResponseBytes = 64 };
        using var http = new HttpClient();
        var failover = new EndpointFailover(new EndpointSelector(options, XiaohongshuClient.Servers), options.EndpointCooldown, NullLogger.Instance);

        using (var answer = await new HttpExchange(http, _options, _redactor, failover).SendAsync(NewCall(), server.BaseAddress, default))
        {
            Assert.Equal(Encoding.UTF8.GetByteCount(Seed.Example), answer.Body.Length);
        }

        var error = await Assert.ThrowsAsync<JustOneApiProtocolException>(() => new HttpExchange(http, options, _redactor, failover).SendAsync(NewCall(), server.BaseAddress, default));
        Assert.False(error.IsTransient);
        Assert.Contains("MaxResponseBytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("token=", Assert.Single(server.Requests.Take(1)).Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_exchange_reports_an_unreachable_endpoint_as_transient_and_redacted()
    {
        using var http = new HttpClient();
        var failover = new EndpointFailover(new EndpointSelector(_options, XiaohongshuClient.Servers), _options.EndpointCooldown, NullLogger.Instance);
        var call = NewCall();

        var error = await Assert.ThrowsAsync<JustOneApiTransportException>(() => new HttpExchange(http, _options, _redactor, failover).SendAsync(call, Primary, default));

        Assert.True(error.IsTransient);
        Assert.DoesNotContain(Seed.Token, error.ToString(), StringComparison.Ordinal);
        Assert.Equal(new[] { Primary }, call.FailedEndpoints);
    }
}

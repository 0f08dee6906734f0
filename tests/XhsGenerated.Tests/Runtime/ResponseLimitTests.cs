using Microsoft.AspNetCore.Http;
using XhsGenerated.Tests.Client;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Runtime;

/// <summary>MaxResponseBytes: a larger answer is a protocol error, refused early and never retried.</summary>
public sealed class ResponseLimitTests
{
    private static async Task<LoopbackServer> ServerAsync(bool announceLength)
        => await LoopbackServer.StartAsync(async context =>
        {
            var body = System.Text.Encoding.UTF8.GetBytes(Seed.Example);
            context.Response.ContentType = "application/json";
            if (announceLength)
            {
                context.Response.ContentLength = body.Length;
                await context.Response.Body.WriteAsync(body);
            }
            else
            {
                foreach (var chunk in body.Chunk(1000))
                {
                    await context.Response.Body.WriteAsync(chunk);
                    await context.Response.Body.FlushAsync();
                }
            }
        });

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_answer_over_the_limit_is_a_protocol_error_that_is_not_retried(bool announceLength)
    {
        await using var server = await ServerAsync(announceLength);
        using var client = new XiaohongshuClient(new JustOneApiOptions { Token = Seed.Token, BaseAddress = server.BaseAddress, MaxAttempts = 3, MaxResponseBytes = 4096 });

        var ex = await Assert.ThrowsAsync<JustOneApiProtocolException>(() => client.SearchUserV2Async("x"));

        Assert.False(ex.IsTransient);
        Assert.Contains("MaxResponseBytes (4096 bytes)", ex.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_answer_within_the_limit_is_read_whole(bool announceLength)
    {
        await using var server = await ServerAsync(announceLength);
        using var client = new XiaohongshuClient(new JustOneApiOptions { Token = Seed.Token, BaseAddress = server.BaseAddress, MaxResponseBytes = System.Text.Encoding.UTF8.GetByteCount(Seed.Example) });

        var response = await client.SearchUserV2Async("x");

        Assert.Equal(20, response.Data!.Users.Count);
    }

    [Theory]
    [InlineData(100L)]
    [InlineData(3_000_000_000L)]
    public void A_limit_out_of_range_is_a_configuration_error(long limit)
    {
        var ex = Assert.Throws<JustOneApiConfigurationException>(() => new XiaohongshuClient(new JustOneApiOptions { Token = "t", MaxResponseBytes = limit }));

        Assert.Contains("MaxResponseBytes", ex.Message, StringComparison.Ordinal);
    }
}

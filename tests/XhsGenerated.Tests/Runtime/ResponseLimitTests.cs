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

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task A_large_answer_in_chunks_or_compressed_is_read_in_place_exactly_as_from_one_array(bool announceLength, bool gzip)
    {
        // 3,000 users (about 1.3 MB): many network buffers when no length is announced, which a
        // compressed answer never has once it is decompressed.
        var body = XhsGenerated.Tests.Robustness.HostileBodies.ManyUsers(3000);
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            var bytes = body;
            if (gzip)
            {
                using var compressed = new MemoryStream();
                using (var zip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
                {
                    zip.Write(body);
                }

                bytes = compressed.ToArray();
                context.Response.Headers.ContentEncoding = "gzip";
            }

            if (announceLength)
            {
                context.Response.ContentLength = bytes.Length;
            }

            foreach (var chunk in bytes.Chunk(7919))
            {
                await context.Response.Body.WriteAsync(chunk);
                await context.Response.Body.FlushAsync();
            }
        });
        using var client = new XiaohongshuClient(new JustOneApiOptions { Token = Seed.Token, BaseAddress = server.BaseAddress });

        var response = await client.SearchUserV2Async("x");

        var expected = SearchUserV2Response.Parse(body);
        Assert.Equal(3000, response.Data!.Users.Count);
        Assert.Equal(expected.Data!.Users.Select(u => (u.Id, u.Name, u.Desc, u.Image)), response.Data.Users.Select(u => (u.Id, u.Name, u.Desc, u.Image)));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public async Task A_chunked_answer_of_exactly_the_limit_is_read_and_one_byte_more_is_refused(int extra, bool read)
    {
        var body = XhsGenerated.Tests.Robustness.HostileBodies.ManyUsers(200);
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            foreach (var chunk in body.Concat(Enumerable.Repeat((byte)' ', extra)).Chunk(4096))
            {
                await context.Response.Body.WriteAsync(chunk);
                await context.Response.Body.FlushAsync();
            }
        });
        using var client = new XiaohongshuClient(new JustOneApiOptions { Token = Seed.Token, BaseAddress = server.BaseAddress, MaxResponseBytes = body.Length, MaxAttempts = 1 });

        if (read)
        {
            Assert.Equal(200, (await client.SearchUserV2Async("x")).Data!.Users.Count);
        }
        else
        {
            var ex = await Assert.ThrowsAsync<JustOneApiProtocolException>(() => client.SearchUserV2Async("x"));
            Assert.Contains("MaxResponseBytes", ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Code_generated_with_a_span_parser_still_reads_whole_answers_through_a_newer_transport(bool announceLength)
    {
        // A newer runtime can meet clients generated before Parse(in ReadOnlySequence<byte>) existed:
        // their span parser gets the body in one piece, however it arrived.
        var body = XhsGenerated.Tests.Robustness.HostileBodies.ManyUsers(1500);
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            if (announceLength)
            {
                context.Response.ContentLength = body.Length;
            }

            foreach (var chunk in body.Chunk(7919))
            {
                await context.Response.Body.WriteAsync(chunk);
                await context.Response.Body.FlushAsync();
            }
        });
        using var transport = new XhsGenerated.Http.JustOneApiTransport(new JustOneApiOptions { Token = Seed.Token, BaseAddress = server.BaseAddress }, XiaohongshuClient.Servers);
        var request = new XhsGenerated.Http.JustOneApiRequest("GET", "/api/xiaohongshu/search-user/v2", "getApiXiaohongshuSearchUserV2");

        var response = await transport.SendAsync(request, new XhsGenerated.Http.JustOneApiResponseParser<SearchUserV2Response>(SearchUserV2Response.Parse));

        Assert.Equal(1500, response.Data!.Users.Count);
        Assert.Equal(SearchUserV2Response.Parse(body).Data!.Users.Select(u => u.Id), response.Data.Users.Select(u => u.Id));
    }
}

using Microsoft.AspNetCore.Http;
using XhsGenerated.Sandbox;
using XhsGenerated.Tests.Client;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.ClientTests;

/// <summary>
/// Code 201 (no content, billed; named by the vendor's MCP server) through the generated client and the
/// sandbox on 127.0.0.1: a success with no data, sent once, never cached, and the last page of a paging.
/// </summary>
public sealed class NoContentTests
{
    private static async Task<SandboxServer> SandboxAsync()
    {
        var options = new SandboxOptions();
        options.Tokens.Add(Seed.Token);
        return await SandboxServer.StartAsync(options);
    }

    [Fact]
    public async Task Code_201_returns_the_envelope_with_no_data_after_one_request_and_is_never_cached()
    {
        await using var sandbox = await SandboxAsync();
        using var client = new XiaohongshuClient(new JustOneApiOptions
        {
            Token = Seed.Token,
            BaseAddress = sandbox.BaseAddress,
            MaxAttempts = 4,
            CacheDurations = { ["getSearchUserV2"] = TimeSpan.FromMinutes(5) },
        });

        sandbox.EnqueueFault(new SandboxCodeFault(BusinessCodes.NoContent));
        var empty = await client.SearchUserV2Async("穿搭");
        var next = await client.SearchUserV2Async("穿搭");
        var cached = await client.SearchUserV2Async("穿搭");

        Assert.Equal(201, empty.Code);
        Assert.True(empty.IsNoContent);
        Assert.False(empty.IsSuccess);
        Assert.Null(empty.Data);
        Assert.Equal("No content.", empty.Message);
        // Not retried, not kept: the next call asks again and gets the users; the one after is cached.
        Assert.Equal(20, next.Data!.Users.Count);
        Assert.Equal(next.Data.Users.Select(u => u.Id), cached.Data!.Users.Select(u => u.Id));
        Assert.Equal(2, sandbox.Stats.Total);
        Assert.Equal(1, sandbox.Stats.ByCode[201]);
    }

    [Fact]
    public async Task Concurrent_twins_of_a_cached_call_answered_201_all_get_it_from_one_request()
    {
        // The answer is held long enough for every twin to join the first call's request.
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(Seed.Envelope(BusinessCodes.NoContent, "No content."));
        });
        using var client = new XiaohongshuClient(new JustOneApiOptions { Token = Seed.Token, BaseAddress = server.BaseAddress, CacheDurations = { ["*"] = TimeSpan.FromMinutes(5) } });

        var twins = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.SearchUserV2Async("twins")));

        Assert.All(twins, t => Assert.True(t.IsNoContent));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Code_201_ends_a_paging_like_an_empty_page()
    {
        await using var sandbox = await SandboxAsync();
        using var client = new XiaohongshuClient(new JustOneApiOptions { Token = Seed.Token, BaseAddress = sandbox.BaseAddress });

        var pages = new List<int>();
        await foreach (var page in client.SearchUserV2PagesAsync("穿搭", maxPages: 5))
        {
            pages.Add(page.Data!.Users.Count);
            if (pages.Count == 2)
            {
                sandbox.EnqueueFault(new SandboxCodeFault(BusinessCodes.NoContent));
            }
        }

        Assert.Equal([20, 20], pages);
        Assert.Equal(3, sandbox.Stats.Total);
    }
}

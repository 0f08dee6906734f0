using XhsGenerated.Tests.Client;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Runtime;

/// <summary>Options that cannot work are refused when the client is made, naming the setting.</summary>
public sealed class OptionsTests
{
    public static TheoryData<string, Action<JustOneApiOptions>> BadOptions => new()
    {
        { "JustOneApi:TotalTimeout", o => o.TotalTimeout = Timeout.InfiniteTimeSpan },
        { "JustOneApi:TotalTimeout", o => o.TotalTimeout = TimeSpan.FromMilliseconds(1) },
        { "JustOneApi:AttemptTimeout", o => o.AttemptTimeout = TimeSpan.Zero },
        { "JustOneApi:MaxAttempts", o => o.MaxAttempts = 0 },
        { "JustOneApi:EndpointFailureThreshold", o => o.EndpointFailureThreshold = 0 },
        { "JustOneApi:RetryBaseDelay", o => o.RetryBaseDelay = TimeSpan.FromSeconds(-1) },
        { "JustOneApi:BaseAddress", o => o.BaseAddress = new Uri("ftp://example.test") },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void A_bad_option_is_refused_with_its_setting_name(string setting, Action<JustOneApiOptions> spoil)
    {
        var options = new JustOneApiOptions { Token = Seed.Token };
        spoil(options);

        var ex = Assert.Throws<JustOneApiConfigurationException>(() => new XiaohongshuClient(options));

        Assert.Equal(setting, ex.Setting);
        Assert.DoesNotContain(Seed.Token, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_infinite_attempt_timeout_is_allowed()
    {
        await using var server = await LoopbackServer.StartAsync(200, Seed.Example);
        using var client = new XiaohongshuClient(new JustOneApiOptions { Token = Seed.Token, BaseAddress = server.BaseAddress, AttemptTimeout = Timeout.InfiniteTimeSpan });

        var response = await client.SearchUserV2Async("x");

        Assert.Equal(20, response.Data!.Users.Count);
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using XhsGenerated.Sandbox;
using XhsGenerated.Tests.Client;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Runtime;

/// <summary><c>AddXiaohongshuClient</c>: configuration binding, start-up validation, logging through the host's factory.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class DependencyInjectionTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<JustOneApiOptions>? configure = null, Telemetry? telemetry = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging(b => { if (telemetry is not null) { b.AddProvider(telemetry).SetMinimumLevel(LogLevel.Trace); } });
        services.AddXiaohongshuClient(configure);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public async Task Options_bind_from_the_JustOneApi_section_and_the_client_works()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var telemetry = new Telemetry();
        await using var provider = Build(
            new()
            {
                ["JustOneApi:Token"] = SandboxOptions.DefaultToken,
                ["JustOneApi:BaseAddress"] = sandbox.BaseAddress.ToString(),
                ["JustOneApi:MaxAttempts"] = "2",
                ["JustOneApi:AttemptTimeout"] = "00:00:30",
            },
            telemetry: telemetry);

        provider.GetRequiredService<IStartupValidator>().Validate();
        var client = provider.GetRequiredService<XiaohongshuClient>();
        var response = await client.SearchUserV2Async("穿搭");

        Assert.Same(client, provider.GetRequiredService<XiaohongshuClient>());
        Assert.Equal(20, response.Data!.Users.Count);
        var options = provider.GetRequiredService<IOptions<JustOneApiOptions>>().Value;
        Assert.Equal((2, TimeSpan.FromSeconds(30)), (options.MaxAttempts, options.AttemptTimeout));
        Assert.Contains(telemetry.Logs, l => l.Event == "AttemptStarting");

        // IHttpClientFactory's own request logs (System.Net.Http.HttpClient.*) carry the URL too.
        Assert.Contains(telemetry.Logs, l => l.Message.Contains("/api/xiaohongshu/search-user/v2", StringComparison.Ordinal) && l.Event != "AttemptStarting");
        telemetry.AssertNeverContains(SandboxOptions.DefaultToken);
    }

    [Fact]
    public void Every_option_binds_from_the_section_without_reflection()
    {
        using var provider = Build(new()
        {
            ["JustOneApi:token"] = "t0ken-from-config",
            ["JustOneApi:Endpoint"] = "china",
            ["JustOneApi:BaseAddress"] = "https://proxy.example.test/prefix/",
            ["JustOneApi:FallbackEndpoints:0"] = "https://a.example.test",
            ["JustOneApi:FallbackEndpoints:1"] = "https://b.example.test",
            ["JustOneApi:AllowInsecureTransport"] = "True",
            ["JustOneApi:AttemptTimeout"] = "00:00:07",
            ["JustOneApi:TotalTimeout"] = "00:02:00",
            ["JustOneApi:MaxAttempts"] = " 6 ",
            ["JustOneApi:RetryBaseDelay"] = "00:00:00.250",
            ["JustOneApi:RateLimitBaseDelay"] = "00:00:03",
            ["JustOneApi:MaxRetryDelay"] = "00:00:09",
            ["JustOneApi:EndpointFailureThreshold"] = "3",
            ["JustOneApi:EndpointCooldown"] = "00:01:00",
            ["JustOneApi:UserAgent"] = "MyApp/1.2",
        });

        var o = provider.GetRequiredService<IOptions<JustOneApiOptions>>().Value;

        Assert.Equal("t0ken-from-config", o.Token);
        Assert.Equal(JustOneApiEndpoint.China, o.Endpoint);
        Assert.Equal(new Uri("https://proxy.example.test/prefix/"), o.BaseAddress);
        Assert.Equal(new[] { new Uri("https://a.example.test"), new Uri("https://b.example.test") }, o.FallbackEndpoints);
        Assert.True(o.AllowInsecureTransport);
        Assert.Equal((TimeSpan.FromSeconds(7), TimeSpan.FromMinutes(2), 6), (o.AttemptTimeout, o.TotalTimeout, o.MaxAttempts));
        Assert.Equal((TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(9)), (o.RetryBaseDelay, o.RateLimitBaseDelay, o.MaxRetryDelay));
        Assert.Equal((3, TimeSpan.FromMinutes(1), "MyApp/1.2"), (o.EndpointFailureThreshold, o.EndpointCooldown, o.UserAgent));
    }

    [Theory]
    [InlineData("MaxAttempts", "four")]
    [InlineData("MaxAttempts", "99999999999")]
    [InlineData("AttemptTimeout", "soon")]
    [InlineData("Endpoint", "Mars")]
    [InlineData("Endpoint", "7")]
    [InlineData("BaseAddress", "not a url")]
    [InlineData("AllowInsecureTransport", "yes please")]
    [InlineData("FallbackEndpoints:0", "/relative")]
    public void A_setting_that_cannot_be_read_names_itself_and_what_it_takes(string key, string value)
    {
        using var provider = Build(new() { ["JustOneApi:Token"] = "t", ["JustOneApi:" + key] = value });

        var error = Assert.Throws<JustOneApiConfigurationException>(() => provider.GetRequiredService<IOptions<JustOneApiOptions>>().Value);

        Assert.Equal("JustOneApi:" + key, error.Setting);
        Assert.Contains(" must be ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Code_configuration_runs_after_the_section()
    {
        using var provider = Build(new() { ["JustOneApi:Token"] = "from-config", ["JustOneApi:MaxAttempts"] = "2" }, o => o.MaxAttempts = 5);

        var options = provider.GetRequiredService<IOptions<JustOneApiOptions>>().Value;

        Assert.Equal(("from-config", 5), (options.Token, options.MaxAttempts));
    }

    [Fact]
    public void A_missing_token_fails_start_up_naming_the_setting_and_the_environment_variable()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(JustOneApiOptions.TokenEnvironmentVariable)))
        {
            return; // The variable would fill the token: nothing to check on this machine.
        }

        using var provider = Build(new());

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("JustOneApi:Token", ex.Message, StringComparison.Ordinal);
        Assert.Contains("JUSTONEAPI_TOKEN", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_token_is_taken_from_the_environment_variable()
    {
        // This class runs alone (its collection disables parallelization), so the variable is seen by no other test.
        var previous = Environment.GetEnvironmentVariable(JustOneApiOptions.TokenEnvironmentVariable);
        Environment.SetEnvironmentVariable(JustOneApiOptions.TokenEnvironmentVariable, "from-environment");
        try
        {
            using var provider = Build(new());
            provider.GetRequiredService<IStartupValidator>().Validate();

            Assert.Equal("from-environment", provider.GetRequiredService<IOptions<JustOneApiOptions>>().Value.Token);

            using var configured = Build(new() { ["JustOneApi:Token"] = "from-config" });
            Assert.Equal("from-config", configured.GetRequiredService<IOptions<JustOneApiOptions>>().Value.Token);
        }
        finally
        {
            Environment.SetEnvironmentVariable(JustOneApiOptions.TokenEnvironmentVariable, previous);
        }
    }

    [Fact]
    public void An_insecure_endpoint_fails_when_the_client_is_created_and_the_message_hides_the_token()
    {
        using var provider = Build(new() { ["JustOneApi:Token"] = Seed.Token, ["JustOneApi:Endpoint"] = "China" });

        var ex = Assert.Throws<JustOneApiConfigurationException>(() => provider.GetRequiredService<XiaohongshuClient>());

        Assert.Contains("AllowInsecureTransport", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Seed.Token, ex.ToString(), StringComparison.Ordinal);
    }
}

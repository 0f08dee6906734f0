using System.Net;
using Microsoft.AspNetCore.Http;
using System.Net.Sockets;
using XhsGenerated.Sandbox;
using XhsGenerated.Tests.Client;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Tests.Runtime;

// Endpoint failover, and a thousand calls through faults.
public sealed partial class ResilienceTests
{
    [Fact]
    public async Task Failover_goes_to_the_next_endpoint_when_the_first_refuses_connections_and_stays_there()
    {
        var dead = DeadEndpoint();
        var time = FakeClock.Create();
        using var client = NewClient(time, o =>
        {
            o.BaseAddress = dead;
            o.FallbackEndpoints.Add(_sandbox.BaseAddress);
        });

        await FakeClock.RunAsync(time, () => client.SearchUserV2Async("x"));
        await FakeClock.RunAsync(time, () => client.SearchUserV2Async("x"));

        Assert.Equal(2, _sandbox.Stats.Total);
        Assert.Equal(1, _telemetry.Logs.Count(l => l.Event == "AttemptStarting" && l.Message.Contains(dead.Authority, StringComparison.Ordinal)));
        Assert.Contains(_telemetry.Logs, l => l.Event == "EndpointSwitched");
    }

    [Fact]
    public async Task Failover_returns_to_the_first_endpoint_after_the_cool_down()
    {
        var primaryCalls = 0;
        await using var primary = await LoopbackServer.StartAsync(async context =>
        {
            var first = Interlocked.Increment(ref primaryCalls) == 1;
            context.Response.StatusCode = first ? 502 : 200;
            context.Response.ContentType = first ? "text/html" : "application/json";
            await context.Response.WriteAsync(first ? "<html>bad gateway</html>" : Seed.Example);
        });
        var time = FakeClock.Create();
        using var client = NewClient(time, o =>
        {
            o.BaseAddress = primary.BaseAddress;
            o.FallbackEndpoints.Add(_sandbox.BaseAddress);
            o.EndpointCooldown = TimeSpan.FromMinutes(5);
        });

        await FakeClock.RunAsync(time, () => client.SearchUserV2Async("x"));
        await client.SearchUserV2Async("x");
        Assert.Equal((1, 2), (primaryCalls, _sandbox.Stats.Total));

        time.Advance(TimeSpan.FromMinutes(5));
        await client.SearchUserV2Async("x");

        Assert.Equal((2, 2), (primaryCalls, _sandbox.Stats.Total));
    }

    [Fact]
    public void Failover_never_moves_to_plain_http_without_the_opt_in()
    {
        var options = new JustOneApiOptions { Token = Seed.Token };
        options.FallbackEndpoints.Add(new Uri("http://47.117.133.51:30015"));

        var ex = Assert.Throws<JustOneApiConfigurationException>(() => new XiaohongshuClient(options));

        Assert.Contains("clear text", ex.Message, StringComparison.Ordinal);
        options.AllowInsecureTransport = true;
        using var allowed = new XiaohongshuClient(options);
    }

    [Fact]
    public async Task A_thousand_calls_at_a_30_percent_transient_fault_rate_all_complete_within_the_policy()
    {
        // Retry-After is honoured by design (tested above); zero here keeps the run short.
        var options = new SandboxOptions { Seed = 42, RetryAfter = TimeSpan.Zero };
        options.Tokens.Add(Seed.Token);
        options.FaultRates[SandboxFault.Code301] = 0.12;
        options.FaultRates[SandboxFault.Code302] = 0.06;
        options.FaultRates[SandboxFault.Code500] = 0.06;
        options.FaultRates[SandboxFault.Html503] = 0.03;
        options.FaultRates[SandboxFault.Drop] = 0.03;
        await using var sandbox = await SandboxServer.StartAsync(options);
        const int maxAttempts = 12;
        using var client = new XiaohongshuClient(new XhsGenerated.Http.JustOneApiTransport(
            new JustOneApiOptions
            {
                Token = Seed.Token,
                BaseAddress = sandbox.BaseAddress,
                MaxAttempts = maxAttempts,
                RetryBaseDelay = TimeSpan.FromMilliseconds(1),
                RateLimitBaseDelay = TimeSpan.FromMilliseconds(1),
                MaxRetryDelay = TimeSpan.FromMilliseconds(2),
            },
            XiaohongshuClient.Servers,
            _telemetry.LoggerFactory.CreateLogger("test")));

        var calls = Enumerable.Range(0, 1000).ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        await Parallel.ForEachAsync(calls, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            try
            {
                var response = await client.SearchUserV2Async("kw" + (i % 10), cancellationToken: ct);
                Assert.NotEmpty(response.Data!.Users);
            }
            catch (Exception ex)
            {
                failures.Add(ex);
            }
        });

        Assert.Empty(failures);
        var retries = (int)_telemetry.Counters["justoneapi.client.retries"];
        Assert.Equal(1000 + retries, sandbox.Stats.Total);
        Assert.Equal(retries, sandbox.Stats.Total - sandbox.Stats.Count("ok"));
        Assert.InRange(retries, 300, 600);
        Assert.All(_telemetry.Logs.Where(l => l.Event == "AttemptStarting"), l => Assert.InRange(Convert.ToInt32(l.State.First(s => s.Key == "Attempt").Value, System.Globalization.CultureInfo.InvariantCulture), 1, maxAttempts));
        _telemetry.AssertNeverContains(Seed.Token);
    }

    private static Uri DeadEndpoint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }
}

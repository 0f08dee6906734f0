using System.Net.Http.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using XhsGenerated.Benchmarks.Client;
using XhsGenerated.Tests.Infrastructure;

namespace XhsGenerated.Benchmarks;

/// <summary>
/// A whole call for a 1,000-user page (about 520 KB) from a server on 127.0.0.1: the generated client
/// against raw HttpClient plus System.Text.Json source generation (<c>GetFromJsonAsync</c>, which
/// streams the body). Answers with <c>Content-Length</c>, and chunked without one, as a compressed
/// answer always is once decompressed. Allocations per call are the figure to read.
/// </summary>
[MemoryDiagnoser]
public class LargePageCallBenchmarks
{
    private LoopbackServer _server = null!;
    private XiaohongshuClient _client = null!;
    private HttpClient _raw = null!;
    private Uri _url = null!;
    private byte[] _body = Array.Empty<byte>();

    [Params(Payloads.ThousandUsersVendorLayout, Payloads.ThousandDistinctUsersVendorLayout)]
    public string Payload { get; set; } = Payloads.ThousandUsersVendorLayout;

    [Params("Content-Length", "chunked")]
    public string Transfer { get; set; } = "Content-Length";

    [GlobalSetup]
    public void Setup()
    {
        _body = Payloads.Get(Payload);
        var chunked = Transfer == "chunked";
        _server = LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            if (!chunked)
            {
                context.Response.ContentLength = _body.Length;
                await context.Response.Body.WriteAsync(_body);
                return;
            }

            for (var offset = 0; offset < _body.Length; offset += 16 * 1024)
            {
                await context.Response.Body.WriteAsync(_body.AsMemory(offset, Math.Min(16 * 1024, _body.Length - offset)));
            }
        }).GetAwaiter().GetResult();
        _client = new XiaohongshuClient(new JustOneApiOptions { Token = "benchmark-token", BaseAddress = _server.BaseAddress });
        _raw = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        _url = new Uri(_server.BaseAddress, "/api/xiaohongshu/search-user/v2?token=benchmark-token&keyword=x");
        if (Raw().GetAwaiter().GetResult() != 1000 || Generated().GetAwaiter().GetResult() != 1000)
        {
            throw new InvalidOperationException("The page was not read whole.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _raw.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "HttpClient + STJ source generation")]
    public async Task<int> Raw()
    {
        var response = await _raw.GetFromJsonAsync(_url, DtoJsonContext.Default.ResponseDto).ConfigureAwait(false);
        return response!.Data!.Users.Count;
    }

    [Benchmark(Description = "Generated client")]
    public async Task<int> Generated() => (await _client.SearchUserV2Async("x").ConfigureAwait(false)).Data!.Users.Count;
}

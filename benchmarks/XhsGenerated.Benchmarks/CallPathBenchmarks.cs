using System.Net.Http.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using XhsGenerated.Benchmarks.Client;
using XhsGenerated.Sandbox;

namespace XhsGenerated.Benchmarks;

/// <summary>
/// A whole call against the sandbox on 127.0.0.1: the generated client against raw HttpClient plus
/// System.Text.Json source generation, for the same keyword and payload, alone and with 32 callers.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class CallPathBenchmarks
{
    private const int Callers = 32;
    private const string Keyword = "穿搭";

    private SandboxServer _sandbox = null!;
    private XiaohongshuClient _client = null!;
    private HttpClient _raw = null!;
    private Uri _url = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sandbox = SandboxServer.StartAsync().GetAwaiter().GetResult();
        _client = new XiaohongshuClient(new JustOneApiOptions { Token = SandboxOptions.DefaultToken, BaseAddress = _sandbox.BaseAddress });
        _raw = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        _url = new Uri(_sandbox.BaseAddress, $"/api/xiaohongshu/search-user/v2?token={SandboxOptions.DefaultToken}&keyword={Uri.EscapeDataString(Keyword)}");
        if (RawSequential().GetAwaiter().GetResult() != GeneratedSequential().GetAwaiter().GetResult())
        {
            throw new InvalidOperationException("The two paths read different pages.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _raw.Dispose();
        _sandbox.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "HttpClient + STJ source generation")]
    [BenchmarkCategory("sequential")]
    public Task<int> RawSequential() => RawCallAsync();

    [Benchmark(Description = "Generated client")]
    [BenchmarkCategory("sequential")]
    public Task<int> GeneratedSequential() => GeneratedCallAsync();

    [Benchmark(Baseline = true, OperationsPerInvoke = Callers, Description = "HttpClient + STJ source generation")]
    [BenchmarkCategory("32 concurrent callers")]
    public Task RawConcurrent() => Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => RawCallAsync()));

    [Benchmark(OperationsPerInvoke = Callers, Description = "Generated client")]
    [BenchmarkCategory("32 concurrent callers")]
    public Task GeneratedConcurrent() => Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => GeneratedCallAsync()));

    private async Task<int> RawCallAsync()
    {
        var response = await _raw.GetFromJsonAsync(_url, DtoJsonContext.Default.ResponseDto).ConfigureAwait(false);
        return response!.Code == 0 ? response.Data!.Users.Count : throw new InvalidOperationException("code " + response.Code);
    }

    private async Task<int> GeneratedCallAsync()
        => (await _client.SearchUserV2Async(Keyword).ConfigureAwait(false)).Data!.Users.Count;
}

using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Distributed;
using StackExchange.Redis;

namespace XhsGenerated.Redis;

/// <summary>The Redis cache as a second level that may be away: a failure is a miss (or a skipped write), said once, never thrown; while Redis is away it is asked once a second.</summary>
internal sealed class TolerantCache(IDistributedCache inner, RedisCoordination.Fallback fallback) : IDistributedCache
{
    public byte[]? Get(string key) => Try(() => inner.Get(key));

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => TryAsync(() => inner.GetAsync(key, token));

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => Try(() => { inner.Set(key, value, options); return (byte[]?)null; });

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
        => TryAsync(async () => { await inner.SetAsync(key, value, options, token).ConfigureAwait(false); return (byte[]?)null; });

    public void Refresh(string key) => Try(() => { inner.Refresh(key); return (byte[]?)null; });

    public Task RefreshAsync(string key, CancellationToken token = default)
        => TryAsync(async () => { await inner.RefreshAsync(key, token).ConfigureAwait(false); return (byte[]?)null; });

    public void Remove(string key) => Try(() => { inner.Remove(key); return (byte[]?)null; });

    public Task RemoveAsync(string key, CancellationToken token = default)
        => TryAsync(async () => { await inner.RemoveAsync(key, token).ConfigureAwait(false); return (byte[]?)null; });

    private byte[]? Try(Func<byte[]?> action)
    {
        if (!fallback.ShouldTry())
        {
            return null;
        }

        try
        {
            var value = action();
            fallback.Recovered();
            return value;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            fallback.Failed("the response cache", ex);
            return null;
        }
    }

    private async Task<byte[]?> TryAsync(Func<Task<byte[]?>> action)
    {
        if (!fallback.ShouldTry())
        {
            return null;
        }

        try
        {
            var value = await action().ConfigureAwait(false);
            fallback.Recovered();
            return value;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            fallback.Failed("the response cache", ex);
            return null;
        }
    }
}

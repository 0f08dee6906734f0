using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Distributed;
using StackExchange.Redis;

namespace XhsGenerated.Redis;

/// <summary>The Redis cache as a second level that may be away: a failure is a miss (or a skipped write), said once, never thrown.</summary>
internal sealed class TolerantCache(IDistributedCache inner, RedisCoordination.Fallback fallback) : IDistributedCache
{
    public byte[]? Get(string key) => Try(() => inner.Get(key));

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        try
        {
            var value = await inner.GetAsync(key, token).ConfigureAwait(false);
            fallback.Recovered();
            return value;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            fallback.Failed("the response cache", ex);
            return null;
        }
    }

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => Try(() => { inner.Set(key, value, options); return (byte[]?)null; });

    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        try
        {
            await inner.SetAsync(key, value, options, token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            fallback.Failed("the response cache", ex);
        }
    }

    public void Refresh(string key) => Try(() => { inner.Refresh(key); return (byte[]?)null; });

    public async Task RefreshAsync(string key, CancellationToken token = default)
    {
        try
        {
            await inner.RefreshAsync(key, token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            fallback.Failed("the response cache", ex);
        }
    }

    public void Remove(string key) => Try(() => { inner.Remove(key); return (byte[]?)null; });

    public async Task RemoveAsync(string key, CancellationToken token = default)
    {
        try
        {
            await inner.RemoveAsync(key, token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            fallback.Failed("the response cache", ex);
        }
    }

    private byte[]? Try(Func<byte[]?> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            fallback.Failed("the response cache", ex);
            return null;
        }
    }
}

using System;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;

namespace XhsGenerated.Scaling;

/// <summary>
/// What clients in many processes share for one token: the rate limiter, the cache's second level
/// and the daily call count. <c>XhsGenerated.Redis</c> implements it on Redis
/// (<c>options.UseRedis("127.0.0.1:6379")</c>); without one, each process keeps its own.
/// Implementations fall back to local state when their server is unreachable, and never throw
/// for that.
/// </summary>
public interface IJustOneApiCoordination
{
    /// <summary>A rate limiter shared by every process using the token; it waits (never rejects) for a permit.</summary>
    /// <param name="tokenKey">A hash of the token (<see cref="TokenKey.Of"/>), never the token.</param>
    /// <param name="requestsPerSecond">The rate to keep.</param>
    /// <param name="local">The process's own limiter, to use while the shared one is unreachable.</param>
    /// <param name="logger">Where to warn about a fallback.</param>
    /// <returns>The limiter.</returns>
    RateLimiter CreateRateLimiter(string tokenKey, double requestsPerSecond, RateLimiter local, ILogger logger);

    /// <summary>The second level of the response cache, shared by every process; null for none.</summary>
    IDistributedCache? DistributedCache { get; }

    /// <summary>Counts one call for the token today and returns today's count, the call included.</summary>
    /// <param name="tokenKey">A hash of the token.</param>
    /// <param name="day">The UTC day.</param>
    /// <param name="cancellationToken">Cancels the count.</param>
    /// <returns>The count, or null when the shared count is unreachable (the caller counts locally).</returns>
    ValueTask<long?> IncrementDailyCountAsync(string tokenKey, DateOnly day, CancellationToken cancellationToken);

    /// <summary>Takes back one call counted by <see cref="IncrementDailyCountAsync"/> (it was refused, not made).</summary>
    /// <param name="tokenKey">A hash of the token.</param>
    /// <param name="day">The UTC day.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns>A task.</returns>
    ValueTask DecrementDailyCountAsync(string tokenKey, DateOnly day, CancellationToken cancellationToken);
}

/// <summary>How a token is named in shared state: a hash, so keys and logs never hold it.</summary>
public static class TokenKey
{
    /// <summary>The first 16 hex digits of the token's SHA-256.</summary>
    /// <param name="token">The token.</param>
    /// <returns>The key.</returns>
    public static string Of(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Fingerprint(token, 8);
    }

    /// <summary>
    /// The first <paramref name="bytes"/> bytes of a text's SHA-256 (of its UTF-8), as lower-case hex:
    /// how a token, a call or an example is named where the text itself must not or need not appear.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="bytes">How many bytes of the hash, 1 to 32.</param>
    /// <returns>Twice <paramref name="bytes"/> hex digits.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bytes"/> is not 1 to 32.</exception>
    public static string Fingerprint(string text, int bytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, 32);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, bytes).ToLowerInvariant();
    }
}

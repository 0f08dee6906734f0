using System;
using Microsoft.Extensions.Logging;
using XhsGenerated.Redis;

namespace XhsGenerated;

/// <summary><c>options.UseRedis("127.0.0.1:6379")</c>: one line to share a token's limits, cache and count across processes.</summary>
public static class JustOneApiRedisExtensions
{
    /// <summary>
    /// Shares the rate limiter (<see cref="JustOneApiOptions.RequestsPerSecond"/>), the response
    /// cache's second level (<see cref="JustOneApiOptions.CacheDurations"/>) and the daily call count
    /// (<see cref="JustOneApiOptions.DailyCallBudget"/>) with every process using the same token and Redis.
    /// </summary>
    /// <param name="options">The client's options.</param>
    /// <param name="configuration">A StackExchange.Redis configuration, e.g. <c>127.0.0.1:6379</c>.</param>
    /// <param name="logger">Where to warn when Redis is unreachable.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentException">The configuration cannot be read.</exception>
    public static JustOneApiOptions UseRedis(this JustOneApiOptions options, string configuration, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Coordination = RedisCoordination.For(configuration, logger);
        return options;
    }
}

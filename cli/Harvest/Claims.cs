using System.Globalization;
using XhsGenerated;
#if XHS_REDIS
using StackExchange.Redis;
#endif

namespace Xhs.Cli.Harvest;

/// <summary>Claims on pages, so that processes sharing a database never request a page twice.</summary>
internal interface IPageClaims : IAsyncDisposable
{
    /// <summary>Claims a page before it is requested; false when another process holds it.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled while waiting (for Redis, or out a grace).</exception>
    Task<bool> TryClaimAsync(string keyword, int page, CancellationToken cancellationToken);

    /// <summary>
    /// Done with a claimed page. A stored page keeps its claim until it lapses (a process working from
    /// an older list of pending pages skips it); a page given back is released for another to take.
    /// </summary>
    Task FinishAsync(string keyword, int page, bool stored);

    /// <summary>
    /// Tells the claims that this process created the run <paramref name="elapsedSinceCreated"/> ago:
    /// nobody can hold a page of it yet, so a first claim need not wait out a grace.
    /// </summary>
    Task RunCreatedAsync(TimeSpan elapsedSinceCreated);
}

/// <summary>
/// <c>xhs harvest --redis</c>: the Redis connection, page claims on it, and the token's shared
/// limits (<c>UseRedis</c>). The native build has no Redis (StackExchange.Redis is not trim-safe).
/// </summary>
internal sealed class Claims : IDisposable
{
    /// <summary>How long a claim on a page lasts without renewal: a process that dies frees its pages after this.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

#if XHS_REDIS
    private readonly ConnectionMultiplexer _connection;
    private readonly string _configuration;
    private readonly TimeSpan _wait;

    private Claims(ConnectionMultiplexer connection, string configuration, TimeSpan wait)
    {
        _connection = connection;
        _configuration = configuration;
        _wait = wait;
    }

    public static void Validate(string redis)
    {
        try
        {
            _ = ConfigurationOptions.Parse(redis);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or RedisException)
        {
            // Not echoed: the value may hold a password.
            throw new ArgumentException($"--redis must be host:port[,password=…] ({ex.GetType().Name}).");
        }
    }

    /// <summary>
    /// Connects, waiting for a Redis that does not answer yet (one started with it, or restarting) with a
    /// line on stderr, for at most <paramref name="wait"/>; then gives up with <see cref="DependencyUnavailableException"/> (exit 75).
    /// </summary>
    public static async Task<Claims> ConnectAsync(string redis, TimeSpan wait, CancellationToken cancellationToken)
    {
        var configuration = ConfigurationOptions.Parse(redis);
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = 3000;
        // Back within a quarter second of Redis: a restart must be noticed well inside RestartGrace.
        configuration.ReconnectRetryPolicy = new LinearRetry(250);
        var endpoints = string.Join(", ", configuration.EndPoints.Select(e => e.ToString()));
        var started = DateTimeOffset.UtcNow;
        var connection = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        var delay = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; !connection.IsConnected; attempt++)
        {
            var waited = DateTimeOffset.UtcNow - started;
            if (waited >= wait)
            {
                connection.Dispose();
                throw new DependencyUnavailableException($"--redis: {endpoints} did not answer within {wait.TotalSeconds:0.#} s (--wait). Start Redis and run again; a supervisor may simply restart this command.");
            }

            if (attempt == 1 || attempt % 8 == 0)
            {
                Console.Error.WriteLine($"xhs: waiting for Redis at {endpoints} ({waited.TotalSeconds:0} s of at most {wait.TotalSeconds:0.#} s; --wait)");
            }

            await Task.Delay(delay < wait - waited ? delay : wait - waited, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
        }

        return new Claims(connection, redis, wait);
    }

    /// <summary>The token's rate, cache and daily count shared through the same Redis.</summary>
    public void Share(JustOneApiOptions options) => options.UseRedis(_configuration);

    public IPageClaims ForStore(string storeIdentity) => new RedisPageClaims(_connection, storeIdentity, _wait);

    public void Dispose() => _connection.Dispose();
#else
    public static void Validate(string redis)
        => throw new ArgumentException("--redis: this native build of xhs has no Redis support (StackExchange.Redis is not trim-safe). Use the .NET tool (dotnet tool install -g xhs) to share a harvest between processes.");

    public static Task<Claims> ConnectAsync(string redis, TimeSpan wait, CancellationToken cancellationToken) => throw new ArgumentException("--redis is not supported by this build.");

    public void Share(JustOneApiOptions options) => throw new NotSupportedException();

    public IPageClaims ForStore(string storeIdentity) => throw new NotSupportedException();

    public void Dispose()
    {
    }
#endif

    internal static string Hash(string text) => XhsGenerated.Scaling.TokenKey.Fingerprint(text, 12);
}

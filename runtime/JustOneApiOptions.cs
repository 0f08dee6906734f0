using System;
using System.Collections.Generic;
using System.Globalization;

namespace XhsGenerated;

/// <summary>Which of the document's servers a client calls.</summary>
public enum JustOneApiEndpoint
{
    /// <summary><c>prod-global</c> (<c>https://api.justoneapi.com</c>): the default.</summary>
    Global,

    /// <summary>
    /// <c>prod-cn</c>, recommended from Mainland China. It is plain HTTP to a raw IP, so the token
    /// travels in clear text: it needs <see cref="JustOneApiOptions.AllowInsecureTransport"/>.
    /// </summary>
    China,
}

/// <summary>
/// Settings of a Just One API client: the token, the endpoint, timeouts and retries. Bind them from
/// the <c>JustOneApi</c> configuration section, or set them in code.
/// </summary>
public sealed class JustOneApiOptions
{
    /// <summary>The configuration section options are bound from.</summary>
    public const string SectionName = "JustOneApi";

    /// <summary>The environment variable the token is read from when none is configured.</summary>
    public const string TokenEnvironmentVariable = "JUSTONEAPI_TOKEN";

    /// <summary>The access token. It travels in the query string and is redacted from every message, log and tag.</summary>
    public string? Token { get; set; }

    /// <summary>Which server of the document to call when <see cref="BaseAddress"/> is not set. Default: <see cref="JustOneApiEndpoint.Global"/>.</summary>
    public JustOneApiEndpoint Endpoint { get; set; } = JustOneApiEndpoint.Global;

    /// <summary>Any base address to call instead of the document's servers (a sandbox, a proxy). Scheme, host, port and path prefix are all used.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>Endpoints to fail over to, in order, after transport failures, timeouts and 5xx answers.</summary>
    public IList<Uri> FallbackEndpoints { get; set; } = new List<Uri>();

    /// <summary>
    /// Allows plain-HTTP endpoints that are not loopback, such as the China server. Off by default:
    /// over HTTP the token travels in clear text.
    /// </summary>
    public bool AllowInsecureTransport { get; set; }

    /// <summary>The longest one request may take. Default 60 s, the vendor's advice.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest a call may take, retries and waits included: from 10 ms to one day. Default 3 minutes.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>The most requests one call may make, the first included. Default 4; 1 disables retries.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The first retry's delay for transient failures; it doubles per retry, with jitter. Default 1 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The first retry's delay after a rate limit (code 302, HTTP 429) when no <see cref="RequestsPerSecond"/>
    /// is set. Default 5 s. With a rate, the adaptive limiter slows down and paces the retry, which then
    /// waits <see cref="RetryBaseDelay"/> (or a longer <c>Retry-After</c>).
    /// </summary>
    public TimeSpan RateLimitBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The cap on a computed retry delay (a longer <c>Retry-After</c> is still honoured). Default 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many failures in a row (transport failures, timeouts, 5xx) take an endpoint out of rotation
    /// for <see cref="EndpointCooldown"/>. Default 1: the client moves to the next endpoint at once and
    /// stays there until the cool-down is over.
    /// </summary>
    public int EndpointFailureThreshold { get; set; } = 1;

    /// <summary>How long a failing endpoint is skipped before it is tried again. Default 30 s.</summary>
    public TimeSpan EndpointCooldown { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Your product, appended to the <c>User-Agent</c> every request sends
    /// (<c>XhsGenerated/{version} (.NET {version}; {OS})</c>), e.g. <c>MyApp/1.2</c>. Printable ASCII only.
    /// </summary>
    public string? UserAgent { get; set; }

    /// <summary>
    /// A folder to keep every answer received in, one JSON file per HTTP answer (retries included):
    /// the body exactly as received, beside the operation id, its parameters and the HTTP status,
    /// never the token (see <see cref="Recording.JustOneApiRecord"/>). Replay them with
    /// <c>xhs sandbox --replay</c>. Null (the default) records nothing. A failed write is logged as a
    /// warning and does not fail the call.
    /// </summary>
    public string? RecordTo { get; set; }

    /// <summary>
    /// The most requests per second this client sends (every process sharing the token, with
    /// <see cref="Coordination"/>), retries included: calls wait for a permit (the wait counts against
    /// <see cref="TotalTimeout"/> and can be canceled). Null (the default) for no limit.
    /// </summary>
    public double? RequestsPerSecond { get; set; }

    /// <summary>The most requests in flight at once in this process; others wait. Null (the default) for no limit.</summary>
    public int? MaxConcurrentRequests { get; set; }

    /// <summary>
    /// Operations whose successful answers are cached, by operation id (<c>getSearchUserV2</c>), and
    /// for how long; <c>*</c> stands for every operation. Keyed by the operation, its parameters and a
    /// hash of the token; only code-0 answers are kept, and concurrent identical calls make one request.
    /// In memory, with <see cref="Coordination"/>'s distributed cache as the second level.
    /// </summary>
    public IDictionary<string, TimeSpan> CacheDurations { get; set; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);

    /// <summary>
    /// The most requests per UTC day for this token (every process, with <see cref="Coordination"/>):
    /// a call that would exceed it throws <see cref="CallBudgetExceededException"/> before anything is sent.
    /// Null (the default) for no budget.
    /// </summary>
    public long? DailyCallBudget { get; set; }

    /// <summary>
    /// Shared state for many processes on one token (rate limiter, cache, daily count), e.g.
    /// <c>options.UseRedis("127.0.0.1:6379")</c> from <c>XhsGenerated.Redis</c>. Null: this process only.
    /// </summary>
    public Scaling.IJustOneApiCoordination? Coordination { get; set; }

    /// <summary>
    /// The largest answer accepted, in bytes: a larger one is a <see cref="JustOneApiProtocolException"/>
    /// (refused before reading when its <c>Content-Length</c> says so). From 1 KiB to 2 GiB; default 64 MiB.
    /// </summary>
    public long MaxResponseBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>The clock for timeouts, backoff and cool-downs; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Describes the options with the token redacted.</summary>
    /// <returns>A safe description.</returns>
    public override string ToString() => string.Format(
        CultureInfo.InvariantCulture,
        "JustOneApiOptions {{ Token = {0}, Endpoint = {1}, BaseAddress = {2}, MaxAttempts = {3}, AttemptTimeout = {4}, TotalTimeout = {5} }}",
        string.IsNullOrEmpty(Token) ? "(none)" : "***",
        Endpoint,
        BaseAddress?.ToString() ?? "(document)",
        MaxAttempts,
        AttemptTimeout,
        TotalTimeout);

    /// <summary>Checks the values that do not depend on the document's servers.</summary>
    /// <exception cref="JustOneApiConfigurationException">A value is missing or out of range.</exception>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Token))
        {
            throw new JustOneApiConfigurationException(
                $"No Just One API token is configured. Set JustOneApiOptions.Token, the '{SectionName}:Token' setting, or the {TokenEnvironmentVariable} environment variable.",
                SectionName + ":Token");
        }

        Positive(AttemptTimeout, nameof(AttemptTimeout));
        if (TotalTimeout < TimeSpan.FromMilliseconds(10) || TotalTimeout > TimeSpan.FromDays(1))
        {
            throw new JustOneApiConfigurationException($"{SectionName}:{nameof(TotalTimeout)} must be between 10 ms and one day, not {TotalTimeout}.", SectionName + ":" + nameof(TotalTimeout));
        }

        Positive(EndpointCooldown, nameof(EndpointCooldown));
        if (MaxAttempts < 1)
        {
            throw new JustOneApiConfigurationException($"{SectionName}:{nameof(MaxAttempts)} must be at least 1 (1 disables retries).", SectionName + ":" + nameof(MaxAttempts));
        }

        if (EndpointFailureThreshold < 1)
        {
            throw new JustOneApiConfigurationException($"{SectionName}:{nameof(EndpointFailureThreshold)} must be at least 1.", SectionName + ":" + nameof(EndpointFailureThreshold));
        }

        if (UserAgent is not null && !Http.UserAgent.IsValidProduct(UserAgent))
        {
            throw new JustOneApiConfigurationException($"{SectionName}:{nameof(UserAgent)} must be printable ASCII (it travels in the User-Agent header).", SectionName + ":" + nameof(UserAgent));
        }

        if (RequestsPerSecond is { } rate && (!(rate > 0) || double.IsInfinity(rate) || rate > 1_000_000))
        {
            throw new JustOneApiConfigurationException($"{SectionName}:{nameof(RequestsPerSecond)} must be a positive number of requests per second.", SectionName + ":" + nameof(RequestsPerSecond));
        }

        if (MaxResponseBytes < 1024 || MaxResponseBytes > int.MaxValue - 64)
        {
            throw new JustOneApiConfigurationException($"{SectionName}:{nameof(MaxResponseBytes)} must be from 1024 bytes to 2 GiB.", SectionName + ":" + nameof(MaxResponseBytes));
        }

        if (MaxConcurrentRequests is < 1)
        {
            throw new JustOneApiConfigurationException($"{SectionName}:{nameof(MaxConcurrentRequests)} must be at least 1.", SectionName + ":" + nameof(MaxConcurrentRequests));
        }

        if (DailyCallBudget is < 0)
        {
            throw new JustOneApiConfigurationException($"{SectionName}:{nameof(DailyCallBudget)} cannot be negative.", SectionName + ":" + nameof(DailyCallBudget));
        }

        foreach (var (operation, duration) in CacheDurations ?? new Dictionary<string, TimeSpan>())
        {
            if (duration <= TimeSpan.Zero || string.IsNullOrWhiteSpace(operation))
            {
                throw new JustOneApiConfigurationException($"{SectionName}:{nameof(CacheDurations)}: '{operation}' needs an operation id and a positive duration.", SectionName + ":" + nameof(CacheDurations));
            }
        }

        if (RetryBaseDelay < TimeSpan.Zero || RateLimitBaseDelay < TimeSpan.Zero || MaxRetryDelay < TimeSpan.Zero)
        {
            throw new JustOneApiConfigurationException($"{SectionName}: retry delays cannot be negative.", SectionName + ":" + nameof(RetryBaseDelay));
        }
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero && value != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new JustOneApiConfigurationException($"{SectionName}:{name} must be positive.", SectionName + ":" + name);
        }
    }
}

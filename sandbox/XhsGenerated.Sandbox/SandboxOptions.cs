namespace XhsGenerated.Sandbox;

/// <summary>How the sandbox behaves: what it serves, which tokens it accepts, which faults it injects.</summary>
public sealed class SandboxOptions
{
    /// <summary>The token the sandbox accepts when no other is configured.</summary>
    public const string DefaultToken = "sandbox-token";

    /// <summary>Where to listen; loopback only. Port 0 picks a free port.</summary>
    public Uri Url { get; set; } = new("http://127.0.0.1:0");

    /// <summary>OpenAPI documents to serve (files or folders of <c>*.json</c>); empty serves the embedded vendored documents.</summary>
    public IList<string> Documents { get; } = new List<string>();

    /// <summary>Tokens the sandbox accepts; any other gets HTTP 401 with code 100.</summary>
    public IList<string> Tokens { get; } = new List<string> { DefaultToken };

    /// <summary>The seed of every random choice (faults), so a run can be replayed.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>The probability of each fault kind per request, from 0 to 1.</summary>
    public IDictionary<SandboxFault, double> FaultRates { get; } = new Dictionary<SandboxFault, double>();

    /// <summary>How long a <see cref="SandboxFault.Delay"/> holds the answer.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The <c>Retry-After</c> sent with code 302.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Requests per second allowed per token (code 302 beyond); null for no limit.</summary>
    public int? RateLimitPerSecond { get; set; }

    /// <summary>Requests per day allowed per token (code 303 beyond); null for no quota.</summary>
    public int? DailyQuota { get; set; }

    /// <summary>Users on a full page of <c>search-user/v2</c>.</summary>
    public int UsersPerPage { get; set; } = 20;

    /// <summary>The clock for rate limits and quotas.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}

/// <summary>The kinds of fault the sandbox can inject, as Just One API and the network show them.</summary>
public enum SandboxFault
{
    /// <summary>Code 301 "collection failed", HTTP 200.</summary>
    Code301,

    /// <summary>Code 302 "rate limit exceeded", HTTP 429 with <c>Retry-After</c>.</summary>
    Code302,

    /// <summary>Code 303 "daily quota exceeded", HTTP 429.</summary>
    Code303,

    /// <summary>Code 500 "internal server error", HTTP 500.</summary>
    Code500,

    /// <summary>HTTP 503 with an HTML body, as a gateway sends it.</summary>
    Html503,

    /// <summary>A body cut short: the connection closes before <c>Content-Length</c> bytes.</summary>
    Truncated,

    /// <summary>The answer is held for <see cref="SandboxOptions.Delay"/>, then sent normally.</summary>
    Delay,

    /// <summary>The connection is dropped without an answer.</summary>
    Drop,
}

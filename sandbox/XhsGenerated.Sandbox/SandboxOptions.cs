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

    /// <summary>
    /// The day of the sandbox's world (days since 1970-01-01, <see cref="CreatorWorld.ParseDay"/>):
    /// creators rise and fall, come and go and change their profiles from one day to the next. Null
    /// for today's UTC date by <see cref="TimeProvider"/>.
    /// </summary>
    public int? Day { get; set; }

    /// <summary>Users on a full page of <c>search-user/v2</c>.</summary>
    public int UsersPerPage { get; set; } = 20;

    /// <summary>Business-code faults beyond the named ones: any code, with the HTTP status the vendor pairs it with unless one is given.</summary>
    public IList<SandboxCodeFault> CodeFaults { get; } = new List<SandboxCodeFault>();

    /// <summary>Sends every <c>code</c> as a JSON string (<c>"0"</c>), as some vendor tools guard against.</summary>
    public bool StringCodes { get; set; }

    /// <summary>Sends <c>"message": null</c> on success, as the vendor's published examples do (default <c>"success"</c>).</summary>
    public bool MessageNull { get; set; }

    /// <summary>Leaves <c>requestId</c> out of every answer (the catalog makes it optional).</summary>
    public bool OmitRequestId { get; set; }

    /// <summary>A notice for SDK users, sent in the <c>JUSTONEAPI_PYTHON_SDK_LOG_MESSAGE</c> header of every answer; null for none.</summary>
    public string? Notice { get; set; }

    /// <summary>Compresses answers (gzip or Brotli) when the request's <c>Accept-Encoding</c> asks for it.</summary>
    public bool Compress { get; set; }

    /// <summary>
    /// A folder of answers recorded by a client's <c>RecordTo</c> (or <c>xhs … --record</c>): a request
    /// that matches one (method, path and parameters, the token aside) gets it back byte for byte;
    /// others are answered as usual. Null for none.
    /// </summary>
    public string? ReplayDirectory { get; set; }

    /// <summary>The clock for rate limits, quotas and <c>recordTime</c>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Checks every value, so a bad one is refused before anything starts.</summary>
    /// <exception cref="ArgumentException">A value is out of range or names nothing; the message says which switch.</exception>
    public void Validate()
    {
        if (Url.Scheme != Uri.UriSchemeHttp || !(Url.IsLoopback || (System.Net.IPAddress.TryParse(Url.Host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip))))
        {
            throw new ArgumentException($"The sandbox listens on loopback only (--urls http://127.0.0.1:PORT); '{Url}' is not.");
        }

        if (Tokens.Count == 0 || Tokens.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("--token: a token to accept cannot be empty.");
        }

        if (RateLimitPerSecond is < 1)
        {
            throw new ArgumentException("--rate-limit must be at least 1 request per second.");
        }

        if (DailyQuota is < 0)
        {
            throw new ArgumentException("--daily-quota cannot be negative.");
        }

        if (Delay < TimeSpan.Zero || RetryAfter < TimeSpan.Zero)
        {
            throw new ArgumentException("--delay-ms and --retry-after cannot be negative.");
        }

        if (Day is < 0)
        {
            throw new ArgumentException("--day cannot be before 1970-01-01 (day 0).");
        }

        if (UsersPerPage < 1)
        {
            throw new ArgumentException("Users per page must be at least 1.");
        }

        foreach (var (fault, rate) in FaultRates)
        {
            if (rate is < 0 or > 1 || double.IsNaN(rate))
            {
                throw new ArgumentException($"The probability of {fault} must be between 0 and 1, not {rate.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
            }
        }

        if (CodeFaults.Any(c => c.Rate is < 0 or > 1 || double.IsNaN(c.Rate) || c.Status is < 100 or > 599))
        {
            throw new ArgumentException("--fault-code: a probability is between 0 and 1 and a status between 100 and 599.");
        }

        if (FaultRates.Values.Sum() + CodeFaults.Sum(c => c.Rate) > 1)
        {
            throw new ArgumentException("The fault probabilities add up to more than 1.");
        }

        if (Documents.FirstOrDefault(d => !File.Exists(d) && !Directory.Exists(d)) is { } missing)
        {
            throw new ArgumentException($"--openapi: '{missing}' is neither a file nor a folder.");
        }

        if (ReplayDirectory is { } replay && !Directory.Exists(replay))
        {
            throw new ArgumentException($"--replay: the folder '{replay}' does not exist.");
        }

        if (Notice is { } notice && notice.Any(c => char.IsControl(c)))
        {
            throw new ArgumentException("--notice cannot hold control characters (it travels in an HTTP header).");
        }
    }
}

/// <summary>A business-code fault: answer <paramref name="Code"/> with probability <paramref name="Rate"/>.</summary>
/// <param name="Code">The business code to send.</param>
/// <param name="HttpStatus">The HTTP status; null for the vendor's pairing (<see cref="SandboxCodeFault.VendorStatus"/>).</param>
/// <param name="Rate">The probability per request, from 0 to 1.</param>
public sealed record SandboxCodeFault(int Code, int? HttpStatus = null, double Rate = 1)
{
    /// <summary>The HTTP status Just One API sends with a business code: 401 for 100, 400 for 400, 429 for 302 and 303, 500 for 500, 403 for 600, 503 for 503, and 200 otherwise.</summary>
    /// <param name="code">The business code.</param>
    /// <returns>The HTTP status.</returns>
    public static int VendorStatus(int code) => code switch
    {
        100 => 401,
        302 or 303 => 429,
        400 => 400,
        404 => 404,
        500 => 500,
        503 => 503,
        600 => 403,
        _ => 200,
    };

    /// <summary>The status this fault answers with.</summary>
    public int Status => HttpStatus ?? VendorStatus(Code);
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

    /// <summary>Code 600 "permission denied", HTTP 403.</summary>
    Code600,

    /// <summary>Code 601 "insufficient balance", HTTP 200.</summary>
    Code601,

    /// <summary>HTTP 503 with an HTML body, as a gateway sends it.</summary>
    Html503,

    /// <summary>A body cut short: the connection closes before <c>Content-Length</c> bytes.</summary>
    Truncated,

    /// <summary>The answer is held for <see cref="SandboxOptions.Delay"/>, then sent normally.</summary>
    Delay,

    /// <summary>The connection is dropped without an answer.</summary>
    Drop,
}

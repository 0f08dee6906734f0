namespace XhsGenerated;

/// <summary>The business codes Just One API documents.</summary>
public static class BusinessCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>
    /// No content: a success with no data, and billed (the vendor's MCP server names it). Methods return
    /// the envelope with its data empty (null when the body has none), paging stops there, and nothing is cached.
    /// </summary>
    public const int NoContent = 201;

    /// <summary>Invalid or inactive token. Never retried.</summary>
    public const int InvalidToken = 100;

    /// <summary>Collection failed, please retry. Retried with a short backoff.</summary>
    public const int CollectionFailed = 301;

    /// <summary>Rate limit exceeded. Retried with a longer backoff, honouring <c>Retry-After</c>.</summary>
    public const int RateLimitExceeded = 302;

    /// <summary>Daily quota exceeded. Never retried (until tomorrow).</summary>
    public const int DailyQuotaExceeded = 303;

    /// <summary>Invalid parameters. Never retried.</summary>
    public const int InvalidParameters = 400;

    /// <summary>Internal server error. Retried.</summary>
    public const int ServerError = 500;

    /// <summary>Service unavailable (declared by the catalog, undocumented). Retried.</summary>
    public const int ServiceUnavailable = 503;

    /// <summary>Permission denied. Never retried.</summary>
    public const int PermissionDenied = 600;

    /// <summary>Insufficient balance. Never retried.</summary>
    public const int InsufficientBalance = 601;

    /// <summary>The token's spend limit is reached (the vendor's MCP server names it). Never retried, like 601: raise the limit in the console.</summary>
    public const int SpendLimitReached = 602;

    /// <summary>Whether a business code is an answer with data to read: 0, and 201 (no content, empty).</summary>
    /// <param name="code">The business code.</param>
    /// <returns>True for 0 and 201.</returns>
    public static bool IsAnswer(int code) => code is Success or NoContent;

    /// <summary>Whether a business code is worth retrying: 301, 302, 500 and 503.</summary>
    /// <param name="code">The business code.</param>
    /// <returns>True for a transient failure.</returns>
    public static bool IsTransient(int code) => code is CollectionFailed or RateLimitExceeded or ServerError or ServiceUnavailable;
}

using XhsGenerated;

namespace Xhs.Cli.Shared;

/// <summary>The process exit codes, one per kind of failure, so scripts can react.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>An API error without a more specific kind (an undocumented business code).</summary>
    public const int ApiError = 1;

    /// <summary>Bad command-line arguments or options (also code 400 from the API).</summary>
    public const int BadArguments = 2;

    /// <summary>Credentials, quota or balance: codes 100, 303, 600, 601, 602. Retrying will not help.</summary>
    public const int Account = 3;

    /// <summary>A transient failure that outlasted the retries: 301, 302, 500, 503, timeouts, transport.</summary>
    public const int Transient = 4;

    /// <summary>The server answered with something that is not the Just One API envelope.</summary>
    public const int Protocol = 5;

    /// <summary>A service this command depends on (Redis, the database) did not answer in time: try again later (sysexits' EX_TEMPFAIL).</summary>
    public const int Unavailable = 75;

    /// <summary>Interrupted (Ctrl+C).</summary>
    public const int Canceled = 130;

    public static int For(Exception exception) => exception switch
    {
        InvalidTokenException or DailyQuotaExceededException or PermissionDeniedException or InsufficientBalanceException or SpendLimitReachedException => Account,
        InvalidParametersException or ArgumentException => BadArguments,
        JustOneApiException { IsTransient: true } => Transient,
        JustOneApiProtocolException => Protocol,
        DependencyUnavailableException => Unavailable,
        OperationCanceledException => Canceled,
        _ => ApiError,
    };
}

/// <summary>A service the command depends on (Redis, the database) is not there; running again later may work.</summary>
internal sealed class DependencyUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

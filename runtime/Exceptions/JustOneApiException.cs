using System;
using System.Globalization;
using System.Net;

namespace XhsGenerated;

/// <summary>
/// A call to Just One API failed. Subclasses name the documented business codes; an undocumented
/// code gives this type with <see cref="BusinessCode"/> set. Messages never contain the token.
/// </summary>
public class JustOneApiException : Exception
{
    /// <summary>Creates an exception.</summary>
    /// <param name="message">What went wrong and what to do; must not contain the token.</param>
    /// <param name="details">The call's details.</param>
    /// <param name="innerException">A redacted cause, if any.</param>
    public JustOneApiException(string message, JustOneApiFailure details, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(details);
        BusinessCode = details.BusinessCode;
        HttpStatusCode = details.HttpStatusCode;
        RequestId = details.RequestId;
        ApiMessage = details.ApiMessage;
        OperationId = details.OperationId;
        RetryAfter = details.RetryAfter;
        Endpoint = details.Endpoint;
        IsTransient = details.IsTransient;
    }

    /// <summary>The envelope's <c>code</c>, when an envelope was read.</summary>
    public int? BusinessCode { get; }

    /// <summary>The HTTP status of the answer, when one arrived.</summary>
    public HttpStatusCode? HttpStatusCode { get; }

    /// <summary>The API's <c>requestId</c>, when it sent one.</summary>
    public string? RequestId { get; }

    /// <summary>The API's own <c>message</c> (redacted), when it sent one.</summary>
    public string? ApiMessage { get; }

    /// <summary>The operation called, e.g. <c>getSearchUserV2</c>.</summary>
    public string? OperationId { get; }

    /// <summary>The <c>Retry-After</c> the server asked for, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The base address of the endpoint that answered (never with a query string).</summary>
    public Uri? Endpoint { get; }

    /// <summary>Whether trying again later may succeed (codes 301, 302, 500, 503; timeouts; transport failures; 5xx).</summary>
    public bool IsTransient { get; }

    /// <summary>How many requests were made before this failure surfaced (1 when it was not retried).</summary>
    public int Attempts { get; internal set; } = 1;

    /// <inheritdoc />
    public override string Message => Attempts > 1
        ? base.Message + string.Format(CultureInfo.InvariantCulture, " (after {0} attempts)", Attempts)
        : base.Message;

    /// <summary>Makes the typed exception for a non-zero business code.</summary>
    /// <param name="details">The call's details; <see cref="JustOneApiFailure.BusinessCode"/> must be set.</param>
    /// <returns>The subclass for a documented code, else a <see cref="JustOneApiException"/>.</returns>
    public static JustOneApiException FromBusinessCode(JustOneApiFailure details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var code = details.BusinessCode ?? throw new ArgumentException("A business code is required.", nameof(details));
        var said = details.ApiMessage is null ? "" : $" The API said: \"{details.ApiMessage}\".";
        var call = details.Describe();
        return code switch
        {
            BusinessCodes.InvalidToken => new InvalidTokenException($"{call} failed with code 100: the token is invalid or inactive. Check JustOneApiOptions.Token (or the JUSTONEAPI_TOKEN environment variable) against your Just One API dashboard.{said}", details),
            BusinessCodes.CollectionFailed => new CollectionFailedException($"{call} failed with code 301: collection failed. This is transient; try again.{said}", details),
            BusinessCodes.RateLimitExceeded => new RateLimitExceededException($"{call} failed with code 302: rate limit exceeded. Slow down or raise your plan's rate limit.{said}", details),
            BusinessCodes.DailyQuotaExceeded => new DailyQuotaExceededException($"{call} failed with code 303: the daily quota is used up. Wait until tomorrow or raise your plan's quota.{said}", details),
            BusinessCodes.InvalidParameters => new InvalidParametersException($"{call} failed with code 400: invalid parameters. Check the arguments against the operation's documentation.{said}", details),
            BusinessCodes.ServerError => new ServerErrorException($"{call} failed with code 500: the API had an internal error. This is transient; try again.{said}", details),
            BusinessCodes.PermissionDenied => new PermissionDeniedException($"{call} failed with code 600: permission denied. Your token may not include this API; check your plan.{said}", details),
            BusinessCodes.InsufficientBalance => new InsufficientBalanceException($"{call} failed with code 601: insufficient balance. Top up your Just One API account.{said}", details),
            BusinessCodes.SpendLimitReached => new SpendLimitReachedException($"{call} failed with code 602: the token's spend limit is reached. Raise it in the Just One API console.{said}", details),
            _ => new JustOneApiException($"{call} failed with business code {code.ToString(CultureInfo.InvariantCulture)}.{said}", details),
        };
    }
}

/// <summary>The facts of a failed call, gathered for a <see cref="JustOneApiException"/>. Holds nothing secret.</summary>
/// <param name="OperationId">The operation called.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path called (never the query string).</param>
public sealed record JustOneApiFailure(string OperationId, string Method, string Path)
{
    /// <summary>The envelope's code, when one was read.</summary>
    public int? BusinessCode { get; init; }

    /// <summary>The HTTP status, when an answer arrived.</summary>
    public HttpStatusCode? HttpStatusCode { get; init; }

    /// <summary>The API's request id.</summary>
    public string? RequestId { get; init; }

    /// <summary>The API's message, already redacted.</summary>
    public string? ApiMessage { get; init; }

    /// <summary>The server's <c>Retry-After</c>.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The endpoint's base address.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Whether the failure is worth retrying.</summary>
    public bool IsTransient { get; init; }

    internal string Describe()
    {
        var status = HttpStatusCode is { } s ? string.Format(CultureInfo.InvariantCulture, ", HTTP {0}", (int)s) : "";
        var request = RequestId is null ? "" : ", request " + RequestId;
        return $"{OperationId} ({Method} {Path}{status}{request})";
    }
}

/// <summary>Code 100: the token is invalid or inactive. Never retried.</summary>
public sealed class InvalidTokenException : JustOneApiException
{
    /// <inheritdoc cref="JustOneApiException(string, JustOneApiFailure, Exception)" />
    public InvalidTokenException(string message, JustOneApiFailure details) : base(message, details) { }
}

/// <summary>Code 301: collection failed; transient.</summary>
public sealed class CollectionFailedException : JustOneApiException
{
    /// <inheritdoc cref="JustOneApiException(string, JustOneApiFailure, Exception)" />
    public CollectionFailedException(string message, JustOneApiFailure details) : base(message, details) { }
}

/// <summary>Code 302: rate limit exceeded; transient, see <see cref="JustOneApiException.RetryAfter"/>.</summary>
public sealed class RateLimitExceededException : JustOneApiException
{
    /// <inheritdoc cref="JustOneApiException(string, JustOneApiFailure, Exception)" />
    public RateLimitExceededException(string message, JustOneApiFailure details) : base(message, details) { }
}

/// <summary>Code 303: the daily quota is used up. Never retried.</summary>
public sealed class DailyQuotaExceededException : JustOneApiException
{
    /// <inheritdoc cref="JustOneApiException(string, JustOneApiFailure, Exception)" />
    public DailyQuotaExceededException(string message, JustOneApiFailure details) : base(message, details) { }
}

/// <summary>Code 400: invalid parameters. Never retried.</summary>
public sealed class InvalidParametersException : JustOneApiException
{
    /// <inheritdoc cref="JustOneApiException(string, JustOneApiFailure, Exception)" />
    public InvalidParametersException(string message, JustOneApiFailure details) : base(message, details) { }
}

/// <summary>Code 500: the API had an internal error; transient.</summary>
public sealed class ServerErrorException : JustOneApiException
{
    /// <inheritdoc cref="JustOneApiException(string, JustOneApiFailure, Exception)" />
    public ServerErrorException(string message, JustOneApiFailure details) : base(message, details) { }
}

/// <summary>Code 600: permission denied. Never retried.</summary>
public sealed class PermissionDeniedException : JustOneApiException
{
    /// <inheritdoc cref="JustOneApiException(string, JustOneApiFailure, Exception)" />
    public PermissionDeniedException(string message, JustOneApiFailure details) : base(message, details) { }
}

/// <summary>Code 601: insufficient balance. Never retried.</summary>
public sealed class InsufficientBalanceException : JustOneApiException
{
    /// <inheritdoc cref="JustOneApiException(string, JustOneApiFailure, Exception)" />
    public InsufficientBalanceException(string message, JustOneApiFailure details) : base(message, details) { }
}

/// <summary>Code 602: the token's spend limit is reached (raise it in the console). Never retried.</summary>
public sealed class SpendLimitReachedException : JustOneApiException
{
    /// <inheritdoc cref="JustOneApiException(string, JustOneApiFailure, Exception)" />
    public SpendLimitReachedException(string message, JustOneApiFailure details) : base(message, details) { }
}

/// <summary>
/// The answer was not the Just One API envelope (HTML from a proxy, an empty or truncated body,
/// JSON without a <c>code</c>). Transient when the HTTP status was 408, 429 or 5xx.
/// </summary>
public sealed class JustOneApiProtocolException : JustOneApiException
{
    /// <inheritdoc cref="JustOneApiException(string, JustOneApiFailure, Exception)" />
    public JustOneApiProtocolException(string message, JustOneApiFailure details, Exception? innerException = null) : base(message, details, innerException) { }
}

/// <summary>The request did not get an answer: connection refused or reset, DNS failure, TLS failure. Transient.</summary>
public sealed class JustOneApiTransportException : JustOneApiException
{
    /// <inheritdoc cref="JustOneApiException(string, JustOneApiFailure, Exception)" />
    public JustOneApiTransportException(string message, JustOneApiFailure details, Exception? innerException = null) : base(message, details, innerException) { }
}

/// <summary>An attempt took longer than <see cref="JustOneApiOptions.AttemptTimeout"/>, or the calls outlasted <see cref="JustOneApiOptions.TotalTimeout"/>. Transient.</summary>
public sealed class JustOneApiTimeoutException : JustOneApiException
{
    /// <inheritdoc cref="JustOneApiException(string, JustOneApiFailure, Exception)" />
    public JustOneApiTimeoutException(string message, JustOneApiFailure details, Exception? innerException = null) : base(message, details, innerException) { }
}

/// <summary>The client's options cannot be used (no token, an insecure endpoint without opt-in, a bad value).</summary>
public sealed class JustOneApiConfigurationException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <param name="setting">The option at fault, e.g. <c>JustOneApi:Token</c>.</param>
    public JustOneApiConfigurationException(string message, string setting)
        : base(message, setting)
    {
        Setting = setting;
    }

    /// <summary>The setting at fault, e.g. <c>JustOneApi:Token</c> (also in <see cref="ArgumentException.ParamName"/>).</summary>
    public string Setting { get; }

    /// <summary>What is wrong and how to fix it (without the "(Parameter …)" suffix).</summary>
    public override string Message => base.Message.Replace($" (Parameter '{Setting}')", "", StringComparison.Ordinal);
}

/// <summary>
/// A call would have gone over <see cref="JustOneApiOptions.DailyCallBudget"/>: it was refused before
/// any request was sent. Not transient today; the count starts again at 00:00 UTC.
/// </summary>
public sealed class CallBudgetExceededException : JustOneApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="details">The call's details.</param>
    /// <param name="budget">The budget that was reached.</param>
    public CallBudgetExceededException(string message, JustOneApiFailure details, long budget)
        : base(message, details)
        => Budget = budget;

    /// <summary>The daily budget that was reached.</summary>
    public long Budget { get; }
}

/// <summary>The client's own rate or concurrency limiter refused the call (its queue was full); transient.</summary>
public sealed class ClientRateLimitedException : JustOneApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="details">The call's details.</param>
    public ClientRateLimitedException(string message, JustOneApiFailure details)
        : base(message, details)
    {
    }
}

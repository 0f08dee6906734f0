namespace XhsGenerated;

/// <summary>HTTP headers with a meaning in Just One API.</summary>
public static class JustOneApiHeaders
{
    /// <summary>
    /// A response header in which the server sends a notice for SDK users; the vendor's Python SDK
    /// logs it as a warning. The client logs each distinct notice once and shows it as
    /// <see cref="JustOneApiResponse.Notice"/>.
    /// </summary>
    public const string Notice = "JUSTONEAPI_PYTHON_SDK_LOG_MESSAGE";
}

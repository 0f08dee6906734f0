using System;
using System.Text.RegularExpressions;

namespace XhsGenerated.Http;

/// <summary>
/// Removes the token from any text before it is shown: the token itself (raw and URL-encoded) and
/// any <c>token=…</c> query parameter become <c>***</c>.
/// </summary>
public sealed partial class TokenRedactor
{
    /// <summary>What a redacted secret reads as.</summary>
    public const string Mask = "***";

    private readonly string? _token;
    private readonly string? _encodedToken;

    /// <summary>Creates a redactor for one token.</summary>
    /// <param name="token">The secret; null or empty redacts only <c>token=</c> parameters.</param>
    public TokenRedactor(string? token)
    {
        _token = string.IsNullOrEmpty(token) ? null : token;
        _encodedToken = _token is null ? null : Uri.EscapeDataString(_token);
    }

    /// <summary>Returns <paramref name="text"/> with the token masked.</summary>
    /// <param name="text">Any text: a message, a URL, a body excerpt.</param>
    /// <returns>The text without the token, or null for null.</returns>
    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        if (_token is not null)
        {
            text = text.Replace(_token, Mask, StringComparison.Ordinal);
            if (_encodedToken != _token)
            {
                text = text.Replace(_encodedToken!, Mask, StringComparison.Ordinal);
            }
        }

        return text.Contains("token", StringComparison.OrdinalIgnoreCase) ? TokenParameter().Replace(text, "${name}=" + Mask) : text;
    }

    [GeneratedRegex(@"(?<name>\btoken)=[^&\s""'<>#]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TokenParameter();
}

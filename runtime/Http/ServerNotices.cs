using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using Microsoft.Extensions.Logging;
using XhsGenerated.Http.CallPath;

namespace XhsGenerated.Http;

/// <summary>
/// The server's notices to SDK users: the <c>JUSTONEAPI_PYTHON_SDK_LOG_MESSAGE</c> response header,
/// which the vendor's own SDK logs as a warning. Read from every answer, cleaned, redacted, and
/// logged once per distinct text.
/// </summary>
internal sealed class ServerNotices
{
    private readonly TokenRedactor _redactor;
    private readonly ILogger _logger;

    /// <summary>The header's name.</summary>
    public const string HeaderName = JustOneApiHeaders.Notice;

    /// <summary>Past this many distinct notices, new ones are still returned but no longer remembered (so no longer deduplicated).</summary>
    private const int MaxRemembered = 256;

    private const int MaxLength = 2000;

    private readonly ConcurrentDictionary<string, byte> _seen = new(StringComparer.Ordinal);

    public ServerNotices(TokenRedactor redactor, ILogger logger)
    {
        _redactor = redactor;
        _logger = logger;
    }

    /// <summary>The notice an answer carries, cleaned and redacted, or null; logged as a warning the first time its text is seen.</summary>
    /// <param name="operationId">The operation that was answered.</param>
    /// <param name="response">The answer.</param>
    /// <returns>The notice, or null.</returns>
    public string? Read(string operationId, HttpResponseMessage response)
    {
        var notice = Read(response, out var isNew);
        if (isNew)
        {
            TransportLog.ServerNotice(_logger, operationId, notice!);
        }

        return notice;
    }

    private string? Read(HttpResponseMessage response, out bool isNew)
    {
        isNew = false;
        if (!response.Headers.TryGetValues(HeaderName, out var values))
        {
            return null;
        }

        var text = Clean(string.Join(" ", values.Select(Utf8FromLatin1)));
        if (text.Length == 0)
        {
            return null;
        }

        text = _redactor.Redact(text)!;
        isNew = _seen.Count < MaxRemembered ? _seen.TryAdd(text, 0) : !_seen.ContainsKey(text);
        return text;
    }

    /// <summary>
    /// HTTP stacks decode header bytes as Latin-1; a server that sent UTF-8 (Chinese, say) then reads
    /// as mojibake. When every character is a byte and the bytes are valid UTF-8, decode them as such.
    /// </summary>
    private static string Utf8FromLatin1(string value)
    {
        if (value.All(c => c < 0x80) || value.Any(c => c > 0xFF))
        {
            return value;
        }

        var bytes = Encoding.Latin1.GetBytes(value);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return value;
        }
    }

    /// <summary>No control or invisible formatting characters (a notice goes to logs and terminals), at most 2,000 characters.</summary>
    private static string Clean(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxLength));
        foreach (var rune in text.EnumerateRunes())
        {
            if (builder.Length + rune.Utf16SequenceLength > MaxLength)
            {
                break;
            }

            var control = Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
            builder.Append(control ? " " : rune.ToString());
        }

        return builder.ToString().Trim();
    }
}

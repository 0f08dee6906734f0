using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace XhsGenerated.Http;

/// <summary>
/// Removes the token from any text before it is shown: every whole occurrence of the token, raw,
/// percent-encoded (either hex case, <c>+</c> or <c>%20</c> for spaces) or JSON-escaped
/// (<c>\u002B</c>, <c>\/</c>), and the value of any
/// <c>token=…</c> parameter become <c>***</c>.
/// </summary>
/// <remarks>
/// A token of <see cref="MinimumEmbeddedLength"/> characters or more is masked wherever it appears,
/// even inside a longer word (<c>f&lt;token&gt;</c> in a JSON reader's message). A shorter token
/// cannot be told from ordinary text, so it is masked only where it stands alone, between characters
/// that are not letters or digits: a one-letter token does not star that letter in every word.
/// Redact before cutting a text short, or a token across the cut survives in part.
/// </remarks>
public sealed partial class TokenRedactor
{
    /// <summary>What a redacted secret reads as.</summary>
    public const string Mask = "***";

    /// <summary>The length from which a token is masked even inside a longer word.</summary>
    public const int MinimumEmbeddedLength = 8;

    private readonly string[] _forms;
    private readonly bool _standaloneOnly;

    /// <summary>Creates a redactor for one token.</summary>
    /// <param name="token">The secret; null or empty redacts only <c>token=</c> parameters.</param>
    public TokenRedactor(string? token)
    {
        _forms = string.IsNullOrEmpty(token) ? Array.Empty<string>() : Forms(token);
        _standaloneOnly = token is { Length: < MinimumEmbeddedLength };
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

        foreach (var form in _forms)
        {
            text = _standaloneOnly ? MaskStandalone(text, form) : text.Replace(form, Mask, StringComparison.Ordinal);
        }

        return text.Contains("token", StringComparison.OrdinalIgnoreCase) ? TokenParameter().Replace(text, "${name}=" + Mask) : text;
    }

    /// <summary>The token as it can appear in text: raw, and as URL and form encodings write it.</summary>
    private static string[] Forms(string token)
    {
        var forms = new List<string> { token };
        void Add(string form)
        {
            if (!forms.Contains(form))
            {
                forms.Add(form);
            }
        }

        var encoded = Uri.EscapeDataString(token);
        Add(encoded);
        Add(LowerHex(encoded));
        Add(encoded.Replace("%20", "+", StringComparison.Ordinal));
        Add(LowerHex(encoded).Replace("%20", "+", StringComparison.Ordinal));

        // As JSON writers escape it inside a string: System.Text.Json's default escapes '+', '&',
        // '<', '>', quotes and non-ASCII as \uXXXX (either hex case elsewhere); some escape '/' as '\/'.
        foreach (var json in new[] { JsonEncodedText.Encode(token).Value, JsonEncodedText.Encode(token, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value })
        {
            Add(json);
            Add(LowerJsonHex(json));
            Add(json.Replace("/", "\\/", StringComparison.Ordinal));
        }

        // Longest first, so a form that contains another is masked whole.
        forms.Sort(static (a, b) => b.Length.CompareTo(a.Length));
        return forms.ToArray();
    }

    private static string LowerHex(string encoded)
    {
        var builder = new StringBuilder(encoded);
        for (var i = 0; i + 2 < builder.Length; i++)
        {
            if (builder[i] == '%')
            {
                builder[i + 1] = char.ToLowerInvariant(builder[i + 1]);
                builder[i + 2] = char.ToLowerInvariant(builder[i + 2]);
            }
        }

        return builder.ToString();
    }

    private static string LowerJsonHex(string json)
    {
        var builder = new StringBuilder(json);
        for (var i = 0; i + 5 < builder.Length; i++)
        {
            if (builder[i] == '\\' && builder[i + 1] == 'u')
            {
                for (var j = i + 2; j < i + 6; j++)
                {
                    builder[j] = char.ToLowerInvariant(builder[j]);
                }
            }
        }

        return builder.ToString();
    }

    private static string MaskStandalone(string text, string form)
    {
        StringBuilder? builder = null;
        var copied = 0;
        for (var at = text.IndexOf(form, StringComparison.Ordinal); at >= 0; at = text.IndexOf(form, at + 1, StringComparison.Ordinal))
        {
            var end = at + form.Length;
            if (at < copied || (at > 0 && char.IsLetterOrDigit(text[at - 1])) || (end < text.Length && char.IsLetterOrDigit(text[end])))
            {
                continue;
            }

            builder ??= new StringBuilder(text.Length);
            builder.Append(text, copied, at - copied).Append(Mask);
            copied = end;
        }

        return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }

    [GeneratedRegex(@"(?<name>\btoken)=[^&\s""'<>#]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TokenParameter();
}

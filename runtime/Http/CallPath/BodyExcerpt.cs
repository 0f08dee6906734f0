using System;
using System.Globalization;
using System.Text;

namespace XhsGenerated.Http.CallPath;

/// <summary>The start of an unreadable body, quoted in a message: redacted before it is cut, at most 160 characters, nothing invisible.</summary>
internal static class BodyExcerpt
{
    /// <summary>How much of an unreadable body a message quotes, in UTF-16 characters.</summary>
    public const int Chars = 160;

    /// <summary>How much of the body is redacted before the excerpt is cut from it: any token that starts in the excerpt ends inside.</summary>
    public const int WindowBytes = 16 * 1024;

    /// <summary><c>: "…"</c>, or empty for an empty body.</summary>
    public static string Of(ReadOnlySpan<byte> body, TokenRedactor redactor)
    {
        if (body.IsEmpty)
        {
            return "";
        }

        // Redact before cutting: a token across the cut would otherwise survive in part.
        var text = redactor.Redact(Encoding.UTF8.GetString(body[..Math.Min(body.Length, WindowBytes)]))!;
        var builder = new StringBuilder(Chars);
        foreach (var rune in text.EnumerateRunes())
        {
            if (builder.Length + rune.Utf16SequenceLength > Chars)
            {
                break;
            }

            // Control characters, bidi overrides and other invisible formatting, and U+FFFD from a cut sequence.
            if (Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format || rune.Value == 0xFFFD)
            {
                builder.Append(' ');
            }
            else
            {
                builder.Append(rune.ToString());
            }
        }

        return ": \"" + builder.ToString().Trim() + "\"";
    }
}

using System.Globalization;
using System.Text;

namespace XhsGenerated.Generator.Emit;

/// <summary>Escapes text from a document for the place it lands in generated code.</summary>
internal static class Escaping
{
    /// <summary>A C# regular string literal, quotes included. Every control and line-break character is escaped.</summary>
    public static string Literal(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        builder.Append(c).Append(value[++i]);
                    }
                    else if (char.IsControl(c) || char.IsSurrogate(c) || c == '\u2028' || c == '\u2029' || c == '\u0085')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>A UTF-8 string literal (<c>"red_id"u8</c>).</summary>
    public static string Utf8Literal(string value) => Literal(value) + "u8";

    /// <summary>Text for an XML doc comment: markup escaped, each line trimmed, no way to close the comment.</summary>
    public static string[] XmlDocLines(string text)
    {
        var escaped = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                escaped.Append(c).Append(text[++i]);
                continue;
            }

            // XML cannot hold lone surrogates, U+FFFE or U+FFFF (CS1570): they become U+FFFD.
            if (char.IsSurrogate(c) || c == '\uFFFE' || c == '\uFFFF')
            {
                escaped.Append('\uFFFD');
                continue;
            }

            switch (c)
            {
                case '&': escaped.Append("&amp;"); break;
                case '<': escaped.Append("&lt;"); break;
                case '>': escaped.Append("&gt;"); break;
                case '\r': break;
                case '\t': escaped.Append(' '); break;
                default:
                    escaped.Append(char.IsControl(c) && c != '\n' || c == '\u2028' || c == '\u2029' || c == '\u0085' ? ' ' : c);
                    break;
            }
        }

        var lines = escaped.ToString().Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = lines[i].TrimEnd();
        }

        return lines;
    }

    /// <summary>Text for one XML doc line, newlines folded to spaces.</summary>
    public static string XmlDocInline(string text) => string.Join(" ", XmlDocLines(text)).Trim();
}

using System;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace XhsGenerated.Http;

/// <summary>The <c>User-Agent</c> every request sends: <c>XhsGenerated/{version} (.NET {version}; {OS})</c>, then the caller's product.</summary>
internal static class UserAgent
{
    private static readonly string Default = string.Format(
        System.Globalization.CultureInfo.InvariantCulture,
        "XhsGenerated/{0} (.NET {1}; {2})",
        Version(),
        Environment.Version,
        CommentText(RuntimeInformation.OSDescription));

    /// <summary>The header value, with <paramref name="product"/> appended when given.</summary>
    /// <param name="product">What <see cref="JustOneApiOptions.UserAgent"/> adds, e.g. <c>MyApp/1.2</c>; checked by the options.</param>
    /// <returns>The value.</returns>
    public static string For(string? product) => string.IsNullOrWhiteSpace(product) ? Default : Default + " " + product.Trim();

    /// <summary>Whether <paramref name="product"/> can travel in a header: printable ASCII only.</summary>
    /// <param name="product">The caller's part.</param>
    /// <returns>True when it can.</returns>
    public static bool IsValidProduct(string product)
    {
        foreach (var c in product)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    private static string Version()
    {
        var version = typeof(UserAgent).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(UserAgent).Assembly.GetName().Version?.ToString()
            ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }

    /// <summary>Keeps what a header comment may hold: printable ASCII without parentheses or backslashes.</summary>
    private static string CommentText(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c is < ' ' or > '~' or '(' or ')' or '\\' ? ' ' : c);
        }

        return builder.ToString().Trim();
    }
}

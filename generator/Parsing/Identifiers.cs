using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace XhsGenerated.Generator.Parsing;

/// <summary>Turns names from a document (JSON members, operation ids, tags) into C# identifiers.</summary>
internal static class Identifiers
{
    private static readonly string[] HttpVerbs = { "get", "post", "put", "patch", "delete", "head", "options" };

    /// <summary>
    /// <c>red_id</c> → <c>RedId</c>, <c>Xiaohongshu (RedNote)</c> → <c>XiaohongshuRedNote</c>,
    /// <c>粉丝数量</c> → <c>粉丝数量</c>. Separators (anything that cannot be part of an identifier) start
    /// a new word; a result that cannot start an identifier gets a leading <c>_</c>; an empty one
    /// becomes <paramref name="fallback"/>.
    /// </summary>
    public static string ToPascalCase(string name, string fallback = "Value")
    {
        var builder = new StringBuilder(name.Length);
        var upperNext = true;
        foreach (var c in name)
        {
            // C# ignores formatting characters (U+200B, U+00AD…) in identifiers: drop them, so that
            // "us\u200Bers" and "users" are seen as the one name they are to the compiler.
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                continue;
            }

            if (!SyntaxFacts.IsIdentifierPartCharacter(c) || c == '_')
            {
                upperNext = true;
                continue;
            }

            builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
            upperNext = false;
        }

        if (builder.Length == 0)
        {
            return fallback;
        }

        if (!SyntaxFacts.IsIdentifierStartCharacter(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }

    /// <summary><c>keyword</c> → <c>keyword</c>, <c>sort_type</c> → <c>sortType</c>, <c>event</c> → <c>@event</c>.</summary>
    public static string ToCamelCase(string name)
    {
        var pascal = ToPascalCase(name, "value");
        var camel = pascal[0] == '_' ? pascal : char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
        return EscapeKeyword(camel);
    }

    /// <summary>Prefixes <c>@</c> to a reserved keyword so it can be used as a name.</summary>
    public static string EscapeKeyword(string identifier)
        => SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None ? "@" + identifier : identifier;

    /// <summary>
    /// The method name of an operation: its <c>operationId</c> without a leading HTTP verb,
    /// in PascalCase (<c>getSearchUserV2</c> → <c>SearchUserV2</c>).
    /// </summary>
    public static string OperationName(string operationId)
    {
        foreach (var verb in HttpVerbs)
        {
            if (operationId.Length > verb.Length
                && operationId.StartsWith(verb, StringComparison.OrdinalIgnoreCase)
                && !char.IsLower(operationId[verb.Length]))
            {
                var rest = ToPascalCase(operationId.Substring(verb.Length), "");
                if (rest.Length > 0 && rest[0] != '_')
                {
                    return rest;
                }
            }
        }

        return ToPascalCase(operationId, "Operation");
    }

    /// <summary>The client class for a tag: <c>Xiaohongshu (RedNote)</c> → <c>XiaohongshuClient</c>.</summary>
    public static string ClientNameFromTag(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return "JustOneApiClient";
        }

        // The vendor writes "Platform (English name)": the platform name is the first word group.
        var paren = tag!.IndexOf('(');
        var head = paren > 0 ? tag.Substring(0, paren) : tag;
        var name = ToPascalCase(head, "JustOneApi");
        if (name[0] == '_')
        {
            name = ToPascalCase(tag, "JustOneApi");
        }

        return name.EndsWith("Client", StringComparison.Ordinal) ? name : name + "Client";
    }

    /// <summary><c>users</c> → <c>user</c>, <c>categories</c> → <c>category</c>, <c>status</c> → <c>status</c>.</summary>
    public static string Singularize(string word)
    {
        if (word.Length <= 2)
        {
            return word;
        }

        var lower = word.ToLowerInvariant();
        if (lower.EndsWith("ies", StringComparison.Ordinal) && word.Length > 3)
        {
            return word.Substring(0, word.Length - 3) + (char.IsUpper(word[word.Length - 1]) ? "Y" : "y");
        }

        foreach (var ending in new[] { "sses", "shes", "ches", "xes", "zes" })
        {
            if (lower.EndsWith(ending, StringComparison.Ordinal))
            {
                return word.Substring(0, word.Length - 2);
            }
        }

        if (lower.EndsWith("ss", StringComparison.Ordinal) || lower.EndsWith("us", StringComparison.Ordinal) || lower.EndsWith("is", StringComparison.Ordinal))
        {
            return word;
        }

        return lower.EndsWith("s", StringComparison.Ordinal) ? word.Substring(0, word.Length - 1) : word;
    }

    /// <summary>Makes a valid C# namespace of dotted parts, or returns <paramref name="fallback"/>.</summary>
    public static string ToNamespace(string? value, string fallback)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        var parts = value!.Split('.');
        var result = new List<string>(parts.Length);
        foreach (var part in parts)
        {
            var trimmed = part.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            var identifier = ToPascalCase(trimmed, "Generated");
            result.Add(trimmed == identifier || SyntaxFacts.IsValidIdentifier(trimmed) ? EscapeNamespacePart(trimmed) : identifier);
        }

        return result.Count == 0 ? fallback : string.Join(".", result);
    }

    private static string EscapeNamespacePart(string part) => EscapeKeyword(part);

    /// <summary>Picks <paramref name="wanted"/>, or <c>wanted2</c>, <c>wanted3</c>… when it is taken.</summary>
    public static string Unique(string wanted, ISet<string> taken)
    {
        if (taken.Add(wanted))
        {
            return wanted;
        }

        for (var i = 2; ; i++)
        {
            var candidate = wanted + i.ToString(CultureInfo.InvariantCulture);
            if (taken.Add(candidate))
            {
                return candidate;
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
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

    /// <summary>
    /// The client class for a tag: <c>Xiaohongshu (RedNote)</c> → <c>XiaohongshuClient</c>; a tag
    /// that starts with a digit reads as a platform: <c>1688</c> → <c>Platform1688Client</c>.
    /// </summary>
    public static string ClientNameFromTag(string? tag)
    {
        var platform = PlatformFromTag(tag);
        if (platform is null)
        {
            return "JustOneApiClient";
        }

        var name = char.IsDigit(platform[0]) ? "Platform" + platform : platform;
        return name.EndsWith("Client", StringComparison.Ordinal) ? name : name + "Client";
    }

    /// <summary>
    /// The platform a tag names, as its operation ids spell it: <c>Xiaohongshu (RedNote)</c> →
    /// <c>Xiaohongshu</c>, <c>1688</c> → <c>1688</c>; null for no tag.
    /// </summary>
    public static string? PlatformFromTag(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }

        // The vendor writes "Platform (English name)": the platform name is the first word group.
        var paren = tag!.IndexOf('(');
        var head = paren > 0 ? tag.Substring(0, paren) : tag;
        var name = ToPascalCase(head, "");
        if (name.Length == 0)
        {
            name = ToPascalCase(tag, "JustOneApi");
        }

        return name.TrimStart('_') is { Length: > 0 } trimmed ? trimmed : "JustOneApi";
    }

    /// <summary>
    /// The names an operation may take, shortest first: its id without the HTTP verb, a leading
    /// <c>Api</c> and the platform its client already names
    /// (<c>getApiXiaohongshuSearchNoteV3</c> on Xiaohongshu → <c>SearchNoteV3</c>), then with the
    /// platform, then the id without the verb alone. A shortening that would leave no name, or one
    /// that starts with a digit, is not offered.
    /// </summary>
    public static IReadOnlyList<string> OperationNameCandidates(string operationId, string? platform)
    {
        var full = OperationName(operationId);
        var candidates = new List<string>();
        foreach (var prefix in new[] { "Api" + platform, platform, "Api" })
        {
            if (!string.IsNullOrEmpty(prefix) && DropPrefix(full, prefix!) is { } shorter && !candidates.Contains(shorter))
            {
                candidates.Add(shorter);
            }
        }

        candidates.Sort((a, b) => a.Length.CompareTo(b.Length));
        candidates.Add(full);
        return candidates;
    }

    /// <summary>The name without a leading word, when the word ends at a word boundary and what is left can start an identifier.</summary>
    private static string? DropPrefix(string name, string prefix)
    {
        if (name.Length <= prefix.Length || !name.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var next = name[prefix.Length];
        return char.IsUpper(next) || (!char.IsLower(next) && !char.IsDigit(next) && SyntaxFacts.IsIdentifierStartCharacter(next))
            ? name.Substring(prefix.Length)
            : null;
    }

    /// <summary>
    /// A readable member name for an enum value: <c>DAY_30</c> → <c>Day30</c>, <c>most-liked</c> →
    /// <c>MostLiked</c>, <c>_1</c> or <c>1</c> → <c>Value1</c>; a value without an ASCII letter
    /// (<c>最新</c>) → <c>Value</c> and its 1-based position.
    /// </summary>
    public static string EnumMemberName(string value, int index)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        void Flush()
        {
            if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }

        foreach (var c in value)
        {
            if (c < 128 && char.IsLetterOrDigit(c))
            {
                word.Append(c);
            }
            else
            {
                Flush();
            }
        }

        Flush();
        if (!words.Any(w => w.Any(char.IsLetter)))
        {
            var digits = string.Concat(words);
            return "Value" + (digits.Length > 0 ? digits : (index + 1).ToString(CultureInfo.InvariantCulture));
        }

        var builder = new StringBuilder();
        foreach (var w in words)
        {
            // SHOUTING words read as words: DAY → Day; camelCase keeps its humps.
            var shouting = w.All(c => !char.IsLower(c));
            builder.Append(char.ToUpperInvariant(w[0])).Append(shouting ? w.Substring(1).ToLowerInvariant() : w.Substring(1));
        }

        var name = builder.ToString();
        return char.IsDigit(name[0]) ? "Value" + name : name;
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

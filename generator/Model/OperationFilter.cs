using System;
using System.Collections.Generic;
using System.Linq;

namespace XhsGenerated.Generator.Model;

/// <summary>
/// Which operations of one document to generate, from the <c>AdditionalFiles</c> item's metadata:
/// path globs (<c>XhsInclude</c>, <c>XhsExclude</c>), tags (<c>XhsIncludeTags</c>, <c>XhsExcludeTags</c>)
/// and operation ids (<c>XhsIncludeOperations</c>, <c>XhsExcludeOperations</c>), each a <c>;</c>-separated
/// list where <c>*</c> matches any run of characters (slashes too) and <c>?</c> one. An operation is kept
/// when no include is given or it matches one, and it matches no exclude. Paths and ids compare
/// ordinally, tags ignoring case.
/// </summary>
internal sealed record OperationFilter(
    EquatableArray<string> IncludePaths,
    EquatableArray<string> ExcludePaths,
    EquatableArray<string> IncludeTags,
    EquatableArray<string> ExcludeTags,
    EquatableArray<string> IncludeOperations,
    EquatableArray<string> ExcludeOperations)
{
    /// <summary>The metadata names, in the order of the record's lists.</summary>
    public static readonly string[] MetadataNames = { "XhsInclude", "XhsExclude", "XhsIncludeTags", "XhsExcludeTags", "XhsIncludeOperations", "XhsExcludeOperations" };

    /// <summary>Keeps every operation.</summary>
    public static readonly OperationFilter None = new(
        EquatableArray<string>.Empty, EquatableArray<string>.Empty, EquatableArray<string>.Empty,
        EquatableArray<string>.Empty, EquatableArray<string>.Empty, EquatableArray<string>.Empty);

    /// <summary>Whether the filter keeps everything.</summary>
    public bool IsEmpty => Lists().All(list => list.IsEmpty);

    /// <summary>Reads the six metadata values (null or empty: none) in <see cref="MetadataNames"/> order.</summary>
    public static OperationFilter From(IReadOnlyList<string?> values)
    {
        var lists = values.Select(Split).ToArray();
        var filter = new OperationFilter(lists[0], lists[1], lists[2], lists[3], lists[4], lists[5]);
        return filter.IsEmpty ? None : filter;
    }

    /// <summary>Whether an operation at <paramref name="path"/>, with <paramref name="tags"/> and <paramref name="operationId"/>, is generated.</summary>
    public bool Keeps(string path, IEnumerable<string> tags, string? operationId)
    {
        if (IsEmpty)
        {
            return true;
        }

        var tagList = tags as IReadOnlyCollection<string> ?? tags.ToList();
        var included = (IncludePaths.IsEmpty && IncludeTags.IsEmpty && IncludeOperations.IsEmpty)
            || IncludePaths.Any(p => Glob.Matches(p, path, ignoreCase: false))
            || IncludeTags.Any(p => tagList.Any(t => Glob.Matches(p, t, ignoreCase: true)))
            || (operationId is not null && IncludeOperations.Any(p => Glob.Matches(p, operationId, ignoreCase: false)));
        return included
            && !ExcludePaths.Any(p => Glob.Matches(p, path, ignoreCase: false))
            && !ExcludeTags.Any(p => tagList.Any(t => Glob.Matches(p, t, ignoreCase: true)))
            && !(operationId is not null && ExcludeOperations.Any(p => Glob.Matches(p, operationId, ignoreCase: false)));
    }

    /// <summary>Every pattern with the metadata it came from, and whether it is matched against paths, tags or ids.</summary>
    public IEnumerable<(string Metadata, string Pattern, FilterTarget Target)> Patterns()
    {
        var lists = Lists().ToArray();
        for (var i = 0; i < lists.Length; i++)
        {
            foreach (var pattern in lists[i])
            {
                yield return (MetadataNames[i], pattern, (FilterTarget)(i / 2));
            }
        }
    }

    private IEnumerable<EquatableArray<string>> Lists()
    {
        yield return IncludePaths;
        yield return ExcludePaths;
        yield return IncludeTags;
        yield return ExcludeTags;
        yield return IncludeOperations;
        yield return ExcludeOperations;
    }

    private static EquatableArray<string> Split(string? value)
        => string.IsNullOrWhiteSpace(value)
            ? EquatableArray<string>.Empty
            : value!.Split(';').Select(p => p.Trim()).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToEquatableArray();
}

/// <summary>What a filter pattern is matched against.</summary>
internal enum FilterTarget
{
    Path,
    Tag,
    OperationId,
}

/// <summary>Glob matching: <c>*</c> any run of characters (slashes too), <c>?</c> one character, the rest literally.</summary>
internal static class Glob
{
    public static bool Matches(string pattern, string text, bool ignoreCase)
    {
        // Iterative, with backtracking to the last star: linear in practice, never exponential.
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], text[t], ignoreCase)) && pattern[p] != '*')
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool Same(char a, char b, bool ignoreCase)
        => a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}

using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.OpenApi;
using XhsGenerated.Generator.Diagnostics;
using XhsGenerated.Generator.Model;

namespace XhsGenerated.Generator.Parsing;

/// <summary>The operation filter (<c>XhsInclude</c>…) applied to one document, before its operations are read.</summary>
internal static partial class DocumentParser
{
    /// <summary>
    /// Which operations <paramref name="filter"/> keeps; each pattern that matches no operation of the
    /// document is a warning (XHS0015) at its <c>paths</c>, so a typo is never silence.
    /// </summary>
    private static Func<OpenApiOperation, bool> Filter(OpenApiDocument document, OperationFilter filter, string fileName, JsonLocator locator, List<DiagnosticInfo> diagnostics)
    {
        if (filter.IsEmpty)
        {
            return static _ => true;
        }

        var all = document.Paths
            .SelectMany(p => (p.Value.Operations ?? new Dictionary<System.Net.Http.HttpMethod, OpenApiOperation>()).Select(o => (Path: p.Key, Operation: o.Value, Tags: (o.Value.Tags ?? new HashSet<OpenApiTagReference>()).Select(t => t.Name ?? "").ToList(), Id: Clean(o.Value.OperationId))))
            .ToList();
        foreach (var (metadata, pattern, target) in filter.Patterns())
        {
            var matches = all.Any(o => target switch
            {
                FilterTarget.Path => Glob.Matches(pattern, o.Path, ignoreCase: false),
                FilterTarget.Tag => o.Tags.Any(t => Glob.Matches(pattern, t, ignoreCase: true)),
                _ => o.Id is not null && Glob.Matches(pattern, o.Id, ignoreCase: false),
            });
            if (!matches)
            {
                var what = target switch { FilterTarget.Path => "path", FilterTarget.Tag => "tag", _ => "operation id" };
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FilterMatchesNothing, locator.Locate("/paths"), metadata, pattern, fileName, what));
            }
        }

        var keep = new HashSet<OpenApiOperation>(all.Where(o => filter.Keeps(o.Path, o.Tags, o.Id)).Select(o => o.Operation));
        return keep.Contains;
    }
}

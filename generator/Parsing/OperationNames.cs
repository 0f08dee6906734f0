using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.OpenApi;
using XhsGenerated.Generator.Diagnostics;
using XhsGenerated.Generator.Model;

namespace XhsGenerated.Generator.Parsing;

/// <summary>Names every operation of a document: its method, and the prefix of its types, unique where they must be.</summary>
internal static class OperationNames
{
    /// <summary>
    /// The names of each operation. Its method: the shortest of its
    /// <see cref="Identifiers.OperationNameCandidates"/> that no other operation of the same client
    /// in this document takes (operations that would share one both step to their next, longer
    /// name, until none do, or they have none left and grouping reports XHS0005). Its types'
    /// prefix: the id without the verb and a leading <c>Api</c>, unless another operation of the
    /// document has it; types live in the namespace, so they keep the platform. Every method name
    /// that is more than the id without its verb is reported as XHS0006, for the operations
    /// <paramref name="reported"/> says are generated.
    /// </summary>
    public static Dictionary<OpenApiOperation, (string Method, string Types)> Choose(OpenApiDocument document, JsonLocator locator, List<DiagnosticInfo> diagnostics, Func<OpenApiOperation, bool> reported)
    {
        var entries = new List<(OpenApiOperation Operation, string Pointer, string Client, string Platform, IReadOnlyList<string> Candidates, IReadOnlyList<string> TypeCandidates)>();
        foreach (var pathItem in document.Paths.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var entry in (pathItem.Value.Operations ?? new Dictionary<System.Net.Http.HttpMethod, OpenApiOperation>()).OrderBy(o => o.Key.Method, StringComparer.Ordinal))
            {
                var id = entry.Value.OperationId?.Trim();
                if (string.IsNullOrEmpty(id))
                {
                    continue;
                }

                var tag = entry.Value.Tags?.Select(t => t.Name).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));
                var platform = Identifiers.PlatformFromTag(tag);
                var pointer = "/paths/" + DocumentParser.Escape(pathItem.Key) + "/" + entry.Key.Method.ToLowerInvariant();
                var candidates = Identifiers.OperationNameCandidates(id!, platform);
                var typeCandidates = Identifiers.OperationNameCandidates(id!, null);
                entries.Add((entry.Value, pointer, Identifiers.ClientNameFromTag(tag), platform ?? "", candidates, typeCandidates));
            }
        }

        var level = Resolve(entries.Select(e => (e.Client, e.Candidates)).ToList());
        var typeLevel = Resolve(entries.Select(e => ("", e.TypeCandidates)).ToList());
        var names = new Dictionary<OpenApiOperation, (string, string)>();
        for (var i = 0; i < entries.Count; i++)
        {
            var (operation, pointer, client, platform, candidates, typeCandidates) = entries[i];
            var name = candidates[level[i]];
            names[operation] = (name, typeCandidates[typeLevel[i]]);
            var full = candidates[candidates.Count - 1];
            if (!reported(operation))
            {
                continue;
            }

            if (name != full)
            {
                var dropped = full.Substring(0, full.Length - name.Length);
                var why = dropped == "Api" ? "the HTTP verb and 'Api' dropped"
                    : dropped == platform ? $"the HTTP verb and the platform '{platform}' that {client} already names dropped"
                    : $"the HTTP verb, 'Api' and the platform '{platform}' that {client} already names dropped";
                var taken = level[i] > 0 ? $"; the shorter '{candidates[0]}Async' is taken by another operation of {client}" : "";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.IdentifierChanged, locator.Locate(pointer + "/operationId"), operation.OperationId!.Trim(), name + "Async", why + taken));
            }
            else if (level[i] > 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.IdentifierChanged, locator.Locate(pointer + "/operationId"), operation.OperationId!.Trim(), name + "Async", $"the shorter '{candidates[0]}Async' is taken by another operation of {client}"));
            }
        }

        foreach (var (tag, pointer) in entries.Where(e => reported(e.Operation)).Select(e => (Tag: e.Operation.Tags?.Select(t => t.Name).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t)), e.Pointer)).Where(e => e.Tag is not null).GroupBy(e => e.Tag).Select(g => g.First()))
        {
            var client = Identifiers.ClientNameFromTag(tag);
            if (client.StartsWith("Platform", StringComparison.Ordinal) && char.IsDigit(client["Platform".Length]))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.IdentifierChanged, locator.Locate(pointer + "/tags/0"), tag!, client, "a tag that starts with a digit names a platform"));
            }
        }

        return names;
    }

    /// <summary>For each entry, how many of its candidates to skip so that no two entries of a scope share a name: entries that clash all step to their next candidate, until none clash or they have none left.</summary>
    private static int[] Resolve(List<(string Scope, IReadOnlyList<string> Candidates)> entries)
    {
        var level = new int[entries.Count];
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var clash in Enumerable.Range(0, entries.Count).GroupBy(i => (entries[i].Scope, entries[i].Candidates[level[i]])).Where(g => g.Count() > 1))
            {
                foreach (var i in clash.Where(i => level[i] < entries[i].Candidates.Count - 1))
                {
                    level[i]++;
                    changed = true;
                }
            }
        }

        return level;
    }
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using XhsGenerated.Generator.Diagnostics;
using XhsGenerated.Generator.Model;

namespace XhsGenerated.Generator.Parsing;

/// <summary>The clients of a project and the problems found while grouping operations into them.</summary>
internal sealed record ClientSet(EquatableArray<ClientModel> Clients, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// Groups the operations of every document into clients: one <c>partial</c> class per namespace and
/// client name, so many per-endpoint documents that share a tag make one client.
/// </summary>
internal static class ClientGrouping
{
    public const string FallbackNamespace = "XhsGenerated.Clients";

    public static ClientSet Build(ImmutableArray<DocumentModel> documents, ImmutableArray<FileSettings> settings, string? rootNamespace)
    {
        var settingsByPath = settings.GroupBy(s => s.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var diagnostics = new List<DiagnosticInfo>();
        var groups = new Dictionary<(string Namespace, string Client), (List<ServerModel> Servers, Dictionary<string, OperationModel> Operations)>();

        // Response and model types live in the namespace, so an operation name is taken namespace-wide.
        var taken = new Dictionary<(string Namespace, string Operation), (string Client, OperationModel Operation)>();

        // A file listed twice (by hand and by the package's glob) counts once.
        foreach (var document in documents.GroupBy(d => d.Path, StringComparer.Ordinal).Select(g => g.First()).OrderBy(d => d.Path, StringComparer.Ordinal))
        {
            settingsByPath.TryGetValue(document.Path, out var file);
            var ns = Identifiers.ToNamespace(file?.Namespace ?? rootNamespace, FallbackNamespace);
            var clientOverride = string.IsNullOrWhiteSpace(file?.ClientName) ? null : Identifiers.ToPascalCase(file!.ClientName!, "JustOneApiClient");
            foreach (var entry in document.Operations)
            {
                var key = (ns, clientOverride ?? entry.TagClientName);
                if (!groups.TryGetValue(key, out var group))
                {
                    group = (new List<ServerModel>(), new Dictionary<string, OperationModel>(StringComparer.Ordinal));
                    groups.Add(key, group);
                }

                foreach (var server in document.Servers)
                {
                    if (!group.Servers.Any(s => s.Url == server.Url))
                    {
                        group.Servers.Add(server);
                    }
                }

                var operation = entry.Operation;
                if (taken.TryGetValue((ns, operation.Name), out var existing))
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.DuplicateMethodName,
                        entry.Location,
                        operation.OperationId,
                        operation.Name,
                        ns,
                        $"{existing.Operation.OperationId} ({existing.Operation.SourceDocument}, {existing.Client})"));
                    continue;
                }

                taken.Add((ns, operation.Name), (key.Item2, operation));
                group.Operations.Add(operation.Name, operation);
            }
        }

        var clients = groups
            .Where(g => g.Value.Operations.Count > 0)
            .OrderBy(g => g.Key.Namespace, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Client, StringComparer.Ordinal)
            .Select(g => new ClientModel(
                g.Key.Namespace,
                g.Key.Client,
                g.Value.Servers.ToEquatableArray(),
                g.Value.Operations.Values.OrderBy(o => o.Name, StringComparer.Ordinal).ToEquatableArray()))
            .ToEquatableArray();
        return new ClientSet(clients, diagnostics.ToEquatableArray());
    }
}

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

    public static ClientSet Build(IEnumerable<DocumentModel> documents, IEnumerable<FileSettings> settings, string? rootNamespace)
    {
        var settingsByPath = settings.GroupBy(s => s.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var diagnostics = new List<DiagnosticInfo>();
        var groups = new Dictionary<(string Namespace, string Client), (List<ServerModel> Servers, Dictionary<string, OperationModel> Operations)>();

        // Response and model types live in the namespace, so an operation name is taken namespace-wide.
        var taken = new Dictionary<(string Namespace, string Operation), (string Client, OperationModel Operation)>();

        // A file listed twice (by hand and by the package's glob) counts once.
        var ordered = documents.GroupBy(d => d.Path, StringComparer.Ordinal).Select(g => g.First()).OrderBy(d => d.Path, StringComparer.Ordinal).ToList();
        (string Namespace, string Client) KeyOf(DocumentModel document, DocumentOperation entry)
        {
            settingsByPath.TryGetValue(document.Path, out var file);
            var ns = Identifiers.ToNamespace(file?.Namespace ?? rootNamespace, FallbackNamespace);
            var clientOverride = string.IsNullOrWhiteSpace(file?.ClientName) ? null : Identifiers.ToPascalCase(file!.ClientName!, "JustOneApiClient");
            return (ns, clientOverride ?? entry.TagClientName);
        }

        // Every type a namespace will hold, by name, with what declares it: the clients first, so
        // that a model can never take a client's name (a tag "SearchUserV2 Http" and a member "http_client").
        var typeNames = new Dictionary<(string Namespace, string Type), string>();
        foreach (var (ns, client) in ordered.SelectMany(d => d.Operations.Select(e => KeyOf(d, e))).Distinct().OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2, StringComparer.Ordinal))
        {
            typeNames[(ns, client)] = "client " + client;
            typeNames[(ns, client + "ServiceCollectionExtensions")] = "client " + client;
        }

        foreach (var document in ordered)
        {
            foreach (var entry in document.Operations)
            {
                var key = KeyOf(document, entry);
                var ns = key.Namespace;
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

                settingsByPath.TryGetValue(document.Path, out var fileSettings);
                var operation = fileSettings?.ShareModels == true ? entry.Operation with { ShareModels = true } : entry.Operation;
                // A paged operation also declares {Method}PagesAsync: "getSearch" and "getSearchPages" would collide.
                // Method names are the client's; the name its types start with is the namespace's.
                var methodNames = operation.PagingParameter is null ? new[] { operation.MethodName } : new[] { operation.MethodName, operation.MethodName + "Pages" };
                var existing = methodNames.Select(n => taken.TryGetValue((ns + "/" + key.Client, n), out var e) ? e : default)
                    .Append(taken.TryGetValue((ns, operation.Name), out var sameTypes) ? sameTypes : default)
                    .FirstOrDefault(e => e.Operation is not null);
                if (existing.Operation is not null)
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

                // A member may not share its class's name (CS0542): a client named after one of its methods.
                var clash = TypeNames(operation).Concat(methodNames.Select(n => n + "Async")).FirstOrDefault(type => typeNames.ContainsKey((ns, type)));
                if (clash is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.DuplicateTypeName,
                        entry.Location,
                        operation.OperationId,
                        clash,
                        ns,
                        typeNames[(ns, clash)]));
                    continue;
                }

                foreach (var type in TypeNames(operation))
                {
                    typeNames[(ns, type)] = $"operation {operation.OperationId} ({operation.SourceDocument}, {key.Client})";
                }

                foreach (var methodName in methodNames)
                {
                    taken[(ns + "/" + key.Client, methodName)] = (key.Item2, operation);
                }

                taken[(ns, operation.Name)] = (key.Item2, operation);
                group.Operations.Add(operation.MethodName, operation);
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
                g.Value.Operations.Values.OrderBy(o => o.MethodName, StringComparer.Ordinal).ToEquatableArray()))
            .ToList();

        // A parameter name several operations of a client take becomes one enum struct of the client.
        var shared = EnumSharing.Apply(clients, (ns, type) => typeNames.ContainsKey((ns, type)));

        // Objects several operations of a client return become one model of the client.
        shared = ModelSharing.Apply(shared, (ns, type) => typeNames.ContainsKey((ns, type)));
        return new ClientSet(shared.ToEquatableArray(), diagnostics.ToEquatableArray());
    }

    /// <summary>The types an operation declares in its namespace: its response, its reader, its models and its enums.</summary>
    private static IEnumerable<string> TypeNames(OperationModel operation)
        => new[] { operation.Response.TypeName, operation.Name + "JsonReader" }
            .Concat(operation.Response.Models.Select(m => m.Name))
            .Concat(operation.Parameters.Where(p => p.Enum is not null).Select(p => p.Enum!.TypeName).Distinct());
}

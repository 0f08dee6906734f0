using System;
using System.Collections.Generic;
using System.Linq;
using XhsGenerated.Generator.Model;

namespace XhsGenerated.Generator.Parsing;

/// <summary>
/// One enum struct per parameter name of a client rather than per operation: in a catalog, the
/// <c>sort</c> of a platform's twenty search operations is one <c>WeiboSort</c>, not twenty types of
/// ten members each (a thousand structs were a third of a catalog's compile time). The shared type
/// holds the union of the values (it is extensible anyway: any value converts); each method's
/// documentation and each MCP schema keep listing that operation's own values.
/// </summary>
/// <remarks>
/// A name is shared when at least two operations of the client take an enum parameter of that
/// (PascalCase) name, all of one kind (string or integer). The type is named after the client's
/// stem and the parameter (<c>WeiboClient</c> + <c>sort</c> → <c>WeiboSort</c>), so it stays put when
/// the vendor adds a value or an operation; a client with a single such operation (one per-endpoint
/// document) keeps the operation's own struct (<c>SearchNoteV3Sort</c>). A name already taken in the
/// namespace leaves that parameter unshared.
/// </remarks>
internal static class EnumSharing
{
    public static IReadOnlyList<ClientModel> Apply(IReadOnlyList<ClientModel> clients, Func<string, string, bool> isTaken)
    {
        var chosen = new HashSet<(string Namespace, string Type)>();
        var result = new List<ClientModel>(clients.Count);
        foreach (var client in clients)
        {
            // (operation, parameter) → the shared type: the PascalCase key is computed once, to group.
            var shared = new Dictionary<(string OperationId, string JsonName), string>();
            var groups = client.Operations
                .SelectMany(o => o.Parameters.Where(p => p.Enum is not null).Select(p => (Operation: o, Parameter: p)))
                .GroupBy(x => Identifiers.ToPascalCase(x.Parameter.JsonName, "Value"), StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal);
            foreach (var group in groups)
            {
                if (group.Select(x => x.Operation.OperationId).Distinct(StringComparer.Ordinal).Count() < 2
                    || group.Select(x => x.Parameter.Enum!.IsInteger).Distinct().Count() > 1)
                {
                    continue;
                }

                var name = Stem(client.ClientName) + group.Key;
                if (!isTaken(client.Namespace, name) && chosen.Add((client.Namespace, name)))
                {
                    foreach (var x in group)
                    {
                        shared[(x.Operation.OperationId, x.Parameter.JsonName)] = name;
                    }
                }
            }

            result.Add(shared.Count == 0 ? client : client with
            {
                Operations = client.Operations.Select(o => o with
                {
                    Parameters = o.Parameters.Select(p => p.Enum is { } e && shared.TryGetValue((o.OperationId, p.JsonName), out var type)
                        ? p with { Enum = e with { TypeName = type, Shared = true } }
                        : p).ToEquatableArray(),
                }).ToEquatableArray(),
            });
        }

        return result;
    }

    /// <summary>
    /// The structs a client declares for its shared parameters: each the union of its operations'
    /// values, in the order the operations (by method name) list them, the first description of a
    /// value kept; with the methods that take it.
    /// </summary>
    public static IEnumerable<(EnumModel Model, string JsonName, IReadOnlyList<string> Methods)> Declared(ClientModel client)
    {
        var byType = client.Operations
            .SelectMany(o => o.Parameters.Where(p => p.Enum is { Shared: true }).Select(p => (Operation: o, Parameter: p)))
            .GroupBy(x => x.Parameter.Enum!.TypeName, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in byType)
        {
            var taken = new HashSet<string>(StringComparer.Ordinal) { "Value", "Equals", "GetHashCode", "ToString", "GetType", "ReferenceEquals", "MemberwiseClone", "Finalize", group.Key };
            var members = new List<EnumMember>();
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var member in group.SelectMany(x => x.Parameter.Enum!.Members))
            {
                if (index.TryGetValue(member.Value, out var at))
                {
                    if (members[at].Description is null && member.Description is not null)
                    {
                        members[at] = members[at] with { Description = member.Description };
                    }

                    continue;
                }

                index.Add(member.Value, members.Count);
                members.Add(member with { Name = Identifiers.Unique(member.Name, taken) });
            }

            var first = group.First().Parameter;
            var methods = group.Select(x => x.Operation.MethodName + "Async").Distinct(StringComparer.Ordinal).ToList();
            yield return (new EnumModel(group.Key, first.Enum!.IsInteger, members.ToEquatableArray(), Shared: true), first.JsonName, methods);
        }
    }

    /// <summary>The client's name without <c>Client</c>: what its shared types start with.</summary>
    public static string Stem(string clientName)
        => clientName.Length > "Client".Length && clientName.EndsWith("Client", StringComparison.Ordinal)
            ? clientName.Substring(0, clientName.Length - "Client".Length)
            : clientName;
}

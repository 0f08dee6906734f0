using System;
using System.Collections.Generic;
using System.Linq;
using XhsGenerated.Generator.Emit;
using XhsGenerated.Generator.Model;

namespace XhsGenerated.Generator.Parsing;

/// <summary>
/// With <c>XhsShareModels=true</c>, one model per kind of object a client's operations return rather
/// than one per operation: the <c>author</c> of a platform's search, detail and list operations is one
/// <c>WeiboAuthor</c>, with the members all their examples show, so a user writes one method for it and
/// the compiler compiles one class, one reader and one writer instead of one per operation.
/// </summary>
/// <remarks>
/// <para>Opt-in, per document: it renames the models of operations that had their own (<c>SearchNoteV3Author</c>
/// → <c>WeiboAuthor</c>), which a project upgrading, or a single per-endpoint document, must not get unasked.</para>
/// <para>Which models merge: those of one client (from documents that ask) that sit under the same member
/// name, the name a model takes after its operation's prefix (<c>SearchNoteV3Author</c> → <c>Author</c>),
/// and agree: a member both have has the same C# name and a type both can hold (the same type; a number
/// with a fraction and one without read as <c>double</c>; an untyped member takes the other's type;
/// models under it merged the same way), no two members take one C# name, and they have at least half
/// of the smaller one's members in common (objects that merely share a member name, such as two
/// unrelated <c>data</c>, stay apart).</para>
/// <para>How it stays put: models are taken smallest first (a model after the models it holds), then by
/// member name and method name; for each member name the first model opens the shared type and each next
/// one joins it when it agrees with everything joined so far, or keeps its operation's own type. The
/// shared type is named after the client's stem and the member (<c>WeiboClient</c> + <c>author</c> →
/// <c>WeiboAuthor</c>) even while one operation has it, so adding or removing an operation, or a member,
/// renames nothing. A vendor change that makes one operation's object disagree moves that operation,
/// alone, back to its own type (<c>xhs openapi update</c> reports it). A model of its own that a shared one
/// holds is declared with it. A name already taken in the namespace, and an operation whose models refer
/// to themselves (a recursive schema), keep their own types.</para>
/// </remarks>
internal static partial class ModelSharing
{
    /// <summary>The MSBuild metadata (and project property) that asks for it.</summary>
    public const string MetadataName = "XhsShareModels";

    /// <summary>The class that reads a client's shared models: <c>WeiboClientJsonReader</c>.</summary>
    public static string ReaderClass(string clientName) => clientName + "JsonReader";

    public static IReadOnlyList<ClientModel> Apply(IReadOnlyList<ClientModel> clients, Func<string, string, bool> isTaken)
    {
        // The enum structs EnumSharing chose are names of the namespace too.
        var chosen = new HashSet<(string Namespace, string Type)>(clients.SelectMany(c => c.Operations
            .SelectMany(o => o.Parameters.Where(p => p.Enum is { Shared: true }).Select(p => (c.Namespace, p.Enum!.TypeName)))));
        bool Taken(string ns, string name) => isTaken(ns, name) || chosen.Contains((ns, name));
        var result = new List<ClientModel>(clients.Count);
        foreach (var client in clients)
        {
            // Paging is decided on each operation's own response, before any merge.
            var paged = client with
            {
                Operations = client.Operations.Select(o => o.PagingParameter is null || !o.ShareModels ? o : o with { PageItems = PagingItems.Find(o) }).ToEquatableArray(),
            };
            result.Add(new Sharer(paged, Taken, chosen).Share());
        }

        return result;
    }

    private sealed partial class Sharer
    {
        private readonly ClientModel _client;
        private readonly Func<string, string, bool> _taken;
        private readonly HashSet<(string Namespace, string Type)> _chosen;
        private readonly Dictionary<(int Operation, string Name), Node> _nodes = new();
        private readonly Dictionary<string, List<Cluster>> _clusters = new(StringComparer.Ordinal);

        public Sharer(ClientModel client, Func<string, string, bool> taken, HashSet<(string Namespace, string Type)> chosen)
        {
            _client = client;
            _taken = taken;
            _chosen = chosen;
        }

        public ClientModel Share()
        {
            var operations = _client.Operations;
            var reader = ReaderClass(_client.ClientName);
            if (!operations.Any(o => o.ShareModels) || _taken(_client.Namespace, reader))
            {
                return _client;
            }

            var sharing = new bool[operations.Count];
            for (var i = 0; i < operations.Count; i++)
            {
                var prefix = operations[i].Name;
                var nodes = operations[i].Response.Models
                    .Select(m => new Node(i, m, m.Name.Length > prefix.Length && m.Name.StartsWith(prefix, StringComparison.Ordinal) ? m.Name.Substring(prefix.Length) : null))
                    .ToList();
                foreach (var node in nodes)
                {
                    _nodes[(i, node.Model.Name)] = node;
                }

                // A document that did not ask keeps its models; so does a recursive schema's operation.
                sharing[i] = operations[i].ShareModels && nodes.All(n => n.Leaf is not null && Height(n, new HashSet<Node>()) >= 0);
            }

            var placed = _nodes.Values.Where(n => sharing[n.Operation]).OrderBy(n => n.Height).ThenBy(n => n.Leaf, StringComparer.Ordinal).ThenBy(n => n.Operation).ToList();
            if (placed.Count == 0)
            {
                return _client;
            }

            foreach (var node in placed)
            {
                Place(node);
            }

            // Each kind's largest group of agreeing objects takes the client's name for it (even while one
            // operation has it: adding or removing an operation renames nothing); any other keeps the name
            // of the first operation's own model. Every model is then declared once, with the client.
            _chosen.Add((_client.Namespace, reader));
            foreach (var kind in _clusters)
            {
                var wanted = EnumSharing.Stem(_client.ClientName) + kind.Key;
                var largest = kind.Value.OrderByDescending(c => c.Nodes.Count).First();
                foreach (var cluster in kind.Value)
                {
                    var free = cluster == largest && wanted != reader && !_taken(_client.Namespace, wanted) && !cluster.Members.Values.Any(m => m.CSharpName == wanted);
                    cluster.Name = free ? wanted : cluster.Nodes[0].Model.Name;
                    _chosen.Add((_client.Namespace, cluster.Name));
                }
            }

            var merged = _clusters.Values.SelectMany(c => c).ToDictionary(c => c, Merge);
            return _client with
            {
                Operations = operations.Select((operation, i) => !sharing[i] ? operation : operation with
                {
                    Response = operation.Response with
                    {
                        Data = Rename(operation.Response.Data, i),
                        Models = operation.Response.Models.Select(m => merged[_nodes[(i, m.Name)].Cluster!]).OrderBy(m => m.Name, StringComparer.Ordinal).ToEquatableArray(),
                    },
                }).ToEquatableArray(),
            };
        }

        /// <summary>The longest chain of models under a node; -1 when it leads back to itself.</summary>
        private int Height(Node node, HashSet<Node> visiting)
        {
            if (node.Height > 0)
            {
                return node.Height;
            }

            if (!visiting.Add(node))
            {
                return -1;
            }

            var height = 0;
            foreach (var child in node.Model.Properties.SelectMany(p => Models(p.Type)).Distinct(StringComparer.Ordinal))
            {
                var below = _nodes.TryGetValue((node.Operation, child), out var next) ? Height(next, visiting) : 0;
                if (below < 0)
                {
                    return -1;
                }

                height = Math.Max(height, below + 1);
            }

            visiting.Remove(node);
            node.Height = height;
            return height;
        }
    }
}

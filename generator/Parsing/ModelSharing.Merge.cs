using System;
using System.Collections.Generic;
using System.Linq;
using XhsGenerated.Generator.Model;

namespace XhsGenerated.Generator.Parsing;

// How a model joins its kind's shared model, and what the merged model is.
internal static partial class ModelSharing
{
    private sealed class Node
    {
        public Node(int operation, ObjectModel model, string? leaf)
        {
            Operation = operation;
            Model = model;
            Leaf = leaf;
        }

        public int Operation { get; }

        public ObjectModel Model { get; }

        /// <summary>The name after the operation's prefix; null when the model's name does not start with it.</summary>
        public string? Leaf { get; }

        public int Height { get; set; }

        public Cluster? Cluster { get; set; }
    }

    private sealed class Cluster
    {
        public Cluster(string leaf) => Leaf = leaf;

        /// <summary>The member name its objects sit under (<c>Author</c>).</summary>
        public string Leaf { get; }

        /// <summary>The type's name, chosen once every object is placed.</summary>
        public string Name { get; set; } = "";

        public List<Node> Nodes { get; } = new();

        public SortedDictionary<string, Member> Members { get; } = new(StringComparer.Ordinal);
    }

    private sealed class Member
    {
        public Member(PropertyModel first, Shape type)
        {
            CSharpName = first.CSharpName;
            Type = type;
            Properties.Add(first);
        }

        public string CSharpName { get; }

        public Shape Type { get; set; }

        public List<PropertyModel> Properties { get; } = new();
    }

    /// <summary>A member's type as the merge compares it: a model by the group of objects it is in.</summary>
    private sealed record Shape(TypeKind Kind, Cluster? Cluster = null, Shape? Element = null);

    private sealed partial class Sharer
    {
        /// <summary>Puts an object in the first group of its kind it agrees with, or in a new one.</summary>
        private void Place(Node node)
        {
            var leaf = node.Leaf!;
            if (!_clusters.TryGetValue(leaf, out var kind))
            {
                kind = new List<Cluster>();
                _clusters.Add(leaf, kind);
            }

            var cluster = kind.FirstOrDefault(c => Fits(c, node));
            if (cluster is null)
            {
                cluster = new Cluster(leaf);
                kind.Add(cluster);
            }

            foreach (var property in node.Model.Properties)
            {
                var shape = ShapeOf(property.Type, node.Operation);
                if (cluster.Members.TryGetValue(property.JsonName, out var member))
                {
                    member.Type = Unify(member.Type, shape)!;
                    member.Properties.Add(property);
                }
                else
                {
                    cluster.Members.Add(property.JsonName, new Member(property, shape));
                }
            }

            cluster.Nodes.Add(node);
            node.Cluster = cluster;
        }

        private bool Fits(Cluster cluster, Node node)
        {
            // No member may take a name the type can take (CS0542): the kind's or the first object's.
            var names = new HashSet<string>(cluster.Members.Values.Select(m => m.CSharpName), StringComparer.Ordinal);
            var typeNames = new[] { EnumSharing.Stem(_client.ClientName) + cluster.Leaf, cluster.Nodes[0].Model.Name };
            var common = 0;
            foreach (var property in node.Model.Properties)
            {
                if (cluster.Members.TryGetValue(property.JsonName, out var member))
                {
                    common++;
                    if (member.CSharpName != property.CSharpName || Unify(member.Type, ShapeOf(property.Type, node.Operation)) is null)
                    {
                        return false;
                    }
                }
                else if (names.Contains(property.CSharpName) || typeNames.Contains(property.CSharpName, StringComparer.Ordinal))
                {
                    return false;
                }
            }

            if (cluster.Members.Values.Any(m => m.CSharpName == node.Model.Name))
            {
                return false;
            }

            return 2 * common >= Math.Min(node.Model.Properties.Count, cluster.Members.Count);
        }

        private Shape ShapeOf(TypeRef type, int operation) => type.Kind switch
        {
            TypeKind.Array => new Shape(TypeKind.Array, Element: ShapeOf(type.Element!, operation)),
            // Models are placed after the models they hold: a child is always in its group already.
            TypeKind.Object => new Shape(TypeKind.Object, Cluster: _nodes[(operation, type.ModelName!)].Cluster!),
            _ => new Shape(type.Kind),
        };

        /// <summary>A type both shapes fit in, or null when there is none.</summary>
        private static Shape? Unify(Shape left, Shape right)
        {
            if (left.Kind == TypeKind.Any)
            {
                return right;
            }

            if (right.Kind == TypeKind.Any)
            {
                return left;
            }

            if (left.Kind is TypeKind.Int64 or TypeKind.Double && right.Kind is TypeKind.Int64 or TypeKind.Double)
            {
                return left.Kind == TypeKind.Double ? left : right;
            }

            if (left.Kind != right.Kind)
            {
                return null;
            }

            return left.Kind switch
            {
                TypeKind.Array => Unify(left.Element!, right.Element!) is { } element ? new Shape(TypeKind.Array, Element: element) : null,
                TypeKind.Object => left.Cluster == right.Cluster ? left : null,
                _ => left,
            };
        }

        private ObjectModel Merge(Cluster cluster)
        {
            var descriptions = cluster.Nodes.Select(n => n.Model.Description).Distinct(StringComparer.Ordinal).ToList();
            var methods = cluster.Nodes.Select(n => _client.Operations[n.Operation].MethodName + "Async").OrderBy(m => m, StringComparer.Ordinal).ToList();
            var description = cluster.Nodes.Count > 1 && descriptions.Count > 1
                ? $"An object the responses of {string.Join(", ", methods.Take(methods.Count - 1))} and {methods[methods.Count - 1]} have in common, as their examples show it; a member not all of them show may be null in some answers."
                : descriptions[0];
            var properties = cluster.Members.Select(m => new PropertyModel(
                m.Key,
                m.Value.CSharpName,
                ToType(m.Value.Type),
                m.Value.Properties.Select(p => p.Description).FirstOrDefault(d => d is not null),
                m.Value.Properties.Select(p => p.Sample).FirstOrDefault(s => s is not null),
                m.Value.Properties.All(p => p.KeptBySamples)));
            return new ObjectModel(cluster.Name, description, properties.ToEquatableArray(), Shared: true);
        }

        private static TypeRef ToType(Shape shape) => shape.Kind switch
        {
            TypeKind.Array => TypeRef.ArrayOf(ToType(shape.Element!)),
            TypeKind.Object => TypeRef.Object(shape.Cluster!.Name),
            TypeKind.String => TypeRef.String,
            TypeKind.Boolean => TypeRef.Boolean,
            TypeKind.Int64 => TypeRef.Int64,
            TypeKind.Double => TypeRef.Double,
            _ => TypeRef.Any,
        };

        /// <summary>A type of one operation with its models under their final names.</summary>
        private TypeRef Rename(TypeRef type, int operation) => type.Kind switch
        {
            TypeKind.Array => TypeRef.ArrayOf(Rename(type.Element!, operation)),
            TypeKind.Object => TypeRef.Object(_nodes[(operation, type.ModelName!)].Cluster!.Name),
            _ => type,
        };

        private static IEnumerable<string> Models(TypeRef type) => type.Kind switch
        {
            TypeKind.Array => Models(type.Element!),
            TypeKind.Object => new[] { type.ModelName! },
            _ => Array.Empty<string>(),
        };
    }
}

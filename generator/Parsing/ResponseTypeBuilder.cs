using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.OpenApi;
using XhsGenerated.Generator.Model;

namespace XhsGenerated.Generator.Parsing;

/// <summary>
/// Builds the models of one operation's response. A schema, where the document has one, wins;
/// where the schema leaves a place untyped (or there is no schema), the example's
/// <see cref="JsonShape"/> types it. Inference rules: strings → <c>string?</c>; booleans →
/// <c>bool?</c>; integers → <c>long?</c>; any fraction → <c>double?</c>; null-only, empty-array
/// or mixed members → <c>JsonElement?</c>; arrays → lists; objects → their own model.
/// </summary>
internal sealed class ResponseTypeBuilder
{
    private const int MaxDepth = 32;

    private static readonly HashSet<string> InheritedMemberNames = new(StringComparer.Ordinal)
    {
        "AdditionalProperties", "WriteTo", "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "ReferenceEquals", "Finalize",
    };

    private readonly string _operationName;
    private readonly HashSet<string> _typeNames;
    private readonly List<ObjectModel> _models = new();
    private readonly HashSet<IOpenApiSchema> _visiting = new();

    /// <summary>The model made for each object schema, by identity, so a schema is one type however often it is met.</summary>
    private readonly Dictionary<IOpenApiSchema, TypeRef> _objectTypes = new();

    /// <param name="operationName">The prefix of every model name, e.g. <c>SearchUserV2</c>.</param>
    /// <param name="reservedTypeNames">Names the models must not take (the response, the client…).</param>
    public ResponseTypeBuilder(string operationName, IEnumerable<string> reservedTypeNames)
    {
        _operationName = operationName;
        _typeNames = new HashSet<string>(reservedTypeNames, StringComparer.Ordinal);
    }

    /// <summary>The <c>$ref</c>s that point at nothing or only at themselves; the example typed those places.</summary>
    public List<string> Unresolved { get; } = new();

    /// <summary>Names that had to change to become C# identifiers: (JSON name, C# name, why).</summary>
    public List<(string JsonName, string CSharpName, string Reason)> Renames { get; } = new();

    /// <summary>The models built so far, ordered by name.</summary>
    public EquatableArray<ObjectModel> Models => _models.OrderBy(m => m.Name, StringComparer.Ordinal).ToEquatableArray();

    public TypeRef Build(IOpenApiSchema? schema, JsonShape? example, string hint)
        => FromSchema(schema, example, hint, "data", parentModel: null, depth: 0);

    private TypeRef FromSchema(IOpenApiSchema? schema, JsonShape? example, string hint, string path, string? parentModel, int depth)
    {
        schema = Resolve(schema);
        if (schema is not null && _objectTypes.TryGetValue(schema, out var known))
        {
            // A schema met again (a shared component, or one that contains itself): one type, referenced.
            return known;
        }

        if (schema is null || depth > MaxDepth || _visiting.Contains(schema))
        {
            return FromExample(example, hint, path, parentModel, depth);
        }

        _visiting.Add(schema);
        try
        {
            if (schema.AllOf is { Count: 1 } && schema.Properties is not { Count: > 0 })
            {
                return FromSchema(schema.AllOf[0], example, hint, path, parentModel, depth + 1);
            }

            var type = schema.Type.HasValue ? schema.Type.Value & ~JsonSchemaType.Null : (JsonSchemaType?)null;
            if (schema.Properties is { Count: > 0 })
            {
                var properties = schema.Properties
                    .OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => (p.Key, Schema: (IOpenApiSchema?)p.Value, Shape: Child(example, p.Key), Description: Resolve(p.Value)?.Description))
                    .ToList();
                return DefineModel(hint, path, parentModel, schema.Description, properties, depth, schema);
            }

            switch (type)
            {
                case JsonSchemaType.String:
                    return TypeRef.String;
                case JsonSchemaType.Integer:
                    return TypeRef.Int64;
                case JsonSchemaType.Number:
                    return TypeRef.Double;
                case JsonSchemaType.Boolean:
                    return TypeRef.Boolean;
                case JsonSchemaType.Array when schema.Items is not null:
                    return TypeRef.ArrayOf(FromSchema(schema.Items, example?.Items, ElementHint(hint), path + "[]", parentModel, depth + 1));
                default:
                    // Untyped, an object without properties, a union: the example decides.
                    return FromExample(example, hint, path, parentModel, depth);
            }
        }
        finally
        {
            _visiting.Remove(schema);
        }
    }

    private TypeRef FromExample(JsonShape? shape, string hint, string path, string? parentModel, int depth)
    {
        if (shape is null || depth > MaxDepth)
        {
            return TypeRef.Any;
        }

        var numeric = shape.SawInteger || shape.SawFraction;
        var kinds = (shape.SawString ? 1 : 0) + (shape.SawBoolean ? 1 : 0) + (numeric ? 1 : 0) + (shape.SawObject ? 1 : 0) + (shape.SawArray ? 1 : 0);
        if (kinds == 2 && shape.SawString && numeric)
        {
            // "12" here and 12 there: a string reads both.
            return TypeRef.String;
        }

        if (kinds == 2 && shape.SawBoolean && shape.SawInteger && !shape.SawFraction && !shape.SawNonBinaryInteger)
        {
            // true here and 1 there: a flag; the reader takes 0 and 1 as booleans.
            return TypeRef.Boolean;
        }

        if (kinds != 1)
        {
            return TypeRef.Any;
        }

        if (shape.SawObject)
        {
            var properties = shape.Properties
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => (p.Key, Schema: (IOpenApiSchema?)null, Shape: (JsonShape?)p.Value, Description: (string?)null))
                .ToList();
            return DefineModel(hint, path, parentModel, $"An object at {path} of the {_operationName} response, as the example shows it.", properties, depth);
        }

        if (shape.SawArray)
        {
            return shape.Items is null
                ? TypeRef.Any
                : TypeRef.ArrayOf(FromExample(shape.Items, ElementHint(hint), path + "[]", parentModel, depth + 1));
        }

        if (shape.SawString)
        {
            return TypeRef.String;
        }

        if (shape.SawBoolean)
        {
            return TypeRef.Boolean;
        }

        return shape.SawFraction ? TypeRef.Double : TypeRef.Int64;
    }

    private TypeRef DefineModel(
        string hint,
        string path,
        string? parentModel,
        string? description,
        List<(string Key, IOpenApiSchema? Schema, JsonShape? Shape, string? Description)> members,
        int depth,
        IOpenApiSchema? schema = null)
    {
        var name = ModelName(hint, parentModel);
        if (schema is not null)
        {
            _objectTypes.Add(schema, TypeRef.Object(name));
        }

        var memberNames = new HashSet<string>(InheritedMemberNames, StringComparer.Ordinal) { name };
        var properties = new List<PropertyModel>(members.Count);
        foreach (var member in members)
        {
            var csharpName = PropertyName(member.Key, name, memberNames);
            var type = FromSchema(member.Schema, member.Shape, Identifiers.ToPascalCase(member.Key), path + "." + member.Key, name, depth + 1);
            properties.Add(new PropertyModel(member.Key, csharpName, type, Clean(member.Description), member.Shape?.Sample, member.Schema is null && member.Shape?.SamplesOnly == true));
        }

        _models.Add(new ObjectModel(name, Clean(description), properties.ToEquatableArray()));
        return TypeRef.Object(name);
    }

    private string ModelName(string hint, string? parentModel)
    {
        var wanted = _operationName + hint;
        if (!_typeNames.Contains(wanted))
        {
            _typeNames.Add(wanted);
            return wanted;
        }

        // Two places share a member name: qualify by the parent (SearchUserV2FilterTagUser).
        if (parentModel is not null)
        {
            var qualified = parentModel + hint;
            if (_typeNames.Add(qualified))
            {
                return qualified;
            }
        }

        return Identifiers.Unique(wanted, _typeNames);
    }

    private string PropertyName(string jsonName, string modelName, HashSet<string> taken)
    {
        var pascal = Identifiers.ToPascalCase(jsonName);
        var plain = jsonName.Length > 0 && jsonName.All(c => c == '_' || SyntaxFacts.IsIdentifierPartCharacter(c)) && pascal[0] != '_';

        // A member may not hide an inherited one or share its class's name: Equals → EqualsValue.
        var wanted = InheritedMemberNames.Contains(pascal) || pascal == modelName ? pascal + "Value" : pascal;
        var name = Identifiers.Unique(wanted, taken);
        if (!plain || name != pascal)
        {
            var reason = !plain ? "characters a C# name cannot hold were dropped" : "the name was already taken in this model";
            Renames.Add((jsonName, name, reason));
        }

        return name;
    }

    /// <summary>
    /// The schema a <c>$ref</c> points at, followed through references to references; null for a
    /// reference that is missing or cyclic (the reader reports those), so the example types that place.
    /// </summary>
    private IOpenApiSchema? Resolve(IOpenApiSchema? schema)
    {
        for (var hops = 0; schema is OpenApiSchemaReference reference; hops++)
        {
            IOpenApiSchema? target;
            try
            {
                target = hops > 64 ? null : reference.Target;
            }
            catch (InvalidOperationException)
            {
                target = null;
            }

            if (target is null)
            {
                var id = reference.Reference?.ReferenceV3 ?? reference.Reference?.Id ?? "a $ref";
                if (!Unresolved.Contains(id))
                {
                    Unresolved.Add(id);
                }

                return null;
            }

            schema = target;
        }

        return schema;
    }

    private static string ElementHint(string hint)
    {
        var singular = Identifiers.Singularize(hint);
        return singular == hint ? hint + "Item" : singular;
    }

    private static JsonShape? Child(JsonShape? shape, string key)
        => shape is not null && shape.Properties.TryGetValue(key, out var child) ? child : null;

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text!.Trim();
}

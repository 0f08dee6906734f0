using System;
using XhsGenerated.Generator.Model;

namespace XhsGenerated.Generator.Emit;

/// <summary>The C# spelling of model types, <c>global::</c>-qualified.</summary>
internal static class Types
{
    public const string JsonElement = "global::System.Text.Json.JsonElement";
    public const string Reader = "global::System.Text.Json.Utf8JsonReader";
    public const string JsonReading = "global::XhsGenerated.Serialization.JsonReading";
    public const string Runtime = "global::XhsGenerated";

    /// <summary>The type of a property: nullable scalars and models, non-null lists.</summary>
    public static string Property(TypeRef type) => type.Kind switch
    {
        TypeKind.Array => List(type),
        _ => Element(type) + "?",
    };

    /// <summary>The type of a list item: never nullable.</summary>
    public static string Element(TypeRef type) => type.Kind switch
    {
        TypeKind.String => "string",
        TypeKind.Boolean => "bool",
        TypeKind.Int64 => "long",
        TypeKind.Double => "double",
        TypeKind.Any => JsonElement,
        TypeKind.Object => type.ModelName!,
        TypeKind.Array => List(type),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The name part used for reader methods: <c>ListOfSearchUserV2User</c>.</summary>
    public static string Suffix(TypeRef type) => type.Kind switch
    {
        TypeKind.Any => "JsonElement",
        TypeKind.Object => type.ModelName!,
        TypeKind.Array => "ListOf" + Suffix(type.Element!),
        _ => type.Kind.ToString(),
    };

    /// <summary>The name of the <c>JsonReading.TryRead…</c> helper for a scalar kind.</summary>
    public static string ScalarReader(TypeKind kind) => kind switch
    {
        TypeKind.String => "TryReadString",
        TypeKind.Boolean => "TryReadBoolean",
        TypeKind.Int64 => "TryReadInt64",
        TypeKind.Double => "TryReadDouble",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string ParameterType(Model.ParameterType type) => type switch
    {
        Model.ParameterType.String => "string",
        Model.ParameterType.Int32 => "int",
        Model.ParameterType.Int64 => "long",
        Model.ParameterType.Double => "double",
        Model.ParameterType.Boolean => "bool",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static string List(TypeRef type) => "global::System.Collections.Generic.IReadOnlyList<" + Element(type.Element!) + ">";
}

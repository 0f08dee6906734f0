namespace XhsGenerated.Generator.Model;

/// <summary>
/// Everything the emitter needs to write one client class: the namespace and name it lives in,
/// the servers it may call and the operations it exposes, in emission order.
/// </summary>
/// <remarks>
/// The model contract: every type in this folder is a <c>sealed record</c> (or enum) made of strings,
/// numbers, bools, enums and <see cref="EquatableArray{T}"/>, so that the incremental pipeline can
/// compare two runs by value. No <c>ISymbol</c>, <c>SyntaxNode</c>, <c>Compilation</c>,
/// <c>Location</c>, <c>AdditionalText</c>, <c>JsonNode</c> or OpenAPI.NET object may appear here:
/// the parse step turns them into these records and nothing of them leaves it.
/// Order is data: operations are ordered by method name, servers by document order, model
/// properties by ordinal JSON name.
/// </remarks>
internal sealed record ClientModel(
    string Namespace,
    string ClientName,
    EquatableArray<ServerModel> Servers,
    EquatableArray<OperationModel> Operations);

/// <summary>One server of a document's <c>servers</c> list.</summary>
internal sealed record ServerModel(string Name, string Url, string? Description);

/// <summary>One HTTP operation of a document, ready to be written as one client method.</summary>
/// <param name="Name">The PascalCase operation name without verb or suffix, e.g. <c>SearchUserV2</c>: the prefix of its types, unique in its namespace.</param>
/// <param name="OperationId">The document's <c>operationId</c>.</param>
/// <param name="HttpMethod">Upper-case HTTP method.</param>
/// <param name="Path">The path template, e.g. <c>/api/xiaohongshu/search-user/v2</c>.</param>
/// <param name="SourceDocument">The file name of the document the operation comes from.</param>
/// <param name="FormBody">Whether parameters (the token included) travel in an <c>application/x-www-form-urlencoded</c> body.</param>
/// <param name="PagingParameter">The C# name of the integer <c>page</c> parameter, when there is one.</param>
/// <param name="Response">The typed response the method returns.</param>
internal sealed record OperationModel(
    string Name,
    string OperationId,
    string HttpMethod,
    string Path,
    string SourceDocument,
    string? Summary,
    string? Description,
    bool Deprecated,
    EquatableArray<ParameterModel> Parameters,
    bool FormBody,
    string? PagingParameter,
    ResponseModel Response)
{
    /// <summary>The method's name without <c>Async</c>: <see cref="Name"/>, or shorter where its client already names the platform (<c>SearchNoteV3</c>).</summary>
    public string MethodName { get; init; } = Name;

    /// <summary>
    /// The list of <c>data</c> whose emptiness ends paging, chosen from this operation's own response
    /// (before its models were merged with its client's: a member only another operation's example has
    /// must not decide when this one stops). Null: the operation does not page.
    /// </summary>
    public PropertyModel? PageItems { get; init; }

    /// <summary>Whether its document asks for models shared with the client's other operations (<c>XhsShareModels</c>).</summary>
    public bool ShareModels { get; init; }
}

/// <summary>Where a parameter travels.</summary>
internal enum ParameterLocation
{
    Query,
    Path,
    Form,
}

/// <summary>The C# shape of a parameter value.</summary>
internal enum ParameterType
{
    String,
    Int32,
    Int64,
    Double,
    Boolean,
}

/// <summary>One method parameter (the <c>token</c> credential never becomes one).</summary>
/// <param name="JsonName">The name on the wire.</param>
/// <param name="CSharpName">The camelCase C# parameter name (escaped with <c>@</c> where needed).</param>
/// <param name="Minimum">An inclusive lower bound to check before sending, when known.</param>
/// <param name="AllowedValues">For string enums, the values the document allows, in document order.</param>
internal sealed record ParameterModel(
    string JsonName,
    string CSharpName,
    ParameterLocation Location,
    ParameterType Type,
    bool Required,
    string? Description,
    string? DefaultValue,
    long? Minimum,
    long? Maximum,
    EquatableArray<string> AllowedValues,
    EnumModel? Enum = null);

/// <summary>
/// A parameter's documented values, emitted as an extensible <c>readonly struct</c>: one static
/// member per value, an implicit conversion from the underlying type, value equality.
/// </summary>
/// <param name="TypeName">The struct, e.g. <c>SearchNoteV3Sort</c>.</param>
/// <param name="IsInteger">Whether the values are integers (a <c>long</c>) rather than strings.</param>
/// <param name="Members">The values, in document order.</param>
/// <param name="Shared">
/// Whether <paramref name="TypeName"/> is one struct its client declares for a parameter name that several
/// of its operations take (see <c>EnumSharing</c>); <paramref name="Members"/> are then still this operation's own values.
/// </param>
internal sealed record EnumModel(string TypeName, bool IsInteger, EquatableArray<EnumMember> Members, bool Shared = false);

/// <summary>One documented value: its C# member name, its wire value (JSON text for integers), and its description.</summary>
internal sealed record EnumMember(string Name, string Value, string? Description);

/// <summary>The response of an operation: the envelope type, what its <c>data</c> holds, and the models.</summary>
/// <param name="TypeName">The envelope class, e.g. <c>SearchUserV2Response</c>.</param>
/// <param name="Data">The type of the envelope's <c>data</c> member.</param>
/// <param name="Models">Every object model reachable from <paramref name="Data"/>, ordered by name.</param>
/// <param name="Source">Where the types came from.</param>
internal sealed record ResponseModel(
    string TypeName,
    TypeRef Data,
    EquatableArray<ObjectModel> Models,
    TypeSource Source);

/// <summary>Where a response's types were learnt.</summary>
internal enum TypeSource
{
    /// <summary>Neither a schema nor an example: <c>data</c> stays a <c>JsonElement</c>.</summary>
    None,

    /// <summary>Inferred from the response example.</summary>
    Example,

    /// <summary>Read from the response schema (an untyped part may still come from the example).</summary>
    Schema,
}

/// <summary>The kinds of value a JSON member can hold once typed.</summary>
internal enum TypeKind
{
    /// <summary>Anything: kept as a <c>JsonElement?</c>.</summary>
    Any,
    String,
    Boolean,
    Int64,
    Double,
    Object,
    Array,
}

/// <summary>A reference to a type: a primitive, an object model by name, or an array of another.</summary>
internal sealed record TypeRef(TypeKind Kind, string? ModelName = null, TypeRef? Element = null)
{
    public static readonly TypeRef Any = new(TypeKind.Any);
    public static readonly TypeRef String = new(TypeKind.String);
    public static readonly TypeRef Boolean = new(TypeKind.Boolean);
    public static readonly TypeRef Int64 = new(TypeKind.Int64);
    public static readonly TypeRef Double = new(TypeKind.Double);

    public static TypeRef Object(string modelName) => new(TypeKind.Object, modelName);

    public static TypeRef ArrayOf(TypeRef element) => new(TypeKind.Array, Element: element);
}

/// <summary>One generated model class.</summary>
/// <param name="Shared">
/// Whether the client declares it (with its reader) once for its operations, rather than the operation:
/// a model several operations' responses have in common, or one such a model holds (see <c>ModelSharing</c>).
/// </param>
internal sealed record ObjectModel(string Name, string? Description, EquatableArray<PropertyModel> Properties, bool Shared = false);

/// <summary>One property of a model.</summary>
/// <param name="JsonName">The member's name in JSON (kept exactly, e.g. <c>red_id</c>).</param>
/// <param name="CSharpName">The PascalCase property name, e.g. <c>RedId</c>.</param>
/// <param name="Sample">A value the example shows, as JSON text, for the docs.</param>
/// <param name="KeptBySamples">Whether only kept samples hold the member: the document's example no longer has it.</param>
internal sealed record PropertyModel(string JsonName, string CSharpName, TypeRef Type, string? Description, string? Sample = null, bool KeptBySamples = false);

/// <summary>The models a client declares once for its operations, with the client (its operations left out).</summary>
internal sealed record SharedModels(ClientModel Client, EquatableArray<ObjectModel> Models);

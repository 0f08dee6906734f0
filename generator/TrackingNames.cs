namespace XhsGenerated.Generator;

/// <summary>The tracking names of the pipeline's steps, for the cacheability tests.</summary>
internal static class TrackingNames
{
    public const string Files = nameof(Files);
    public const string Samples = nameof(Samples);
    public const string Documents = nameof(Documents);
    public const string FileSettings = nameof(FileSettings);
    public const string ProjectNamespace = nameof(ProjectNamespace);
    public const string ClientSet = nameof(ClientSet);
    public const string Clients = nameof(Clients);
    public const string SharedModels = nameof(SharedModels);
    public const string Operations = nameof(Operations);
    public const string McpSupport = nameof(McpSupport);
    public const string LanguageSupport = nameof(LanguageSupport);
    public const string SeparateAssembly = nameof(SeparateAssembly);
}

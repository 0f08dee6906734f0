using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using XhsGenerated.Generator;

namespace XhsGenerated.Tests.Infrastructure;

/// <summary>An additional file with optional MSBuild metadata, as a project would pass it.</summary>
internal sealed class TestAdditionalFile(string path, string text) : AdditionalText
{
    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text, System.Text.Encoding.UTF8);
}

/// <summary>Runs the generator the way the compiler does, and checks every run for cacheability.</summary>
internal static class GeneratorHarness
{
    public const string DefaultPath = "/project/openapi/user-search-v2-en.json";

    private static readonly string[] TrackedSteps =
    {
        TrackingNames.Files, TrackingNames.Samples, TrackingNames.Documents, TrackingNames.FileSettings, TrackingNames.ProjectNamespace,
        TrackingNames.ClientSet, TrackingNames.Clients, TrackingNames.Operations, TrackingNames.McpSupport, TrackingNames.LanguageSupport,
    };

    /// <summary>Roslyn's own input nodes: their outputs are the inputs themselves (the compilation), never carried further.</summary>
    private static readonly string[] RoslynInputs = { "Compilation", "ParseOptions" };

    public static string VendoredDocument { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "openapi", "user-search-v2-en.json"));

    /// <summary>The runtime and the packages it depends on, as a consumer's build would reference them.</summary>
    private static readonly MetadataReference[] RuntimeReferences = new[] { typeof(JustOneApiResponse).Assembly }
        .Concat(typeof(JustOneApiResponse).Assembly.GetReferencedAssemblies()
            .Where(name => name.Name!.StartsWith("Microsoft.", StringComparison.Ordinal) || name.Name!.StartsWith("Polly", StringComparison.Ordinal))
            .Select(Assembly.Load))
        .Select(assembly => (MetadataReference)MetadataReference.CreateFromFile(assembly.Location))
        .ToArray();

    public static CSharpCompilation NewCompilation(params string[] sources) => NewCompilation(new CSharpParseOptions(LanguageVersion.Latest), sources);

    public static CSharpCompilation NewCompilation(CSharpParseOptions parseOptions, params string[] sources)
        => CSharpCompilation.Create(
            "Consumer",
            sources.Select(s => CSharpSyntaxTree.ParseText(s, parseOptions, path: "Consumer.cs")),
            Basic.Reference.Assemblies.Net100.References.All.Concat(RuntimeReferences),
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                // As the SDK does: the runtime targets net8.0 and is unified with net10.0 here.
                specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress }));

    public static GeneratorDriver NewDriver(IEnumerable<AdditionalText> files, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? metadata = null, string? rootNamespace = "Demo", CSharpParseOptions? parseOptions = null)
    {
        var options = new TestOptionsProvider(metadata ?? new Dictionary<string, IReadOnlyDictionary<string, string>>(), rootNamespace);
        return CSharpGeneratorDriver.Create(
            new[] { new OpenApiClientGenerator().AsSourceGenerator() },
            files,
            parseOptions ?? new CSharpParseOptions(LanguageVersion.Latest),
            options,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    /// <summary>
    /// Runs the generator on the files, then again on the same input, and fails unless the second
    /// run is all cached and no step output holds a Roslyn symbol, syntax node or compilation.
    /// </summary>
    public static GeneratorRunResult Run(params AdditionalText[] files) => Run(files, null);

    public static GeneratorRunResult Run(AdditionalText[] files, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? metadata, string? rootNamespace = "Demo")
    {
        var compilation = NewCompilation("namespace Demo { internal static class Marker { } }");
        var driver = NewDriver(files, metadata, rootNamespace).RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();
        AssertNoForbiddenOutputs(first);

        var second = driver.RunGenerators(compilation.Clone()).GetRunResult().Results.Single();
        AssertAllCached(second);
        return first;
    }

    /// <summary>
    /// Runs the generator twice (checking the second run is all cached, as <see cref="Run(AdditionalText[])"/>
    /// does) and fails unless the generated code compiles with no warning and no error.
    /// </summary>
    public static Compilation RunAndCompile(params AdditionalText[] files)
    {
        Run(files);
        var output = CompileWithUserCode("namespace Demo { internal static class Marker { } }", files);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        return output;
    }

    /// <summary>The user's code compiled together with what the generator makes of <paramref name="files"/>, as one build would.</summary>
    public static Compilation CompileWithUserCode(string userCode, params AdditionalText[] files)
        => CompileWithUserCode(userCode, files, out _);

    /// <inheritdoc cref="CompileWithUserCode(string, AdditionalText[])"/>
    public static Compilation CompileWithUserCode(string userCode, IEnumerable<AdditionalText> files, out ImmutableArray<Diagnostic> generatorDiagnostics, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? metadata = null)
    {
        NewDriver(files, metadata).RunGeneratorsAndUpdateCompilation(NewCompilation(userCode), out var output, out generatorDiagnostics);
        return output;
    }

    /// <summary>
    /// User code for <see cref="WithUserCodeAsync"/>: <c>Demo.UserCode.RunAsync(Uri, string)</c> makes a
    /// <c>client</c> (a <paramref name="clientType"/> on that server and token, one attempt per call) and
    /// runs <paramref name="body"/>, which returns a string; <paramref name="members"/> go beside it.
    /// </summary>
    public static string ClientUserCode(string body, string members = "", string clientType = "XiaohongshuClient") => $$"""
        using System;
        using System.Threading.Tasks;
        namespace Demo
        {
            public static class UserCode
            {
                public static async Task<string> RunAsync(Uri baseAddress, string token)
                {
                    using var client = new {{clientType}}(new XhsGenerated.JustOneApiOptions { Token = token, BaseAddress = baseAddress, MaxAttempts = 1 });
        {{body}}
                }

        {{members}}
            }
        }
        """;

    /// <summary>
    /// Compiles <paramref name="userCode"/> with the client generated from <paramref name="document"/>, loads it
    /// in a collectible context (unloaded afterwards) and hands its <c>Demo.UserCode</c> type to <paramref name="test"/>.
    /// The document's path is <c>/project/openapi/catalog.json</c>, for <paramref name="metadata"/>.
    /// </summary>
    public static async Task WithUserCodeAsync(string document, string userCode, Func<Type, Task> test, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? metadata = null)
    {
        var output = CompileWithUserCode(userCode, new[] { new TestAdditionalFile("/project/openapi/catalog.json", document) }, out _, metadata);
        using var image = new MemoryStream();
        var emit = output.Emit(image);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        var context = new System.Runtime.Loader.AssemblyLoadContext("user-code", isCollectible: true);
        try
        {
            image.Position = 0;
            await test(context.LoadFromStream(image).GetType("Demo.UserCode")!);
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>Fails unless every tracked step of <paramref name="result"/> is Cached or Unchanged.</summary>
    public static void AssertAllCached(GeneratorRunResult result, params string[] allowedToRun)
    {
        foreach (var (name, steps) in result.TrackedSteps)
        {
            if (!TrackedSteps.Contains(name) || allowedToRun.Contains(name))
            {
                continue;
            }

            foreach (var step in steps)
            {
                foreach (var (_, reason) in step.Outputs)
                {
                    Assert.True(
                        reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                        $"Step '{name}' re-ran ({reason}) on an unchanged input.");
                }
            }
        }
    }

    public static IncrementalStepRunReason[] Reasons(GeneratorRunResult result, string step)
        => result.TrackedSteps.TryGetValue(step, out var steps)
            ? steps.SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray()
            : Array.Empty<IncrementalStepRunReason>();

    private static void AssertNoForbiddenOutputs(GeneratorRunResult result)
    {
        Assert.True(result.Exception is null, "The generator threw: " + result.Exception);
        foreach (var (name, steps) in result.TrackedSteps.Where(s => !RoslynInputs.Contains(s.Key)))
        {
            foreach (var step in steps)
            {
                foreach (var (value, _) in step.Outputs)
                {
                    AssertNoRoslynObjects(value, name, 0, new HashSet<object>(ReferenceEqualityComparer.Instance));
                }
            }
        }
    }

    private static void AssertNoRoslynObjects(object? value, string step, int depth, HashSet<object> seen)
    {
        if (value is null || depth > 12 || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Assert.False(value is Compilation or ISymbol or SyntaxNode or SyntaxTree or SemanticModel, $"Step '{step}' outputs a {value.GetType().Name}, which breaks caching.");
        if (value is AdditionalText && step == TrackingNames.Files)
        {
            return; // The input itself: compared by reference by the driver, never carried further.
        }

        if (value is AnalyzerConfigOptionsProvider && step == TrackingNames.FileSettings)
        {
            return;
        }

        if (value is System.Collections.IEnumerable items)
        {
            foreach (var item in items)
            {
                AssertNoRoslynObjects(item, step, depth + 1, seen);
            }

            return;
        }

        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoRoslynObjects(field.GetValue(value), step, depth + 1, seen);
        }
    }

    private sealed class TestOptionsProvider(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> metadata, string? rootNamespace) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(rootNamespace is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["build_property.RootNamespace"] = rootNamespace });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile)
            => metadata.TryGetValue(textFile.Path, out var values)
                ? new Options(values.ToDictionary(kv => "build_metadata.AdditionalFiles." + kv.Key, kv => kv.Value))
                : Options.Empty;

        private sealed class Options(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
        {
            public static readonly Options Empty = new(new Dictionary<string, string>());

            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
                => values.TryGetValue(key, out value);
        }
    }
}

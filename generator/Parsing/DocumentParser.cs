using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using Microsoft.CodeAnalysis.Text;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using XhsGenerated.Generator.Diagnostics;
using XhsGenerated.Generator.Model;

namespace XhsGenerated.Generator.Parsing;

/// <summary>
/// Reads one additional file into a <see cref="ParseResult"/>. JSON that is not an OpenAPI
/// document (no top-level <c>openapi</c> or <c>swagger</c> member) is ignored without noise.
/// Nothing thrown here reaches the compiler: every failure becomes a diagnostic.
/// </summary>
internal static partial class DocumentParser
{
    /// <summary>The name of the credential parameter: it comes from the options, never from a method argument.</summary>
    public const string TokenParameter = "token";

    private static readonly ParseResult Ignored = new(null, EquatableArray<DiagnosticInfo>.Empty);

    private static readonly JsonDocumentOptions JsonOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 256 };

    /// <summary>
    /// From this many client methods a document compiled in the project gets XHS0016: at about 30 ms of
    /// compile each (docs/benchmarks.md), a few seconds on every rebuild.
    /// </summary>
    public const int LargeDocument = 100;

    public static ParseResult Parse(string path, SourceText? text, CancellationToken cancellationToken)
        => Parse(path, text, EquatableArray<SampleFile>.Empty, OperationFilter.None, cancellationToken);

    /// <summary>
    /// Reads one document; <paramref name="samples"/> widen the types of the operations they name, and
    /// only the operations <paramref name="filter"/> keeps are read.
    /// </summary>
    public static ParseResult Parse(string path, SourceText? text, EquatableArray<SampleFile> samples, OperationFilter filter, CancellationToken cancellationToken)
        => Parse(path, text, samples, filter, compiledInProject: false, cancellationToken);

    /// <summary>
    /// As above; <paramref name="compiledInProject"/> (the document is not marked
    /// <c>XhsSeparateAssembly</c>) adds XHS0016 when it makes <see cref="LargeDocument"/> methods or more.
    /// </summary>
    public static ParseResult Parse(string path, SourceText? text, EquatableArray<SampleFile> samples, OperationFilter filter, bool compiledInProject, CancellationToken cancellationToken)
    {
        if (text is null)
        {
            return Ignored;
        }

        var yaml = YamlDocuments.IsYaml(path);
        var locator = yaml ? new JsonLocator(path, text, YamlDocuments.Index) : new JsonLocator(path, text);
        var diagnostics = new List<DiagnosticInfo>();
        var fileName = System.IO.Path.GetFileName(path);
        try
        {
            JsonNode? root;
            try
            {
                if (yaml)
                {
                    // SharpYaml is touched only here, for YAML files: a JSON-only project never loads it.
                    if (!YamlDocuments.TryParse(text.ToString(), out root, out var problem))
                    {
                        var line = Math.Max(problem.Line - 1, 0);
                        var where = line < text.Lines.Count
                            ? locator.LocateLine(line, System.Text.Encoding.UTF8.GetByteCount(text.Lines[line].ToString().Substring(0, Math.Min(Math.Max(problem.Column - 1, 0), text.Lines[line].Span.Length))))
                            : locator.Locate("");
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidJson, where, fileName, "not valid YAML: " + FirstSentence(problem.Message)));
                        return new ParseResult(null, diagnostics.ToEquatableArray());
                    }
                }
                else
                {
                    root = JsonNode.Parse(text.ToString(), documentOptions: JsonOptions);
                }

                EnsureText(root);
            }
            catch (JsonException ex)
            {
                var where = locator.LocateLine(ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0);
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidJson, where, fileName, "not valid JSON: " + FirstSentence(ex.Message)));
                return new ParseResult(null, diagnostics.ToEquatableArray());
            }
            catch (InvalidOperationException ex)
            {
                // Well-formed but not text: a "\ud800" escape that is not half of a surrogate pair.
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidJson, locator.Locate(""), fileName, FirstSentence(ex.Message)));
                return new ParseResult(null, diagnostics.ToEquatableArray());
            }

            if (root is not JsonObject obj || !(obj.ContainsKey("openapi") || obj.ContainsKey("swagger")))
            {
                return Ignored;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var document = Read(obj, fileName, locator, diagnostics);
            if (document is null)
            {
                return new ParseResult(null, diagnostics.ToEquatableArray());
            }

            var operations = ReadOperations(document, fileName, locator, diagnostics, samples, filter, cancellationToken);
            if (operations.IsEmpty)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoOperations, locator.Locate("/paths"), fileName, document.Paths.Sum(p => p.Value.Operations?.Count ?? 0) is var count && count == 0
                    ? "its 'paths' hold no operation"
                    : $"each of its {count.ToString(CultureInfo.InvariantCulture)} operation(s) was skipped, for the reason its own warning gives"));
            }

            if (compiledInProject && operations.Count >= LargeDocument)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LargeDocumentInProject, locator.Locate("/paths"), fileName, operations.Count.ToString(CultureInfo.InvariantCulture)));
            }

            var servers = ReadServers(document, locator, diagnostics);
            return new ParseResult(new DocumentModel(path, servers, operations), diagnostics.ToEquatableArray());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GeneratorFailure, locator.Locate(""), fileName, ex.GetType().Name + ": " + FirstSentence(ex.Message)));
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }
    }

    private static OpenApiDocument? Read(JsonObject root, string fileName, JsonLocator locator, List<DiagnosticInfo> diagnostics)
    {
        ReadResult result;
        try
        {
            var settings = new OpenApiReaderSettings { LoadExternalRefs = false };
            result = new OpenApiJsonReader().Read(root, new Uri("file:///" + Uri.EscapeDataString(fileName)), settings);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var pointer = root.ContainsKey("openapi") ? "/openapi" : "/swagger";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotOpenApi, locator.Locate(pointer), fileName, FirstSentence(ex.Message)));
            return null;
        }

        foreach (var error in result.Diagnostic?.Errors ?? Enumerable.Empty<OpenApiError>())
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OpenApiProblem, locator.Locate(error.Pointer ?? ""), error.Message ?? "unknown problem"));
        }

        if (result.Document?.Paths is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotOpenApi, locator.Locate(""), fileName, "it has no 'paths' object"));
            return null;
        }

        return result.Document;
    }

    /// <summary>The servers a client can call: absolute http(s) URLs; templated or relative ones are skipped with a warning.</summary>
    private static EquatableArray<ServerModel> ReadServers(OpenApiDocument document, JsonLocator locator, List<DiagnosticInfo> diagnostics)
    {
        var servers = new List<ServerModel>();
        var index = 0;
        foreach (var server in document.Servers ?? Array.Empty<OpenApiServer>())
        {
            var url = server.Url?.Trim().TrimEnd('/');
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == "https" || uri.Scheme == "http") && url!.IndexOf('{') < 0)
            {
                servers.Add(new ServerModel(ServerName(server, index), url, Clean(server.Description)));
            }
            else
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OpenApiProblem, locator.Locate("/servers/" + index.ToString(CultureInfo.InvariantCulture)), $"server '{server.Url}' was skipped: only absolute http(s) URLs without variables can be called; set JustOneApiOptions.BaseAddress instead"));
            }

            index++;
        }

        return servers.ToEquatableArray();
    }

    private static EquatableArray<DocumentOperation> ReadOperations(
        OpenApiDocument document,
        string fileName,
        JsonLocator locator,
        List<DiagnosticInfo> diagnostics,
        EquatableArray<SampleFile> samples,
        OperationFilter filter,
        CancellationToken cancellationToken)
    {
        var kept = Filter(document, filter, fileName, locator, diagnostics);

        // Names are chosen over every operation, so a filter never renames the methods it keeps.
        var names = OperationNames.Choose(document, locator, diagnostics, kept);
        var operations = new List<DocumentOperation>();
        var sampleList = new List<SampleFile>(); foreach (var sample in samples) { sampleList.Add(sample); }
        foreach (var pathItem in document.Paths.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (pathItem.Value.Operations is null)
            {
                continue;
            }

            foreach (var entry in pathItem.Value.Operations.OrderBy(o => o.Key.Method, StringComparer.Ordinal).Where(o => kept(o.Value)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var method = entry.Key.Method.ToUpperInvariant();
                var pointer = "/paths/" + Escape(pathItem.Key) + "/" + entry.Key.Method.ToLowerInvariant();
                var reader = new OperationReader(pathItem.Key, method, pointer, fileName, locator, diagnostics, sampleList);
                DocumentOperation? operation;
                try
                {
                    operation = reader.Read(pathItem.Value, entry.Value, names.TryGetValue(entry.Value, out var chosen) ? chosen : null);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The object model throws for what its reader let through (a $ref that resolves to
                    // itself, say): the operation is refused where it stands, the document goes on.
                    var id = Clean(entry.Value.OperationId) ?? method + " " + pathItem.Key;
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedFeature, locator.Locate(pointer), id, "a part the OpenAPI reader could not resolve (" + FirstSentence(ex.Message) + ")"));
                    continue;
                }

                if (operation is not null)
                {
                    operations.Add(operation);
                }
            }
        }

        return operations.ToEquatableArray();
    }

    /// <summary>
    /// Reads every name and string once. JsonNode unescapes lazily, so a "\ud800" escape that is
    /// not half of a surrogate pair would otherwise throw later, from deep inside the reader.
    /// </summary>
    internal static void EnsureText(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var member in obj)
                {
                    EnsureText(member.Value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    EnsureText(item);
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                value.GetValue<string>();
                break;
        }
    }

    internal static string Escape(string pointerSegment) => pointerSegment.Replace("~", "~0").Replace("/", "~1");

    internal static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text!.Trim();

    internal static string FirstSentence(string message)
    {
        var line = message.Split('\n')[0].Trim();
        return line.Length > 300 ? line.Substring(0, 300) + "…" : line;
    }

    private static string ServerName(OpenApiServer server, int index)
        => Clean(server.Description) ?? "server" + (index + 1).ToString(CultureInfo.InvariantCulture);
}

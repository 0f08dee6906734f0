using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace XhsGenerated.Sandbox;

/// <summary>One operation the sandbox answers, read from an OpenAPI document.</summary>
/// <param name="OperationId">Its <c>operationId</c>, or <c>METHOD path</c> when it has none.</param>
/// <param name="Method">Upper-case HTTP method.</param>
/// <param name="PathTemplate">The path, with <c>{name}</c> parameters.</param>
/// <param name="Parameters">Its parameters, the token included.</param>
/// <param name="Example">Its response example, when the document has one.</param>
public sealed record SandboxOperation(string OperationId, string Method, string PathTemplate, IReadOnlyList<SandboxParameter> Parameters, JsonNode? Example)
{
    private readonly Regex _path = new("^" + Regex.Replace(Regex.Escape(PathTemplate), @"\\\{[^/]+?}", "[^/]+") + "/?$", RegexOptions.CultureInvariant);

    internal bool Matches(string method, string path) => string.Equals(method, Method, StringComparison.OrdinalIgnoreCase) && _path.IsMatch(path);
}

/// <summary>A parameter: its name, where it travels, whether it is required, whether it is an integer, its bounds and default.</summary>
/// <param name="Name">Its name.</param>
/// <param name="In"><c>query</c>, <c>path</c>, <c>header</c> or <c>form</c>.</param>
/// <param name="Required">Whether it must be given.</param>
/// <param name="IsInteger">Whether its schema is an integer.</param>
/// <param name="Minimum">The smallest value accepted, for an integer.</param>
/// <param name="Maximum">The largest value accepted, for an integer.</param>
/// <param name="Default">The value the API assumes when none is given, as text.</param>
public sealed record SandboxParameter(string Name, string In, bool Required, bool IsInteger, long? Minimum = null, long? Maximum = null, string? Default = null)
{
    /// <summary>Whether a value given for this parameter is acceptable: an integer in range, or any non-blank text.</summary>
    /// <param name="given">The value as sent; null when absent.</param>
    /// <returns>True when the API would take it.</returns>
    public bool Accepts(string? given)
    {
        if (given is null)
        {
            return !Required;
        }

        if (!IsInteger)
        {
            return !Required || !string.IsNullOrWhiteSpace(given);
        }

        return long.TryParse(given, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            && value >= (Minimum ?? long.MinValue) && value <= (Maximum ?? long.MaxValue);
    }
}

/// <summary>The operations of the documents the sandbox serves.</summary>
public sealed class SandboxCatalog
{
    private SandboxCatalog(IReadOnlyList<SandboxOperation> operations, IReadOnlyDictionary<string, byte[]> files)
    {
        Operations = operations;
        Files = files;
    }

    /// <summary>Every operation, in document and path order.</summary>
    public IReadOnlyList<SandboxOperation> Operations { get; }

    /// <summary>The served documents by file name, byte for byte, as <c>GET /openapi/{folders}/{file name}</c> returns them.</summary>
    public IReadOnlyDictionary<string, byte[]> Files { get; }

    /// <summary>Loads documents from files and folders, or the embedded vendored documents when none are given.</summary>
    /// <param name="sources">Files, or folders whose <c>*.json</c> files are read.</param>
    /// <returns>The catalog.</returns>
    /// <exception cref="InvalidDataException">A file is not JSON.</exception>
    public static SandboxCatalog Load(IEnumerable<string> sources)
    {
        var texts = new List<(string Name, string Text)>();
        var bytes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        void Add(string name, byte[] content)
        {
            texts.Add((name, new StreamReader(new MemoryStream(content)).ReadToEnd()));
            bytes.TryAdd(Path.GetFileName(name), content);
        }

        foreach (var source in sources)
        {
            var files = Directory.Exists(source) ? Directory.GetFiles(source, "*.json").Order(StringComparer.Ordinal) : (IEnumerable<string>)new[] { source };
            foreach (var file in files)
            {
                Add(file, File.ReadAllBytes(file));
            }
        }

        if (texts.Count == 0)
        {
            var assembly = typeof(SandboxCatalog).Assembly;
            foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("openapi/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                Add(name, copy.ToArray());
            }
        }

        var operations = new List<SandboxOperation>();
        foreach (var (name, text) in texts)
        {
            JsonNode? root;
            try
            {
                root = JsonNode.Parse(text);
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"'{name}' is not valid JSON: {ex.Message}", ex);
            }

            if (root is JsonObject document && document["paths"] is JsonObject paths)
            {
                operations.AddRange(Read(document, paths));
            }
        }

        return new SandboxCatalog(operations, bytes);
    }

    /// <summary>The operation that answers a method and path, if any.</summary>
    /// <param name="method">The request's method.</param>
    /// <param name="path">The request's path.</param>
    /// <returns>The operation, or null.</returns>
    public SandboxOperation? Find(string method, string path) => Operations.FirstOrDefault(o => o.Matches(method, path));

    private static IEnumerable<SandboxOperation> Read(JsonObject document, JsonObject paths)
    {
        foreach (var (path, item) in paths)
        {
            if (item is not JsonObject pathItem)
            {
                continue;
            }

            foreach (var (method, value) in pathItem)
            {
                if (value is not JsonObject operation || method is "parameters" or "summary" or "description" or "servers")
                {
                    continue;
                }

                var parameters = new List<SandboxParameter>();
                foreach (var p in (operation["parameters"] as JsonArray ?? new JsonArray()).Concat(pathItem["parameters"] as JsonArray ?? new JsonArray()))
                {
                    if (Resolve(document, p) is JsonObject parameter && parameter["name"]?.GetValue<string>() is { } name)
                    {
                        var schema = Resolve(document, parameter["schema"]);
                        parameters.Add(Parameter(name, parameter["in"]?.GetValue<string>() ?? "query", parameter["required"]?.GetValue<bool>() == true, schema));
                    }
                }

                if (Resolve(document, operation["requestBody"])?["content"]?["application/x-www-form-urlencoded"]?["schema"] is JsonNode formSchema
                    && Resolve(document, formSchema) is JsonObject form)
                {
                    var required = (form["required"] as JsonArray)?.Select(r => r?.GetValue<string>()).ToHashSet() ?? new HashSet<string?>();
                    foreach (var (name, schema) in form["properties"] as JsonObject ?? new JsonObject())
                    {
                        parameters.Add(Parameter(name, "form", required.Contains(name), Resolve(document, schema)));
                    }
                }

                var operationId = operation["operationId"] is JsonValue id && id.GetValueKind() == JsonValueKind.String ? id.GetValue<string>() : method.ToUpperInvariant() + " " + path;
                yield return new SandboxOperation(operationId, method.ToUpperInvariant(), path, parameters, Example(document, operation));
            }
        }
    }

    private static JsonNode? Example(JsonObject document, JsonObject operation)
    {
        if (operation["responses"] is not JsonObject responses)
        {
            return null;
        }

        foreach (var key in new[] { "200", "default" }.Concat(responses.Select(r => r.Key)))
        {
            if (Resolve(document, responses[key])?["content"] is JsonObject content)
            {
                foreach (var (_, media) in content)
                {
                    var example = media?["example"] ?? (media?["examples"] as JsonObject)?.FirstOrDefault().Value?["value"];
                    if (example is not null)
                    {
                        return example.DeepClone();
                    }
                }
            }
        }

        return null;
    }

    /// <summary>
    /// A parameter as the API checks it: an <c>int32</c> integer fits 32 bits, bounds come from
    /// <c>minimum</c>/<c>maximum</c>, and a <c>page</c> starts at 1 (the vendor's pages do) unless the
    /// document says otherwise.
    /// </summary>
    private static SandboxParameter Parameter(string name, string location, bool required, JsonNode? schema)
    {
        var integer = IsInteger(schema);
        var int32 = integer && schema?["format"] is JsonValue f && f.GetValueKind() == JsonValueKind.String && f.GetValue<string>() == "int32";
        long? minimum = integer ? Bound(schema?["minimum"], Math.Ceiling) ?? (name == "page" ? 1 : null) : null;
        long? maximum = integer ? Bound(schema?["maximum"], Math.Floor) : null;
        if (int32)
        {
            minimum = Math.Max(minimum ?? int.MinValue, int.MinValue);
            maximum = Math.Min(maximum ?? int.MaxValue, int.MaxValue);
        }

        var fallback = schema?["default"] is JsonValue d ? (d.GetValueKind() == JsonValueKind.String ? d.GetValue<string>() : d.ToJsonString()) : null;
        return new SandboxParameter(name, location, required, integer, minimum, maximum, fallback);
    }

    private static long? Bound(JsonNode? node, Func<double, double> round)
        => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? (long)Math.Clamp(round(d), long.MinValue, long.MaxValue)
            : null;

    private static bool IsInteger(JsonNode? schema)
        => schema?["type"] switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>() == "integer",
            JsonArray types => types.Any(t => t?.GetValue<string>() == "integer"),
            _ => false,
        };

    /// <summary>Follows a local <c>$ref</c> (<c>#/components/…</c>), a few levels deep.</summary>
    private static JsonNode? Resolve(JsonObject document, JsonNode? node)
    {
        for (var depth = 0; depth < 8 && node is JsonObject obj && obj["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/", StringComparison.Ordinal); depth++)
        {
            node = document;
            foreach (var segment in reference[2..].Split('/'))
            {
                node = node?[segment.Replace("~1", "/").Replace("~0", "~")];
            }
        }

        return node;
    }
}

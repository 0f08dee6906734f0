using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace XhsGenerated.Sandbox;

/// <summary>One operation the sandbox answers, read from an OpenAPI document.</summary>
/// <param name="Method">Upper-case HTTP method.</param>
/// <param name="PathTemplate">The path, with <c>{name}</c> parameters.</param>
/// <param name="Parameters">Its parameters, the token included.</param>
/// <param name="Example">Its response example, when the document has one.</param>
public sealed record SandboxOperation(string Method, string PathTemplate, IReadOnlyList<SandboxParameter> Parameters, JsonNode? Example)
{
    private readonly Regex _path = new("^" + Regex.Replace(Regex.Escape(PathTemplate), @"\\\{[^/]+?}", "[^/]+") + "/?$", RegexOptions.CultureInvariant);

    internal bool Matches(string method, string path) => string.Equals(method, Method, StringComparison.OrdinalIgnoreCase) && _path.IsMatch(path);
}

/// <summary>A parameter: its name, where it travels, whether it is required and whether it is an integer.</summary>
public sealed record SandboxParameter(string Name, string In, bool Required, bool IsInteger);

/// <summary>The operations of the documents the sandbox serves.</summary>
public sealed class SandboxCatalog
{
    private SandboxCatalog(IReadOnlyList<SandboxOperation> operations) => Operations = operations;

    /// <summary>Every operation, in document and path order.</summary>
    public IReadOnlyList<SandboxOperation> Operations { get; }

    /// <summary>Loads documents from files and folders, or the embedded vendored documents when none are given.</summary>
    /// <param name="sources">Files, or folders whose <c>*.json</c> files are read.</param>
    /// <returns>The catalog.</returns>
    /// <exception cref="InvalidDataException">A file is not JSON.</exception>
    public static SandboxCatalog Load(IEnumerable<string> sources)
    {
        var texts = new List<(string Name, string Text)>();
        foreach (var source in sources)
        {
            var files = Directory.Exists(source) ? Directory.GetFiles(source, "*.json").Order(StringComparer.Ordinal) : (IEnumerable<string>)new[] { source };
            texts.AddRange(files.Select(f => (f, File.ReadAllText(f))));
        }

        if (texts.Count == 0)
        {
            var assembly = typeof(SandboxCatalog).Assembly;
            foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("openapi/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
                texts.Add((name, reader.ReadToEnd()));
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

        return new SandboxCatalog(operations);
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
                        parameters.Add(new SandboxParameter(name, parameter["in"]?.GetValue<string>() ?? "query", parameter["required"]?.GetValue<bool>() == true, IsInteger(schema)));
                    }
                }

                if (Resolve(document, operation["requestBody"])?["content"]?["application/x-www-form-urlencoded"]?["schema"] is JsonNode formSchema
                    && Resolve(document, formSchema) is JsonObject form)
                {
                    var required = (form["required"] as JsonArray)?.Select(r => r?.GetValue<string>()).ToHashSet() ?? new HashSet<string?>();
                    foreach (var (name, schema) in form["properties"] as JsonObject ?? new JsonObject())
                    {
                        parameters.Add(new SandboxParameter(name, "form", required.Contains(name), IsInteger(Resolve(document, schema))));
                    }
                }

                yield return new SandboxOperation(method.ToUpperInvariant(), path, parameters, Example(document, operation));
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

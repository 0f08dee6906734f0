using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis.Text;
using Microsoft.OpenApi.YamlReader;
using SharpYaml.Serialization;

namespace XhsGenerated.Generator.Parsing;

/// <summary>
/// YAML documents (<c>.yaml</c>, <c>.yml</c>): parsed with SharpYaml and turned into the same JSON
/// tree a JSON document gives, with OpenAPI.NET's <see cref="YamlConverter"/>, so every later step
/// and diagnostic is the same; locations come from the YAML nodes' marks.
/// </summary>
internal static class YamlDocuments
{
    public static bool IsYaml(string path)
        => path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>The document as a JSON tree (null for an empty file), or where and why it is not YAML.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="root">The tree.</param>
    /// <param name="problem">When false: the 1-based line and column, and the parser's message.</param>
    /// <returns>Whether the text is YAML.</returns>
    public static bool TryParse(string text, out JsonNode? root, out (int Line, int Column, string Message) problem)
    {
        problem = default;
        root = null;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            var document = stream.Documents.FirstOrDefault();
            root = document?.RootNode is null ? null : YamlConverter.ToJsonNode(document.RootNode);
            return true;
        }
        catch (SharpYaml.YamlException ex)
        {
            problem = (ex.Start.Line, ex.Start.Column, ex.Message);
            return false;
        }
    }

    /// <summary>Each JSON pointer of the document and the span of its YAML node.</summary>
    public static Dictionary<string, TextSpan> Index(string text)
    {
        var spans = new Dictionary<string, TextSpan>(StringComparer.Ordinal);
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.FirstOrDefault()?.RootNode is { } root)
            {
                Walk(root, "", spans, text.Length);
            }
        }
        catch (Exception ex) when (ex is SharpYaml.YamlException or InvalidOperationException or ArgumentException)
        {
            // A broken document still gets a location: the start.
        }

        return spans;
    }

    private static void Walk(YamlNode node, string pointer, Dictionary<string, TextSpan> spans, int length)
    {
        var start = Math.Min(Math.Max(node.Start.Index, 0), length);
        var end = Math.Min(Math.Max(node.End.Index, start), length);
        spans[pointer] = TextSpan.FromBounds(start, end);
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var entry in mapping.Children)
                {
                    var key = (entry.Key as YamlScalarNode)?.Value ?? "";
                    Walk(entry.Value, pointer + "/" + key.Replace("~", "~0").Replace("/", "~1"), spans, length);
                }

                break;
            case YamlSequenceNode sequence:
                var index = 0;
                foreach (var item in sequence.Children)
                {
                    Walk(item, pointer + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture), spans, length);
                    index++;
                }

                break;
        }
    }
}

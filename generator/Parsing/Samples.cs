using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis.Text;
using XhsGenerated.Generator.Diagnostics;
using XhsGenerated.Generator.Model;

namespace XhsGenerated.Generator.Parsing;

/// <summary>
/// Samples: more examples of an operation, merged with its document's example so that every value
/// seen widens a type and a member seen anywhere stays a property, and compared with it so that a
/// document whose example drifted says how.
/// </summary>
internal static class Samples
{
    /// <summary>The folder samples live in, under any folder of documents: <c>samples/{operationId}/*.json</c>.</summary>
    public const string FolderName = "samples";

    private const int MaxChangesPerOperation = 20;

    private static readonly JsonDocumentOptions JsonOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 256 };

    /// <summary>The operation id a sample file belongs to, when its path is <c>…/samples/{operationId}/name.json</c>; else null.</summary>
    public static string? OperationIdOf(string path)
    {
        var folder = System.IO.Path.GetDirectoryName(path);
        var parent = folder is null ? null : System.IO.Path.GetDirectoryName(folder);
        return folder is not null && parent is not null && string.Equals(System.IO.Path.GetFileName(parent), FolderName, StringComparison.OrdinalIgnoreCase)
            ? System.IO.Path.GetFileName(folder)
            : null;
    }

    /// <summary>
    /// The <c>data</c> values of an operation's samples: a record's <c>response</c>, an envelope's
    /// <c>data</c> (code 0 only: a failure's data says nothing of the success type), or the bare
    /// value. A sample that cannot be read is reported as XHS0012 and skipped.
    /// </summary>
    public static List<(JsonNode? Data, string Path)> ReadData(IEnumerable<SampleFile> samples, List<DiagnosticInfo> diagnostics)
    {
        var result = new List<(JsonNode?, string)>();
        foreach (var sample in samples.OrderBy(s => s.Path, StringComparer.Ordinal))
        {
            var locator = new JsonLocator(sample.Path, SourceText.From(sample.Text));
            var fileName = System.IO.Path.GetFileName(sample.Path);
            JsonNode? root;
            try
            {
                root = JsonNode.Parse(sample.Text, documentOptions: JsonOptions);
                DocumentParser.EnsureText(root);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                var where = ex is JsonException json ? locator.LocateLine(json.LineNumber ?? 0, json.BytePositionInLine ?? 0) : locator.Locate("");
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnreadableSample, where, fileName, sample.OperationId, DocumentParser.FirstSentence(ex.Message)));
                continue;
            }

            var value = root;
            if (value is JsonObject record && record["format"] is JsonValue format && format.GetValueKind() == JsonValueKind.String
                && format.GetValue<string>().StartsWith("xhs-record/", StringComparison.Ordinal))
            {
                if (!record.TryGetPropertyValue("response", out value))
                {
                    // A body that was not JSON (kept in base64): nothing to learn from.
                    continue;
                }
            }

            if (value is JsonObject envelope && envelope.ContainsKey("code") && (envelope.ContainsKey("data") || envelope.ContainsKey("message")))
            {
                if (!IsSuccess(envelope["code"]))
                {
                    continue;
                }

                value = envelope["data"];
            }

            result.Add((value, sample.Path));
        }

        return result;
    }

    private static bool IsSuccess(JsonNode? code)
        => code is JsonValue v && ((v.GetValueKind() == JsonValueKind.Number && v.ToJsonString() == "0") || (v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Trim() == "0"));

    /// <summary>
    /// Reports, as XHS0011, where the document's example differs from what the samples showed: a
    /// member the samples have and the example lacks, or a member whose kind changed.
    /// </summary>
    public static void ReportChanges(string operationId, JsonShape? example, JsonNode? exampleData, JsonShape samples, string examplePointer, JsonLocator locator, List<DiagnosticInfo> diagnostics)
    {
        var changes = new List<(string Path, string Pointer, string Change)>();
        Compare(example, exampleData, samples, "data", examplePointer + "/data", changes);
        foreach (var (path, pointer, change) in changes.Take(MaxChangesPerOperation))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ExampleDrifted, locator.Locate(pointer), operationId, path, change));
        }

        if (changes.Count > MaxChangesPerOperation)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ExampleDrifted, locator.Locate(examplePointer), operationId, "data", $"{changes.Count - MaxChangesPerOperation} more change(s) not listed"));
        }
    }

    private static void Compare(JsonShape? example, JsonNode? node, JsonShape samples, string path, string pointer, List<(string, string, string)> changes)
    {
        var was = Kind(samples);
        var now = example is null ? "missing" : Kind(example);
        if (was != now && was != "nothing")
        {
            changes.Add((path, pointer, example is null
                ? $"the samples have it ({was}) and the example does not; it stays a property, typed from the samples"
                : $"it was {was} in the samples and is {now} in the example; its type is inferred from both"));
            if (example is null)
            {
                return;
            }
        }

        if (example is null)
        {
            return;
        }

        foreach (var member in samples.Properties.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            example.Properties.TryGetValue(member.Key, out var exampleMember);
            var child = (node as JsonObject)?[member.Key];
            var childPointer = child is not null ? pointer + "/" + DocumentParser.Escape(member.Key) : pointer;
            Compare(exampleMember, child, member.Value, path + "." + member.Key, childPointer, changes);
        }

        if (samples.Items is { } items)
        {
            var first = (node as JsonArray)?.FirstOrDefault();
            if (example.Items is { } exampleItems)
            {
                Compare(exampleItems, first, items, path + "[]", first is not null ? pointer + "/0" : pointer, changes);
            }
        }
    }

    /// <summary>A place's kind in words, as inference sees it.</summary>
    private static string Kind(JsonShape shape)
    {
        var kinds = new List<string>();
        if (shape.SawString)
        {
            kinds.Add("a string");
        }

        if (shape.SawBoolean)
        {
            kinds.Add("a boolean");
        }

        if (shape.SawInteger)
        {
            kinds.Add(shape.SawNonBinaryInteger ? "an integer" : "0/1");
        }

        if (shape.SawFraction)
        {
            kinds.Add("a number");
        }

        if (shape.SawObject)
        {
            kinds.Add("an object");
        }

        if (shape.SawArray)
        {
            kinds.Add(shape.Items is null ? "an empty array" : "an array");
        }

        return kinds.Count > 0 ? string.Join(" or ", kinds) : shape.SawNull ? "null" : "nothing";
    }
}

using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace Xhs.Cli.OpenApi;

/// <summary>What happened to one document: <c>unchanged</c>, <c>changed</c>, <c>added</c>, <c>no-source</c> or <c>failed</c>, with its changes or error.</summary>
/// <param name="Filter">The project's operation filter for the document (<c>XhsInclude=…</c>): the changes are those of what it keeps.</param>
internal sealed record DocumentOutcome(string File, string? Source, string Status, IReadOnlyList<ApiChange> Changes, string? Error = null, string? Filter = null)
{
    public bool Breaking => Changes.Any(c => c.Breaking);

    /// <summary>Whether the project's code sees a change: a changed document, unless its filter keeps nothing that changed.</summary>
    public bool ChangesTheProject => Status is "changed" or "added" && (Changes.Count > 0 || Filter is null);

    /// <summary>The status as the report says it, with the filter that scopes it.</summary>
    public string Described => Status + (Filter is null ? "" : Changes.Count == 0 && Status == "changed" ? $" (nothing that {Filter} keeps)" : $" (what {Filter} keeps)");
}

/// <summary>
/// The report of <c>xhs openapi update</c>: a table for people, Markdown for a pull request, JSON
/// for machines. The JSON (<c>xhs-openapi-report/1</c>) has <c>applied</c>, <c>breaking</c> and
/// <c>additive</c> counts and <c>documents[]</c> of <c>file</c>, <c>source</c>, <c>status</c>,
/// <c>error</c> and <c>changes[]</c> of <c>kind</c>, <c>breaking</c>, <c>subject</c>, <c>member</c>, <c>detail</c>.
/// </summary>
internal static class UpdateReport
{
    public const string Format = "xhs-openapi-report/1";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public static string Render(IReadOnlyList<DocumentOutcome> outcomes, string format, bool applied) => format switch
    {
        "json" => Json(outcomes, applied),
        "markdown" => Markdown(outcomes, applied),
        _ => Table(outcomes, applied),
    };

    private static string Json(IReadOnlyList<DocumentOutcome> outcomes, bool applied)
    {
        var documents = new JsonArray();
        foreach (var outcome in outcomes)
        {
            var changes = new JsonArray();
            foreach (var change in outcome.Changes)
            {
                changes.Add((JsonNode)new JsonObject { ["kind"] = change.Kind, ["breaking"] = change.Breaking, ["subject"] = change.Subject, ["member"] = change.Member, ["detail"] = change.Detail });
            }

            documents.Add((JsonNode)new JsonObject { ["file"] = outcome.File, ["source"] = outcome.Source, ["status"] = outcome.Status, ["filter"] = outcome.Filter, ["error"] = outcome.Error, ["changes"] = changes });
        }

        var all = outcomes.SelectMany(o => o.Changes).ToList();
        var root = new JsonObject
        {
            ["format"] = Format,
            ["applied"] = applied,
            ["breaking"] = all.Count(c => c.Breaking),
            ["additive"] = all.Count(c => !c.Breaking),
            ["documents"] = documents,
        };
        return root.ToJsonString(Indented);
    }

    private static string Markdown(IReadOnlyList<DocumentOutcome> outcomes, bool applied)
    {
        var text = new StringBuilder();
        foreach (var outcome in outcomes)
        {
            text.Append("### ").Append(Escape(outcome.File)).Append(" (").Append(Escape(outcome.Described)).Append(")\n\n");
            if (outcome.Error is { } error)
            {
                text.Append(Escape(error)).Append("\n\n");
            }

            if (outcome.Changes.Count == 0)
            {
                continue;
            }

            text.Append("| | change | where | what |\n|---|---|---|---|\n");
            foreach (var change in outcome.Changes)
            {
                text.Append("| ").Append(change.Breaking ? "**breaking**" : "additive").Append(" | ").Append(change.Kind).Append(" | `")
                    .Append(Escape(change.Subject + (change.Member is null ? "" : "." + change.Member))).Append("` | ").Append(Escape(change.Detail)).Append(" |\n");
            }

            text.Append('\n');
        }

        text.Append(Summary(outcomes, applied)).Append('\n');
        return text.ToString();
    }

    private static string Table(IReadOnlyList<DocumentOutcome> outcomes, bool applied)
    {
        var text = new StringBuilder();
        foreach (var outcome in outcomes)
        {
            text.Append(outcome.File).Append(": ").Append(outcome.Described).Append(outcome.Error is { } error ? " — " + error : "").Append('\n');
            var width = outcome.Changes.Select(c => Where(c).Length).DefaultIfEmpty(0).Max();
            foreach (var change in outcome.Changes)
            {
                text.Append("  ").Append(change.Breaking ? "breaking " : "additive ").Append(Where(change).PadRight(width)).Append("  ").Append(change.Detail).Append('\n');
            }
        }

        text.Append(Summary(outcomes, applied)).Append('\n');
        return string.Join("\n", text.ToString().TrimEnd('\n').Split('\n').Select(UserWriter.ForTerminal)) + "\n";
    }

    private static string Where(ApiChange change) => change.Subject + (change.Member is null ? "" : "." + change.Member);

    private static string Summary(IReadOnlyList<DocumentOutcome> outcomes, bool applied)
    {
        var changed = outcomes.Count(o => o.Status is "changed" or "added");
        var breaking = outcomes.Sum(o => o.Changes.Count(c => c.Breaking));
        var additive = outcomes.Sum(o => o.Changes.Count(c => !c.Breaking));
        var failed = outcomes.Count(o => o.Status == "failed");
        return $"{outcomes.Count} document(s): {changed} changed, {failed} failed; {breaking} breaking and {additive} additive change(s)"
            + (changed == 0 || failed > 0 ? "." : applied ? "; applied." : "; not applied (--check).");
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}

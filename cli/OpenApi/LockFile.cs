using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace Xhs.Cli.OpenApi;

/// <summary>Where one document came from: its source URL, the SHA-256 of its content, when it was fetched, and the project's operation filter the update compared it under.</summary>
internal sealed record LockedDocument(string File, string Source, string Sha256, DateTimeOffset FetchedAt, string? Filter = null);

/// <summary>
/// <c>openapi/openapi.lock.json</c>: where each vendored document came from. Format
/// <c>xhs-openapi-lock/1</c>, one UTF-8 JSON object, documents by file name in ordinal order:
/// <code>
/// { "format": "xhs-openapi-lock/1",
///   "documents": { "user-search-v2-en.json": { "source": "https://…", "sha256": "…", "fetchedAt": "2026-12-01T10:00:00Z" } } }
/// </code>
/// An entry also holds <c>"filter"</c> when the project chose the document's operations (<c>XhsInclude=…</c>):
/// the update compared only what it keeps.
/// A document without an entry was added by hand and has no source until <c>xhs openapi add</c> gives one.
/// The generator ignores this file: it is not an OpenAPI document.
/// </summary>
internal sealed class LockFile
{
    public const string FileName = "openapi.lock.json";

    public const string Format = "xhs-openapi-lock/1";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    private readonly SortedDictionary<string, LockedDocument> _documents;

    private LockFile(SortedDictionary<string, LockedDocument> documents) => _documents = documents;

    public IReadOnlyCollection<LockedDocument> Documents => _documents.Values;

    public LockedDocument? this[string file] => _documents.TryGetValue(file, out var entry) ? entry : null;

    /// <summary>Reads the folder's lock file; an empty one when there is none.</summary>
    /// <exception cref="InvalidDataException">The file exists and is not a lock file.</exception>
    public static LockFile Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        var documents = new SortedDictionary<string, LockedDocument>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return new LockFile(documents);
        }

        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new InvalidDataException("it is JSON null");
            if ((string?)root["format"] != Format)
            {
                throw new InvalidDataException($"its format is not {Format}");
            }

            foreach (var (file, value) in root["documents"]?.AsObject() ?? new JsonObject())
            {
                if (!IsDocumentName(file))
                {
                    throw new InvalidDataException($"'{file}' is not a plain document file name (a name ending in .json, .yaml or .yml, in the folder itself)");
                }

                var entry = value as JsonObject ?? throw new InvalidDataException($"'{file}' is not an object");
                documents[file] = new LockedDocument(
                    file,
                    (string?)entry["source"] ?? throw new InvalidDataException($"'{file}' has no source"),
                    (string?)entry["sha256"] ?? "",
                    DateTimeOffset.Parse((string?)entry["fetchedAt"] ?? "1970-01-01T00:00:00Z", CultureInfo.InvariantCulture),
                    entry["filter"] is JsonValue filter && filter.TryGetValue<string>(out var text) ? text : null);
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path} is not a readable lock file: {ex.Message}. Fix or delete it (documents then have no source until 'xhs openapi add').", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{path} is not a readable lock file: {ex.Message}. Fix or delete it (documents then have no source until 'xhs openapi add').", ex);
        }

        return new LockFile(documents);
    }

    /// <summary>
    /// A file name a document may have: in the folder itself (no path, not <c>.</c> or <c>..</c>), ending
    /// in .json, .yaml or .yml, and not the lock file. A lock file is input: a name like
    /// <c>../../x.json</c> would otherwise make an update write outside the folder.
    /// </summary>
    public static bool IsDocumentName(string name)
        => name.Length is > 0 and <= 255
            && name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0
            && name.IndexOfAny(['/', '\\']) < 0
            && name is not ("." or "..")
            && name != FileName
            && (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase));

    /// <summary>A copy with this entry set.</summary>
    public LockFile With(LockedDocument entry)
    {
        var documents = new SortedDictionary<string, LockedDocument>(_documents, StringComparer.Ordinal) { [entry.File] = entry };
        return new LockFile(documents);
    }

    /// <summary>The file's bytes: indented UTF-8, a final newline.</summary>
    public byte[] ToUtf8()
    {
        var documents = new JsonObject();
        foreach (var entry in _documents.Values)
        {
            documents[entry.File] = new JsonObject
            {
                ["source"] = entry.Source,
                ["sha256"] = entry.Sha256,
                ["fetchedAt"] = entry.FetchedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            };
            if (entry.Filter is not null)
            {
                documents[entry.File]!["filter"] = entry.Filter;
            }
        }

        var root = new JsonObject { ["format"] = Format, ["documents"] = documents };
        return Encoding.UTF8.GetBytes(root.ToJsonString(Indented) + "\n");
    }

    /// <summary>The SHA-256 of a document's bytes, lower-case hex.</summary>
    public static string Sha256(byte[] content) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
}

#if XHS_DOCUMENT_DIFF
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Xhs.Cli.OpenApi;

/// <summary>
/// The operation filters a project gives its documents (<c>XhsInclude</c>, <c>XhsExcludeTags</c>… on an
/// <c>AdditionalFiles</c> item, as attributes or child elements), and whether they share their models
/// (<c>XhsShareModels</c>, on an item or as a project property), read from the project file beside the
/// documents' folder, so that <c>xhs openapi update</c> compares what the build generates: a change
/// to an operation the project leaves out is no change for it, and a shared model is reported under its name. Items match a document by their
/// <c>Include</c> or <c>Update</c> path (<c>*</c> and <c>**</c> allowed); MSBuild properties in values are
/// not expanded.
/// </summary>
internal sealed class ProjectFilters
{
    private readonly List<(Regex Path, Dictionary<string, string> Metadata)> _items;

    private readonly string? _shareModels;

    private ProjectFilters(string? project, List<(Regex, Dictionary<string, string>)> items, string? shareModels = null)
    {
        Project = project;
        _items = items;
        _shareModels = shareModels;
    }

    private static IEnumerable<string> MetadataNames => XhsGenerated.Generator.OpenApiClientGenerator.FilterMetadata.Append(XhsGenerated.Generator.OpenApiClientGenerator.ShareModelsMetadata);

    /// <summary>The project file read, if any.</summary>
    public string? Project { get; }

    /// <summary>
    /// Reads <paramref name="project"/>, or the one project file in the folder above <paramref name="openApiFolder"/>;
    /// none there, no filters.
    /// </summary>
    /// <exception cref="ArgumentException">The project is missing, not XML, or the folder holds several.</exception>
    public static ProjectFilters Read(string openApiFolder, string? project)
    {
        if (project is null)
        {
            var parent = Path.GetDirectoryName(Path.GetFullPath(openApiFolder).TrimEnd(Path.DirectorySeparatorChar));
            var found = parent is null || !Directory.Exists(parent) ? Array.Empty<string>() : Directory.GetFiles(parent, "*.*proj");
            if (found.Length > 1)
            {
                throw new ArgumentException($"--project: {parent} holds {found.Length} project files; name the one whose AdditionalFiles choose the operations.");
            }

            if (found.Length == 0)
            {
                return new ProjectFilters(null, new());
            }

            project = found[0];
        }

        if (!File.Exists(project))
        {
            throw new ArgumentException($"--project: there is no project file at '{project}'.");
        }

        XDocument xml;
        try
        {
            xml = XDocument.Load(project);
        }
        catch (XmlException ex)
        {
            throw new ArgumentException($"--project: {project} is not a readable project file ({ex.Message}).", ex);
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(project))!;
        var items = new List<(Regex, Dictionary<string, string>)>();
        foreach (var item in xml.Descendants().Where(e => e.Name.LocalName == "AdditionalFiles"))
        {
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in MetadataNames)
            {
                var value = (string?)item.Attribute(name) ?? item.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
                if (!string.IsNullOrWhiteSpace(value))
                {
                    metadata[name] = value.Trim();
                }
            }

            var paths = (string?)item.Attribute("Include") ?? (string?)item.Attribute("Update");
            if (metadata.Count == 0 || paths is null)
            {
                continue;
            }

            foreach (var path in paths.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                items.Add((PathPattern(Path.GetFullPath(Path.Combine(folder, path.Replace('\\', '/')))), metadata));
            }
        }

        // The project-wide default the package's targets give every item that does not say (a property).
        var share = xml.Descendants().Where(e => e.Name.LocalName == "PropertyGroup").Elements()
            .LastOrDefault(e => e.Name.LocalName == XhsGenerated.Generator.OpenApiClientGenerator.ShareModelsMetadata)?.Value.Trim();
        return new ProjectFilters(project, items, string.IsNullOrEmpty(share) ? null : share);
    }

    /// <summary>The filter and sharing metadata of the document at <paramref name="path"/> (later items win, as in MSBuild; an item's over the project's property).</summary>
    public IReadOnlyDictionary<string, string> For(string path)
    {
        var full = Path.GetFullPath(path);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (_shareModels is not null)
        {
            metadata[XhsGenerated.Generator.OpenApiClientGenerator.ShareModelsMetadata] = _shareModels;
        }

        foreach (var (pattern, values) in _items.Where(i => i.Path.IsMatch(full)))
        {
            foreach (var (name, value) in values)
            {
                metadata[name] = value;
            }
        }

        return metadata;
    }

    /// <summary>The filter of a document in one line (<c>XhsInclude=/api/xiaohongshu/*</c>), or null when it has none.</summary>
    public string? Describe(string path)
    {
        var metadata = For(path);
        var filter = XhsGenerated.Generator.OpenApiClientGenerator.FilterMetadata.Where(metadata.ContainsKey).ToList();
        return filter.Count == 0 ? null : string.Join("; ", filter.Select(n => n + "=" + metadata[n]));
    }

    /// <summary>An MSBuild item path as a pattern: <c>**</c> any folders, <c>*</c> and <c>?</c> within a name.</summary>
    private static Regex PathPattern(string path)
    {
        var pattern = Regex.Escape(path).Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal).Replace(@"\*\*", ".*", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal).Replace(@"\?", "[^/]", StringComparison.Ordinal);
        return new Regex("^" + pattern + "$", RegexOptions.CultureInvariant);
    }
}
#endif

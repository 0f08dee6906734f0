#if XHS_DOCUMENT_DIFF
using Xhs.Cli.Freeze;

namespace Xhs.Cli.OpenApi;

/// <summary>What an add or update would do: one outcome per document, and the files to write as one change.</summary>
internal sealed record UpdatePlan(IReadOnlyList<DocumentOutcome> Outcomes, FolderTransaction Writes);

/// <summary>
/// Plans <c>xhs openapi add</c> and <c>update</c>: downloads each document, and for a changed one runs
/// the generator on the folder as it would be (today's examples kept as samples, the new document in
/// place), to compare with one run on the folder as it is and tell what changes for the user's code. Nothing is written here: the plan's
/// writes are committed as one change, or not at all.
/// </summary>
internal sealed class DocumentUpdater
{
    private readonly string _folder;
    private readonly DocumentDownloader _downloader;
    private readonly LockFile _lock;
    private readonly TimeProvider _time;
    private readonly bool _freeze;
    private readonly ProjectFilters _filters;
    private ApiSurface? _before;

    public DocumentUpdater(string folder, DocumentDownloader downloader, LockFile lockFile, TimeProvider time, bool freeze, ProjectFilters filters)
    {
        _filters = filters;
        _freeze = freeze;
        _folder = folder;
        _downloader = downloader;
        _lock = lockFile;
        _time = time;
    }

    /// <summary>Every document with a source, downloaded and compared.</summary>
    public async Task<UpdatePlan> PlanUpdateAsync(CancellationToken cancellationToken)
    {
        var outcomes = new List<DocumentOutcome>();
        var writes = new FolderTransaction();
        var lockFile = _lock;
        foreach (var entry in _lock.Documents)
        {
            Uri source;
            try
            {
                source = _downloader.CheckSource(entry.Source);
            }
            catch (ArgumentException ex)
            {
                outcomes.Add(new DocumentOutcome(entry.File, entry.Source, "failed", Array.Empty<ApiChange>(), $"{entry.File}: {ex.Message}"));
                continue;
            }

            var (outcome, updated) = await PlanOneAsync(entry.File, source, lockFile, writes, recordUnchanged: false, cancellationToken).ConfigureAwait(false);
            outcomes.Add(outcome);
            lockFile = updated;
        }

        foreach (var file in DocumentFiles().Select(Path.GetFileName).Where(f => _lock[f!] is null))
        {
            outcomes.Add(new DocumentOutcome(file!, null, "no-source", Array.Empty<ApiChange>()));
        }

        if (!ReferenceEquals(lockFile, _lock))
        {
            writes.Write(Path.Combine(_folder, LockFile.FileName), lockFile.ToUtf8());
        }

        return new UpdatePlan(outcomes, writes);
    }

    /// <summary>One new document (or a source for one already here).</summary>
    public async Task<UpdatePlan> PlanAddAsync(string file, Uri source, CancellationToken cancellationToken)
    {
        var writes = new FolderTransaction();
        var (outcome, lockFile) = await PlanOneAsync(file, source, _lock, writes, recordUnchanged: true, cancellationToken).ConfigureAwait(false);
        if (!ReferenceEquals(lockFile, _lock))
        {
            writes.Write(Path.Combine(_folder, LockFile.FileName), lockFile.ToUtf8());
        }

        return new UpdatePlan(new[] { outcome }, writes);
    }

    private async Task<(DocumentOutcome Outcome, LockFile Lock)> PlanOneAsync(string file, Uri source, LockFile lockFile, FolderTransaction writes, bool recordUnchanged, CancellationToken cancellationToken)
    {
        byte[] content;
        try
        {
            content = await _downloader.DownloadAsync(file, source, cancellationToken).ConfigureAwait(false);
        }
        catch (DocumentDownloadException ex)
        {
            return (new DocumentOutcome(file, source.ToString(), "failed", Array.Empty<ApiChange>(), ex.Message), lockFile);
        }

        var path = Path.Combine(_folder, file);
        var exists = File.Exists(path);
        var filter = _filters.Describe(path);
        var entry = new LockedDocument(file, source.ToString(), LockFile.Sha256(content), _time.GetUtcNow(), filter);
        if (exists && File.ReadAllBytes(path).AsSpan().SequenceEqual(content))
        {
            return (new DocumentOutcome(file, source.ToString(), "unchanged", Array.Empty<ApiChange>()), recordUnchanged || lockFile[file] is null ? lockFile.With(entry) : lockFile);
        }

        // Today's examples of this document, kept as samples before it is replaced (xhs freeze).
        var frozen = exists && _freeze
            ? FreezeCommand.Samples(_folder, new[] { path }).Where(s => !s.Exists).Select(s => (Path: s.File.FullName, s.Text)).ToList()
            : new List<(string Path, string Text)>();
        var documents = DocumentFiles().Where(d => d != Path.GetFullPath(path)).Select(d => (Path: d, Text: File.ReadAllText(d))).ToList();
        var samples = SampleFiles().Select(s => (Path: s, Text: File.ReadAllText(s))).ToList();
        var newText = System.Text.Encoding.UTF8.GetString(content);

        // The generator runs once for the folder as it is (shared by every document of this update, which
        // all compare with the folder on disk), and once per changed document as the folder would be.
        var before = _before ??= ApiSurface.Of(DocumentFiles().Concat(SampleFiles()).Select(f => (Path: f, Text: File.ReadAllText(f))), _filters, cancellationToken);
        var after = ApiSurface.Of(documents.Append((Path.GetFullPath(path), newText)).Concat(samples).Concat(frozen), _filters, cancellationToken);
        var refused = after.Errors.Where(e => e.Contains(file, StringComparison.Ordinal) || !before.Errors.Contains(e)).ToList();
        if (refused.Count > 0)
        {
            return (new DocumentOutcome(file, source.ToString(), "failed", Array.Empty<ApiChange>(), $"{file}: the generator refuses the new document from {source}: {refused[0]}"), lockFile);
        }

        if (after.MakesNoOperation(Path.GetFullPath(path)))
        {
            return (new DocumentOutcome(file, source.ToString(), "failed", Array.Empty<ApiChange>(), $"{file}: the generator makes no operation of the new document from {source}; it was not used."), lockFile);
        }

        var changes = SurfaceComparison.Compare(before, after);
        foreach (var (samplePath, text) in frozen)
        {
            writes.Write(samplePath, new System.Text.UTF8Encoding(false).GetBytes(text));
        }

        writes.Write(path, content);
        return (new DocumentOutcome(file, source.ToString(), exists ? "changed" : "added", changes, Filter: filter), lockFile.With(entry));
    }

    private IEnumerable<string> DocumentFiles()
        => Directory.Exists(_folder)
            ? Directory.GetFiles(_folder).Where(f => (f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || DocumentDownloader.IsYaml(f)) && Path.GetFileName(f) != LockFile.FileName && !f.Contains(".xhs-", StringComparison.Ordinal)).Select(Path.GetFullPath).Order(StringComparer.Ordinal)
            : Enumerable.Empty<string>();

    private IEnumerable<string> SampleFiles()
    {
        var samples = Path.Combine(_folder, "samples");
        return Directory.Exists(samples) ? Directory.GetFiles(samples, "*.json", SearchOption.AllDirectories).Select(Path.GetFullPath).Order(StringComparer.Ordinal) : Enumerable.Empty<string>();
    }
}
#endif

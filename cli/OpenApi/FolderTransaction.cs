namespace Xhs.Cli.OpenApi;

/// <summary>
/// Writes several files of one folder as one change: each is written to a temporary file beside its
/// target first, then all are renamed into place; if anything fails, every file is put back as it was
/// and new ones are removed, so the folder is left byte for byte unchanged.
/// </summary>
internal sealed class FolderTransaction
{
    private readonly List<(string Path, byte[] Content)> _writes = new();

    public void Write(string path, byte[] content) => _writes.Add((Path.GetFullPath(path), content));

    public int Count => _writes.Count;

    /// <exception cref="IOException">A write failed; nothing was changed.</exception>
    /// <exception cref="UnauthorizedAccessException">A write was refused; nothing was changed.</exception>
    public void Commit()
    {
        var staged = new List<(string Temp, string Path)>();
        var backups = new List<(string Backup, string Path)>();
        var created = new List<string>();
        var createdFolders = new List<string>();
        try
        {
            foreach (var (path, content) in _writes)
            {
                var folder = Path.GetDirectoryName(path)!;
                if (!Directory.Exists(folder))
                {
                    createdFolders.Add(TopMissing(folder));
                    Directory.CreateDirectory(folder);
                }

                var temp = path + ".xhs-tmp-" + Environment.ProcessId;
                File.WriteAllBytes(temp, content);
                staged.Add((temp, path));
            }

            foreach (var (temp, path) in staged)
            {
                if (File.Exists(path))
                {
                    var backup = path + ".xhs-bak-" + Environment.ProcessId;
                    File.Copy(path, backup, overwrite: true);
                    backups.Add((backup, path));
                }
                else
                {
                    created.Add(path);
                }

                File.Move(temp, path, overwrite: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            foreach (var (backup, path) in backups)
            {
                File.Move(backup, path, overwrite: true);
            }

            foreach (var path in created.Where(File.Exists))
            {
                File.Delete(path);
            }

            foreach (var (temp, _) in staged.Where(s => File.Exists(s.Temp)))
            {
                File.Delete(temp);
            }

            foreach (var folder in createdFolders.Where(Directory.Exists))
            {
                Directory.Delete(folder, recursive: true);
            }

            throw;
        }

        foreach (var (backup, _) in backups)
        {
            File.Delete(backup);
        }
    }

    private static string TopMissing(string folder)
    {
        var top = folder;
        while (Path.GetDirectoryName(top) is { } parent && !Directory.Exists(parent))
        {
            top = parent;
        }

        return top;
    }
}

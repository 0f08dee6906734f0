namespace XhsGenerated.Tests.Infrastructure;

/// <summary>
/// Runs <c>xhs</c> with its database on a disk that fails for real: a tmpfs of a given size (a full
/// disk gives ENOSPC), or one remounted read-only (EROFS, which even root cannot write). The tmpfs lives
/// in a private mount namespace (<c>unshare</c>; a user namespace as well when not root), so nothing
/// outlives the run. <paramref name="files"/> is copied onto the disk first and receives what is on it
/// afterwards.
/// </summary>
internal static class SmallDisk
{
    private const string Script = """
        set -u
        disk=$1; files=$2; size=$3; readonly=$4; shift 4
        mount -t tmpfs -o "size=$size,mode=0755" tmpfs "$disk" || { echo "SmallDisk: cannot mount a tmpfs on $disk" >&2; exit 97; }
        cp -a "$files"/. "$disk"/
        if [ "$readonly" = 1 ]; then mount -o remount,ro "$disk" || { echo "SmallDisk: cannot remount read-only" >&2; exit 98; }; fi
        "$@"; code=$?
        find "$files" -mindepth 1 -delete; cp -a "$disk"/. "$files"/
        exit $code
        """;

    /// <summary>The mount point: the database path given to xhs is under it.</summary>
    public static string Disk(string work) => Directory.CreateDirectory(Path.Combine(work, "disk")).FullName;

    public static async Task<CliRunner.Result> RunAsync(string work, string files, string size, bool readOnly, IEnumerable<string> xhsArgs)
    {
        var namespaces = Environment.IsPrivilegedProcess ? new[] { "--mount" } : new[] { "--user", "--map-root-user", "--mount" };
        var result = await CliRunner.RunExecutableAsync("unshare", namespaces
            .Concat(["bash", "-c", Script, "small-disk", Disk(work), files, size, readOnly ? "1" : "0", "dotnet", CliRunner.CliPath])
            .Concat(xhsArgs));
        Assert.False(result.ExitCode is 97 or 98, "The test could not make its small disk: " + result.Stderr);
        return result;
    }
}

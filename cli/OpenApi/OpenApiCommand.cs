using System.CommandLine;
using Xhs.Cli.Freeze;

namespace Xhs.Cli.OpenApi;

/// <summary>
/// <c>xhs openapi add URL</c> and <c>xhs openapi update [--check]</c>: vendored documents that remember
/// where they came from (<see cref="LockFile"/>), updated with a report of what the new document does
/// to the code generated from it, and today's examples kept as samples before anything is replaced.
/// </summary>
internal static class OpenApiCommand
{
    /// <summary><c>--check</c>: every document is current.</summary>
    public const int Current = 0;

    /// <summary><c>--check</c>: a document changed, and every change is additive.</summary>
    public const int ChangedAdditive = 3;

    /// <summary><c>--check</c>: a document changed with a breaking change.</summary>
    public const int ChangedBreaking = 4;

    private static readonly Option<DirectoryInfo> Folder = new("--openapi") { Description = "The folder of OpenAPI documents (default: openapi).", DefaultValueFactory = _ => new DirectoryInfo("openapi") };
    private static readonly Option<bool> AllowInsecure = new("--allow-insecure") { Description = "Allow a plain-HTTP document URL (loopback addresses are always allowed)." };
    private static readonly Option<int> TimeoutSeconds = new("--timeout") { Description = "Seconds to wait for one download.", DefaultValueFactory = _ => 60 };
    private static readonly Option<long> MaxBytes = new("--max-bytes") { Description = "The largest document accepted, in bytes.", DefaultValueFactory = _ => DocumentDownloader.DefaultMaxBytes };
    private static readonly Argument<string> Url = new("url") { Description = "The document's address, e.g. https://docs.justoneapi.com/openapi/xiaohongshu-apis/user-search-v2-en.json" };
    private static readonly Option<string?> Name = new("--name") { Description = "The file name to keep it under (default: the URL's last segment)." };
    private static readonly Option<bool> Check = new("--check") { Description = "Report only: change nothing. Exit 0 when current, 3 when changed with additive changes only, 4 with a breaking change." };
    private static readonly Option<string> Format = new("--format") { Description = "table (default), markdown or json.", DefaultValueFactory = _ => "table" };
    private static readonly Option<bool> Json = new("--json") { Description = "The same as --format json." };
    private static readonly Option<string?> Project = new("--project") { Description = "The project whose AdditionalFiles metadata (XhsInclude, XhsExcludeTags…) choose each document's operations (default: the one project file beside the folder)." };
    private static readonly Option<bool> NoFreeze = new("--no-freeze") { Description = "Do not keep today's examples as samples: types follow the new document alone (members it dropped are removed)." };

    public static Command Create()
    {
        var add = new Command("add", "Download a document into the folder and record where it came from.") { Url, Name, Folder, Project, AllowInsecure, TimeoutSeconds, MaxBytes };
        add.SetAction((parse, ct) => RunAsync(parse, update: false, ct));
        var update = new Command("update", "Download every document that has a source, report what changed for code generated from it, and apply the change (today's examples kept as samples first).") { Folder, Project, Check, Format, Json, NoFreeze, AllowInsecure, TimeoutSeconds, MaxBytes };
        update.SetAction((parse, ct) => RunAsync(parse, update: true, ct));
        return new Command("openapi", "Vendored OpenAPI documents: where they came from, and what a new version changes.") { add, update };
    }

    private static async Task<int> RunAsync(ParseResult parse, bool update, CancellationToken cancellationToken)
    {
        var folder = parse.GetValue(Folder)!;
        var format = parse.GetValue(Json) ? "json" : parse.GetValue(Format) ?? "table";
        if (format is not ("table" or "markdown" or "json"))
        {
            throw new ArgumentException($"--format: '{format}' is not table, markdown or json.");
        }

        if (parse.GetValue(TimeoutSeconds) is < 1 or > 3600)
        {
            throw new ArgumentException("--timeout must be 1 to 3600 seconds.");
        }

        if (parse.GetValue(MaxBytes) < 1)
        {
            throw new ArgumentException("--max-bytes must be positive.");
        }

#if XHS_DOCUMENT_DIFF
        using var downloader = new DocumentDownloader(parse.GetValue(AllowInsecure), TimeSpan.FromSeconds(parse.GetValue(TimeoutSeconds)), parse.GetValue(MaxBytes));
        LockFile lockFile;
        try
        {
            lockFile = LockFile.Read(folder.FullName);
        }
        catch (InvalidDataException ex)
        {
            Console.Error.WriteLine("xhs: " + ex.Message);
            return ExitCodes.ApiError;
        }

        var filters = ProjectFilters.Read(folder.FullName, parse.GetValue(Project));
        var updater = new DocumentUpdater(folder.FullName, downloader, lockFile, TimeProvider.System, freeze: !parse.GetValue(NoFreeze), filters);
        UpdatePlan plan;
        if (update)
        {
            if (!folder.Exists)
            {
                throw new ArgumentException($"--openapi: '{folder.FullName}' is not a folder.");
            }

            plan = await updater.PlanUpdateAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var source = downloader.CheckSource(parse.GetValue(Url)!);
            var name = parse.GetValue(Name) ?? Uri.UnescapeDataString(source.Segments[^1]);
            if (!LockFile.IsDocumentName(name))
            {
                throw new ArgumentException($"--name: '{name}' is not a usable file name for a document (a plain name ending in .json, .yaml or .yml).");
            }

            plan = await updater.PlanAddAsync(name, source, cancellationToken).ConfigureAwait(false);
        }

        var check = update && parse.GetValue(Check);
        var failed = plan.Outcomes.Where(o => o.Status == "failed").ToList();
        var apply = !check && failed.Count == 0 && plan.Writes.Count > 0;
        if (apply)
        {
            try
            {
                plan.Writes.Commit();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"xhs: the folder {folder.FullName} could not be written ({ex.Message}); nothing was changed.");
                return ExitCodes.ApiError;
            }
        }

        Console.Out.Write(UpdateReport.Render(plan.Outcomes, format, apply));
        foreach (var failure in failed)
        {
            Console.Error.WriteLine("xhs: " + UserWriter.ForTerminal(failure.Error));
        }

        if (failed.Count > 0)
        {
            return ExitCodes.ApiError;
        }

        if (!check)
        {
            return ExitCodes.Success;
        }

        return plan.Outcomes.Any(o => o.Breaking) ? ChangedBreaking : plan.Outcomes.Any(o => o.ChangesTheProject) ? ChangedAdditive : Current;
#else
        await Task.CompletedTask.ConfigureAwait(false);
        Console.Error.WriteLine("xhs: 'openapi' runs the generator (Roslyn), which the native xhs leaves out. Use the .NET tool: dotnet tool install -g xhs");
        return ExitCodes.BadArguments;
#endif
    }
}

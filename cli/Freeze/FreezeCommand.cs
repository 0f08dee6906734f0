using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using XhsGenerated.Sandbox;

namespace Xhs.Cli.Freeze;

/// <summary>
/// <c>xhs freeze [--openapi DIR]</c>: keeps each operation's current response example as a sample
/// (<c>DIR/samples/{operationId}/example-{hash}.json</c>), so the types generated today survive the
/// next document update. Run it before dropping in a new document.
/// </summary>
internal static class FreezeCommand
{
    private static readonly Option<DirectoryInfo> OpenApi = new("--openapi") { Description = "The folder of OpenAPI documents (default: openapi).", DefaultValueFactory = _ => new DirectoryInfo("openapi") };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public static Command Create()
    {
        var command = new Command("freeze", "Keep each operation's current response example as a sample in openapi/samples/, so generated types survive the next document update.") { OpenApi };
        command.SetAction((parse, _) => Task.FromResult(Run(parse.GetValue(OpenApi)!, Console.Out)));
        return command;
    }

    public static int Run(DirectoryInfo folder, TextWriter output)
    {
        var documents = folder.Exists ? folder.GetFiles("*.json") : Array.Empty<FileInfo>();
        if (documents.Length == 0)
        {
            throw new ArgumentException($"--openapi: '{folder.FullName}' holds no *.json OpenAPI document.");
        }

        int kept = 0, already = 0;
        foreach (var (file, text, exists) in Samples(folder.FullName, documents.Select(d => d.FullName)))
        {
            if (exists)
            {
                already++;
                continue;
            }

            file.Directory!.Create();
            File.WriteAllText(file.FullName, text, new UTF8Encoding(false));
            output.WriteLine($"kept {Path.GetRelativePath(folder.FullName, file.FullName)}");
            kept++;
        }

        output.WriteLine($"{kept} example(s) kept as samples, {already} already kept.");
        return ExitCodes.Success;
    }

    /// <summary>
    /// The sample file of each operation's current example in <paramref name="documents"/>:
    /// <c>samples/{operationId}/example-{hash}.json</c> under <paramref name="folder"/>, its text, and
    /// whether it is already there.
    /// </summary>
    /// <exception cref="ArgumentException">A document is not JSON.</exception>
    public static IEnumerable<(FileInfo File, string Text, bool Exists)> Samples(string folder, IEnumerable<string> documents)
    {
        SandboxCatalog catalog;
        try
        {
            catalog = SandboxCatalog.Load(documents);
        }
        catch (InvalidDataException ex)
        {
            throw new ArgumentException(ex.Message, ex);
        }

        foreach (var operation in catalog.Operations.Where(o => o.Example is not null && !o.OperationId.Contains(' ', StringComparison.Ordinal)))
        {
            var text = operation.Example!.ToJsonString(Indented) + "\n";
            var hash = XhsGenerated.Scaling.TokenKey.Fingerprint(operation.Example.ToJsonString(), 6);
            var safeId = string.Concat(operation.OperationId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
            var file = new FileInfo(Path.Combine(folder, "samples", safeId, $"example-{hash}.json"));
            yield return (file, text, file.Exists);
        }
    }
}

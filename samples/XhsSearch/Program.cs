using System.CommandLine;
using XhsGenerated.Sandbox;
using XhsSearch;

var root = new RootCommand("xhs: search Xiaohongshu (RedNote) users through Just One API, or run a local sandbox of it.");
root.Add(SearchCommand.Create());
root.Add(FreezeCommand.Create());
root.Add(HarvestCommand.Create());
var sandbox = new Command("sandbox", "Run the local Just One API sandbox in the foreground (for testing your own code).");
SandboxCommand.AddOptions(sandbox);
sandbox.SetAction((result, cancellationToken) => SandboxCommand.RunAsync(SandboxCommand.Read(result), Console.Out, cancellationToken));
root.Add(sandbox);

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // One line, as every other failure: the parser's suggestions come one per line.
    var message = string.Join(" ", parse.Errors[0].Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
    Console.Error.WriteLine($"xhs: {UserWriter.ForTerminal(message)} (see 'xhs --help')");
    return ExitCodes.BadArguments;
}

try
{
    return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception ex) when (ex is not OutOfMemoryException)
{
    // One line, no stack trace: every message from the client is already redacted.
    Console.Error.WriteLine("xhs: " + UserWriter.ForTerminal(ex.Message.ReplaceLineEndings(" ")));
    return ExitCodes.For(ex);
}

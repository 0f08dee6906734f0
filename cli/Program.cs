using System.CommandLine;
using Xhs.Cli.Changes;
using Xhs.Cli.Freeze;
using Xhs.Cli.Harvest;
using Xhs.Cli.Mcp;
using Xhs.Cli.OpenApi;
using Xhs.Cli.Overlap;
using Xhs.Cli.Report;
using Xhs.Cli.Runs;
using Xhs.Cli.Sandbox;
using Xhs.Cli.Search;

var root = new RootCommand("xhs: search Xiaohongshu (RedNote) users through Just One API, or run a local sandbox of it.");
root.Add(SearchCommand.Create());
root.Add(FreezeCommand.Create());
root.Add(HarvestCommand.Create());
root.Add(RunsCommand.Create());
root.Add(ChangesCommand.Create());
root.Add(OverlapCommand.Create());
root.Add(ReportCommand.Create());
root.Add(OpenApiCommand.Create());
root.Add(McpCommand.Create());
root.Add(SandboxCommandLine.Create());

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
    var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
    if (parse.CommandResult.Command.Name == "harvest")
    {
        // The harvest stops in two steps on its own signals (the first finishes and stores the pages
        // in flight, a second stops at once). System.CommandLine's handling would cancel at the first
        // signal, so that the harvest took it for the second, and end the process 2 s later.
        configuration.ProcessTerminationTimeout = null;
    }

    return await parse.InvokeAsync(configuration);
}
catch (Exception ex) when (ex is not OutOfMemoryException)
{
    // One line, no stack trace: every message from the client is already redacted.
    Console.Error.WriteLine("xhs: " + UserWriter.ForTerminal(ex.Message.ReplaceLineEndings(" ")));
    return ExitCodes.For(ex);
}

using System.CommandLine;
using XhsGenerated.Sandbox;

namespace Xhs.Cli.Sandbox;

/// <summary><c>xhs sandbox</c>: the local Just One API in the foreground, with the standalone sandbox's options.</summary>
internal static class SandboxCommandLine
{
    public static Command Create()
    {
        var sandbox = new Command("sandbox", "Run the local Just One API sandbox in the foreground (for testing your own code).");
        SandboxCommand.AddOptions(sandbox);
        sandbox.SetAction((result, cancellationToken) => SandboxCommand.RunAsync(SandboxCommand.Read(result), Console.Out, cancellationToken));
        return sandbox;
    }
}

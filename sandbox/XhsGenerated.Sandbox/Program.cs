using System.CommandLine;

namespace XhsGenerated.Sandbox;

/// <summary>The standalone sandbox: <c>dotnet run --project sandbox/XhsGenerated.Sandbox -- --urls http://127.0.0.1:5080</c>.</summary>
internal static class SandboxProgram
{
    private static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("A local Just One API sandbox on 127.0.0.1 serving the vendored OpenAPI documents, with fault injection.");
        SandboxCommand.AddOptions(root);
        root.SetAction((result, cancellationToken) => SandboxCommand.RunAsync(SandboxCommand.Read(result), Console.Out, cancellationToken));
        return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
    }
}

using System.CommandLine;
using XhsGenerated.Sandbox;

var root = new RootCommand("A local Just One API sandbox on 127.0.0.1 serving the vendored OpenAPI documents, with fault injection.");
SandboxCommand.AddOptions(root);
root.SetAction((result, cancellationToken) => SandboxCommand.RunAsync(SandboxCommand.Read(result), Console.Out, cancellationToken));
return await root.Parse(args).InvokeAsync();

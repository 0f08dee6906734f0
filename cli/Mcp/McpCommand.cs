using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using XhsGenerated;
using Xhs.Cli.Harvest;
using Xhs.Cli.JustOneApi;

namespace Xhs.Cli.Mcp;

/// <summary>
/// <c>xhs mcp</c>: a Model Context Protocol server on stdio with one tool per operation compiled into
/// xhs (generated, reflection-free), every call through the client's whole call path: retries,
/// failover, redaction, the shared rate, the daily budget and the cache. stdout carries the protocol
/// only; logs go to stderr.
/// </summary>
internal static class McpCommand
{
    private static readonly Option<string?> Redis = new("--redis") { Description = "Redis (host:port) to share the token's rate, cache and daily count with other processes." };
    private static readonly Option<double?> Rate = new("--rate") { Description = "Requests per second for the token (all processes together with --redis)." };
    private static readonly Option<long?> Budget = new("--daily-budget") { Description = "Most calls per UTC day for the token (all processes together with --redis)." };
    private static readonly Option<string?> Tools = new("--tools") { Description = "all (one tool per operation), discover (three tools: find_operations, describe_operation, call_operation) or PLATFORM[,PLATFORM…]; default all up to 40 tools, else discover." };
    private static readonly Option<int?> Cache = new("--cache") { Description = "Seconds to keep successful answers and answer repeated calls from them (0 or unset: no cache)." };

    public static Command Create()
    {
        var command = new Command("mcp", "Serve every operation as an MCP tool on stdin/stdout, for AI agents (logs on stderr).") { Rate, Budget, Cache, Redis, Tools };
        ApiAccess.AddTo(command);
        StartWait.AddTo(command);
        command.SetAction(RunAsync);
        return command;
    }

    /// <summary>The tools <c>--tools</c> asks for (the generated <see cref="JustOneApiMcpDiscovery.Select"/>); the default's choice is said once on stderr.</summary>
    /// <exception cref="ArgumentException">An unknown platform; the message lists the known ones.</exception>
    private static IReadOnlyList<ModelContextProtocol.Server.McpServerTool> ChooseTools(string? choice)
    {
        try
        {
            var tools = JustOneApiMcpDiscovery.Select(choice, out var notice);
            if (notice is not null)
            {
                Console.Error.WriteLine($"xhs mcp: {notice} (--tools)");
            }

            return tools;
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"--tools takes all, discover or platforms: {ex.Message.Split(" (Parameter", 2)[0]}", ex);
        }
    }

    /// <summary>The package version (informational, without the commit).</summary>
    private static string Version()
    {
        var version = typeof(McpCommand).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false).OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var rate = parse.GetValue(Rate);
        var budget = parse.GetValue(Budget);
        var cache = parse.GetValue(Cache);
        var redis = parse.GetValue(Redis);
        if (rate is { } r && !(r > 0 && r <= 100_000))
        {
            throw new ArgumentException("--rate must be a positive number of requests per second.");
        }

        if (budget is < 0)
        {
            throw new ArgumentException("--daily-budget cannot be negative.");
        }

        if (cache is < 0 or > 86_400)
        {
            throw new ArgumentException("--cache must be 0 to 86400 seconds.");
        }

        if (redis is not null)
        {
            Claims.Validate(redis);
        }

        var tools = ChooseTools(parse.GetValue(Tools));
        var (options, token) = ApiAccess.Read(parse);
        options.RequestsPerSecond = rate;
        options.DailyCallBudget = budget;
        if (cache is > 0)
        {
            options.CacheDurations["*"] = TimeSpan.FromSeconds(cache.Value);
        }

        using var shared = redis is null ? null : await Claims.ConnectAsync(redis, StartWait.Read(parse), cancellationToken).ConfigureAwait(false);
        await using var sandbox = await ApiAccess.ConnectAsync(options, token, "serving tools over", cancellationToken, ApiAccess.ReadSandboxDay(parse)).ConfigureAwait(false);
        shared?.Share(options);
        // One client for the server's life, built here so that a bad endpoint is an argument error before the server starts.
        using var logging = LoggerFactory.Create(logs => logs.AddProvider(new StandardErrorLoggerProvider(LogLevel.Information)));
        XiaohongshuClient client;
        try
        {
            client = ApiAccess.CreateClient(options, logging.CreateLogger("XhsGenerated.JustOneApi"));
        }
        catch (JustOneApiConfigurationException ex) when (cache is > 0)
        {
            throw new ArgumentException("--cache: this build of xhs has no response cache (the native build leaves it out). Use the .NET tool (dotnet tool install -g xhs).", ex);
        }

        using var owned = client;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "xhs" });
        builder.Logging.AddProvider(new StandardErrorLoggerProvider(LogLevel.Information));
        builder.Services.AddSingleton(client);
        builder.Services
            .AddMcpServer(server => server.ServerInfo = new() { Name = "xhs", Title = "Xiaohongshu (RedNote) through Just One API", Version = Version() })
            .WithStdioServerTransport()
            .WithTools(tools);
        using var host = builder.Build();
        await host.RunAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}

using System.CommandLine;
using XhsGenerated;
using XhsGenerated.Sandbox;
using Xhs.Cli.JustOneApi;

namespace Xhs.Cli.Shared;

/// <summary>
/// What every command that calls the API shares: <c>--token</c>, <c>--endpoint</c>,
/// <c>--allow-insecure</c> and <c>--max-attempts</c>, read and checked before anything starts, and
/// the embedded sandbox when neither a token nor an endpoint is given.
/// </summary>
internal static class ApiAccess
{
    private static readonly Option<string?> Token = new("--token") { Description = $"Your Just One API token (default: ${JustOneApiOptions.TokenEnvironmentVariable}; with neither, the local sandbox is used)." };
    private static readonly Option<string?> Endpoint = new("--endpoint") { Description = "global (default), cn (plain HTTP: needs --allow-insecure) or a base URL." };
    private static readonly Option<bool> AllowInsecure = new("--allow-insecure") { Description = "Allow a plain-HTTP endpoint such as cn: the token then travels in clear text." };
    private static readonly Option<string?> SandboxDay = new("--sandbox-day") { Description = "The day of the embedded sandbox's world (a day number or yyyy-MM-dd; default today, UTC), when no token is given." };
    private static readonly Option<int> MaxAttempts = new("--max-attempts") { Description = "Requests per page before giving up on transient failures.", DefaultValueFactory = _ => 4 };

    public static void AddTo(Command command)
    {
        command.Add(Endpoint);
        command.Add(AllowInsecure);
        command.Add(Token);
        command.Add(MaxAttempts);
        command.Add(SandboxDay);
    }

    /// <summary>The embedded sandbox's day from <c>--sandbox-day</c>; null for today.</summary>
    /// <exception cref="ArgumentException">It is not a day.</exception>
    public static int? ReadSandboxDay(ParseResult parse)
        => parse.GetValue(SandboxDay) is { } day ? CreatorWorld.ParseDay(day, "--sandbox-day") : null;

    /// <summary>What the options ask, without the token: the embedded sandbox and its day, or the base address.</summary>
    public static string Describe(JustOneApiOptions options, SandboxServer? sandbox)
        => sandbox is not null ? $"embedded sandbox, day {sandbox.Day}" : options.BaseAddress?.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) ?? options.Endpoint.ToString();

    /// <summary>The client's options from the command line (no token yet), and the token: null when the embedded sandbox is to answer.</summary>
    /// <exception cref="ArgumentException">A value is not usable.</exception>
    public static (JustOneApiOptions Options, string? Token) Read(ParseResult parse)
    {
        var options = new JustOneApiOptions { MaxAttempts = parse.GetValue(MaxAttempts), AllowInsecureTransport = parse.GetValue(AllowInsecure) };
        if (options.MaxAttempts < 1)
        {
            throw new ArgumentException("--max-attempts must be at least 1 (1 disables retries).");
        }

        var endpoint = parse.GetValue(Endpoint);
        ApplyEndpoint(options, endpoint);
        _ = ReadSandboxDay(parse);
        var token = parse.GetValue(Token) ?? Environment.GetEnvironmentVariable(JustOneApiOptions.TokenEnvironmentVariable);
        return (options, string.IsNullOrWhiteSpace(token) && endpoint is null ? null : token ?? "");
    }

    /// <summary>
    /// Sets the token; with none, starts the embedded sandbox, points the options at it and says so
    /// on stderr. Call it after every other check.
    /// </summary>
    /// <param name="options">The options from <see cref="Read"/>.</param>
    /// <param name="token">The token from <see cref="Read"/>; null for the sandbox.</param>
    /// <param name="doing">What the command does there, for the message ("searching").</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The sandbox to dispose, or null.</returns>
    /// <param name="sandboxDay">The embedded sandbox's day (<see cref="ReadSandboxDay"/>); null for today.</param>
    public static async Task<SandboxServer?> ConnectAsync(JustOneApiOptions options, string? token, string doing, CancellationToken cancellationToken, int? sandboxDay = null)
    {
        SandboxServer? sandbox = null;
        if (token is null)
        {
            sandbox = await SandboxServer.StartAsync(new SandboxOptions { Day = sandboxDay }, cancellationToken: cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine($"No token given: {doing} the local sandbox at {sandbox.BaseAddress} (made-up users). For the real API, set {JustOneApiOptions.TokenEnvironmentVariable} or pass --token.");
            options.BaseAddress = sandbox.BaseAddress;
        }

        options.Token = string.IsNullOrWhiteSpace(token) ? SandboxOptions.DefaultToken : token;
        return sandbox;
    }

    /// <summary>The client; an insecure endpoint without <c>--allow-insecure</c> is an argument error.</summary>
    public static XiaohongshuClient CreateClient(JustOneApiOptions options, Microsoft.Extensions.Logging.ILogger? logger = null) => new(CreateTransport(options, logger));

    /// <summary>The client's call path, for commands that also watch it (the rate in force).</summary>
    public static XhsGenerated.Http.JustOneApiTransport CreateTransport(JustOneApiOptions options, Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        try
        {
            return new XhsGenerated.Http.JustOneApiTransport(options, XiaohongshuClient.Servers, logger);
        }
        catch (JustOneApiConfigurationException ex) when (ex.Setting.EndsWith(nameof(JustOneApiOptions.AllowInsecureTransport), StringComparison.Ordinal))
        {
            throw new ArgumentException(ex.Message + " With xhs: add --allow-insecure.", ex);
        }
    }

    private static void ApplyEndpoint(JustOneApiOptions options, string? endpoint)
    {
        switch (endpoint?.ToLowerInvariant())
        {
            case null or "global":
                options.Endpoint = JustOneApiEndpoint.Global;
                break;
            case "cn" or "china":
                options.Endpoint = JustOneApiEndpoint.China;
                break;
            default:
                if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var address))
                {
                    throw new ArgumentException($"--endpoint must be global, cn or an absolute URL, not '{endpoint}'.");
                }

                options.BaseAddress = address;
                break;
        }
    }
}

using System.CommandLine;
using System.Globalization;

namespace XhsGenerated.Sandbox;

/// <summary>The sandbox's command line, shared by <c>XhsGenerated.Sandbox</c> and <c>xhs sandbox</c>.</summary>
public static class SandboxCommand
{
    private static readonly Option<string> Urls = new("--urls") { Description = "Where to listen (loopback only).", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
    private static readonly Option<string[]> Documents = new("--openapi") { Description = "OpenAPI documents or folders to serve (default: the embedded vendored documents).", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<string[]> Tokens = new("--token") { Description = $"A token to accept (repeatable; default '{SandboxOptions.DefaultToken}').", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of the fault dice, for replayable runs.", DefaultValueFactory = _ => 1 };
    private static readonly Option<int?> RateLimit = new("--rate-limit") { Description = "Requests per second per token before code 302." };
    private static readonly Option<int?> DailyQuota = new("--daily-quota") { Description = "Requests per day per token before code 303." };
    private static readonly Option<int> DelayMs = new("--delay-ms") { Description = "How long the 'delay' fault holds an answer.", DefaultValueFactory = _ => 2000 };
    private static readonly Option<int> RetryAfter = new("--retry-after") { Description = "Retry-After seconds sent with code 302.", DefaultValueFactory = _ => 1 };
    private static readonly Option<string[]> CodeFaults = new("--fault-code") { Description = "Answer business code CODE, as CODE[:HTTP-STATUS][=PROBABILITY] (repeatable). The status defaults to the vendor's pairing (403 for 600, 503 for 503, 429 for 302/303, 200 for unknown codes…), the probability to 1.", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<bool> StringCodes = new("--string-codes") { Description = "Send every code as a JSON string (\"0\")." };
    private static readonly Option<bool> MessageNull = new("--message-null") { Description = "Send \"message\": null on success, as the vendor's examples do." };
    private static readonly Option<bool> NoRequestId = new("--no-request-id") { Description = "Leave requestId out of every answer." };
    private static readonly Option<string?> Notice = new("--notice") { Description = $"Send this notice in the {JustOneApiHeaders.Notice} header of every answer." };
    private static readonly Option<bool> Compress = new("--compress") { Description = "Answer gzip or Brotli when the request's Accept-Encoding asks." };
    private static readonly Option<DirectoryInfo?> Replay = new("--replay") { Description = "Serve the answers recorded in this folder (xhs search --record) for matching requests, byte for byte; generate the others." };

    private static readonly Option<string?> Day = new("--day") { Description = "The day of the sandbox's world: a day number (days since 1970-01-01) or a date (2026-12-06); default today (UTC). Creators rise, fall, come, go and change profiles from day to day." };
    private static readonly (SandboxFault Fault, Option<double> Option)[] FaultOptions =
    {
        (SandboxFault.Code301, Rate("--fault-301", "code 301, collection failed (HTTP 200)")),
        (SandboxFault.Code302, Rate("--fault-302", "code 302, rate limit (HTTP 429 + Retry-After)")),
        (SandboxFault.Code303, Rate("--fault-303", "code 303, daily quota (HTTP 429)")),
        (SandboxFault.Code500, Rate("--fault-500", "code 500 (HTTP 500)")),
        (SandboxFault.Code600, Rate("--fault-600", "code 600, permission denied (HTTP 403)")),
        (SandboxFault.Code601, Rate("--fault-601", "code 601, insufficient balance (HTTP 200)")),
        (SandboxFault.Html503, Rate("--fault-503", "HTTP 503 with an HTML body")),
        (SandboxFault.Truncated, Rate("--fault-truncate", "a body cut short")),
        (SandboxFault.Delay, Rate("--fault-delay", "an answer held for --delay-ms")),
        (SandboxFault.Drop, Rate("--fault-drop", "a dropped connection")),
    };

    /// <summary>Adds the sandbox's options to a command.</summary>
    /// <param name="command">The command.</param>
    public static void AddOptions(Command command)
    {
        foreach (var option in new Option[] { Urls, Documents, Tokens, Seed, RateLimit, DailyQuota, DelayMs, RetryAfter, CodeFaults, StringCodes, MessageNull, NoRequestId, Notice, Compress, Replay, Day }.Concat(FaultOptions.Select(f => f.Option)))
        {
            command.Add(option);
        }
    }

    /// <summary>The sandbox's options from a parse of a command that has <see cref="AddOptions"/>.</summary>
    /// <param name="result">The parse result.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public static SandboxOptions Read(ParseResult result)
    {
        if (!Uri.TryCreate(result.GetValue(Urls), UriKind.Absolute, out var url))
        {
            throw new ArgumentException($"--urls must be an absolute http://127.0.0.1:PORT address, not '{result.GetValue(Urls)}'.");
        }

        var replay = result.GetValue(Replay);
        var options = new SandboxOptions
        {
            Url = url,
            StringCodes = result.GetValue(StringCodes),
            MessageNull = result.GetValue(MessageNull),
            OmitRequestId = result.GetValue(NoRequestId),
            Notice = result.GetValue(Notice),
            Compress = result.GetValue(Compress),
            ReplayDirectory = replay?.FullName,
            Seed = result.GetValue(Seed),
            RateLimitPerSecond = result.GetValue(RateLimit),
            DailyQuota = result.GetValue(DailyQuota),
            Delay = TimeSpan.FromMilliseconds(result.GetValue(DelayMs)),
            RetryAfter = TimeSpan.FromSeconds(result.GetValue(RetryAfter)),
            Day = result.GetValue(Day) is { } day ? CreatorWorld.ParseDay(day) : null,
        };
        foreach (var document in result.GetValue(Documents) ?? Array.Empty<string>())
        {
            options.Documents.Add(document);
        }

        if (result.GetValue(Tokens) is { Length: > 0 } tokens)
        {
            options.Tokens.Clear();
            foreach (var token in tokens)
            {
                options.Tokens.Add(token);
            }
        }

        foreach (var (fault, option) in FaultOptions)
        {
            options.FaultRates[fault] = result.GetValue(option);
        }

        foreach (var text in result.GetValue(CodeFaults) ?? Array.Empty<string>())
        {
            options.CodeFaults.Add(ParseCodeFault(text));
        }

        options.Validate();
        return options;
    }

    /// <summary>Runs a sandbox in the foreground until Ctrl+C, logging one line per request to <paramref name="output"/>.</summary>
    /// <param name="options">The sandbox's options.</param>
    /// <param name="output">Where to write.</param>
    /// <param name="cancellationToken">Stops the sandbox.</param>
    /// <returns>0.</returns>
    public static async Task<int> RunAsync(SandboxOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        await using var server = await SandboxServer.StartAsync(options, line => output.WriteLine(line), cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"Just One API sandbox on {server.BaseAddress} serving {server.Catalog.Operations.Count} operation(s); accepted token(s): {string.Join(", ", options.Tokens)}. Ctrl+C stops it.").ConfigureAwait(false);
        await server.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Reads <c>CODE[:STATUS][=PROBABILITY]</c>.</summary>
    /// <param name="text">The switch's value.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentException">The text is not in that form.</exception>
    public static SandboxCodeFault ParseCodeFault(string text)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, @"^\s*(-?\d{1,9})(?::(\d{3}))?(?:=([0-9.]+))?\s*$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
        double rate = 1;
        if (!match.Success
            || (match.Groups[3].Success && (!double.TryParse(match.Groups[3].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out rate) || rate is < 0 or > 1))
            || (match.Groups[2].Success && int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) is < 100 or > 599))
        {
            throw new ArgumentException($"--fault-code takes CODE[:HTTP-STATUS][=PROBABILITY], e.g. 202, 600:200 or 503=0.1 (a status from 100 to 599, a probability from 0 to 1), not '{text}'.");
        }

        return new SandboxCodeFault(
            int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
            match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : null,
            rate);
    }

    private static Option<double> Rate(string name, string what) => new(name) { Description = $"Probability (0-1) of {what}." };
}

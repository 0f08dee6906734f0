using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.ResponseCompression;
using XhsGenerated.Recording;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace XhsGenerated.Sandbox;

/// <summary>
/// A local stand-in for Just One API on 127.0.0.1: it answers the vendored documents' operations
/// with the vendor's envelope and error behaviour, and injects the faults it is told to. Start it
/// in-process with <see cref="StartAsync"/>, or run <c>dotnet run --project sandbox/XhsGenerated.Sandbox</c>.
/// </summary>
public sealed partial class SandboxServer : IAsyncDisposable
{
    private const string UserSearchPath = "/api/xiaohongshu/search-user/v2";
    private const string Dropped = "dropped";
    private const string Truncated = "truncated";
    private const string Replayed = "replayed";

    /// <summary>Where the sandbox serves its counts as JSON.</summary>
    public const string StatsPath = "/_sandbox/stats";

    /// <summary>Where documents are served, as on the vendor's documentation site.</summary>
    public const string DocumentsPath = "/openapi/";

    private readonly WebApplication _app;
    private readonly SandboxOptions _options;
    private readonly SandboxCatalog _catalog;
    private readonly FaultInjector _faults;
    private readonly TokenLimits _limits;
    private readonly HashSet<string> _tokens;
    private readonly Action<string>? _log;
    private readonly ReplayBook? _replay;
    private UserSearchPages? _userPages;
    private int _requestIds;

    private SandboxServer(WebApplication app, SandboxOptions options, SandboxCatalog catalog, Action<string>? log)
    {
        _app = app;
        _options = options;
        _catalog = catalog;
        _log = log;
        _faults = new FaultInjector(options);
        _limits = new TokenLimits(options);
        _tokens = new HashSet<string>(options.Tokens, StringComparer.Ordinal);
        _replay = options.ReplayDirectory is { } folder ? new ReplayBook(JustOneApiRecord.ReadDirectory(folder)) : null;
    }

    /// <summary>The base address to point a client at, e.g. <c>http://127.0.0.1:5080</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>What the sandbox received and how it answered.</summary>
    public SandboxStats Stats { get; } = new();

    /// <summary>The operations served.</summary>
    public SandboxCatalog Catalog => _catalog;

    /// <summary>Starts a sandbox.</summary>
    /// <param name="options">What to serve and which faults to inject; defaults when null.</param>
    /// <param name="log">Receives one line per request (never the token), when given.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running sandbox.</returns>
    /// <exception cref="ArgumentException">An option is not valid (<see cref="SandboxOptions.Validate"/>): the URL is not a loopback <c>http</c> address, say.</exception>
    public static async Task<SandboxServer> StartAsync(SandboxOptions? options = null, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        options ??= new SandboxOptions();
        options.Validate();

        var catalog = SandboxCatalog.Load(options.Documents);
        var builder = WebApplication.CreateSlimBuilder();

        // Notices may be Chinese: send header values as UTF-8, as the vendor's servers do.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ResponseHeaderEncodingSelector = _ => Encoding.UTF8);
        if (options.Compress)
        {
            builder.Services.AddResponseCompression(compression =>
            {
                compression.Providers.Add<BrotliCompressionProvider>();
                compression.Providers.Add<GzipCompressionProvider>();
                compression.MimeTypes = new[] { "application/json", "text/html" };
            });
        }


        // ASP.NET Core's request logs carry the query string, where the token is: keep them off.
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.Url.GetLeftPart(UriPartial.Authority));
        var app = builder.Build();
        var server = new SandboxServer(app, options, catalog, log);
        if (options.Compress)
        {
            app.UseResponseCompression();
        }

        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    /// <summary>Makes the next requests meet these faults, in order, before any random one.</summary>
    /// <param name="faults">The faults.</param>
    public void EnqueueFaults(params SandboxFault[] faults) => _faults.Enqueue(faults);

    /// <summary>Makes the next request meet a business-code fault, before any random one.</summary>
    /// <param name="fault">The code, and the HTTP status when not the vendor's pairing.</param>
    public void EnqueueFault(SandboxCodeFault fault) => _faults.Enqueue(fault);

    /// <summary>Runs until <paramref name="cancellationToken"/> is canceled.</summary>
    /// <param name="cancellationToken">Stops the sandbox.</param>
    /// <returns>A task that ends when the sandbox has stopped.</returns>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Stops the sandbox.</summary>
    /// <returns>A task that ends when it has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Serves a document by its file name, byte for byte; 404 for any other.</summary>
    private async Task ServeDocumentAsync(HttpContext context, string path)
    {
        Stats.RecordDocument(context.Request.Query.ContainsKey("token") || context.Request.Headers.Authorization.Count > 0);
        if (!_catalog.Files.TryGetValue(path[(path.LastIndexOf('/') + 1)..], out var document))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = document.Length;
        await context.Response.Body.WriteAsync(document).ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        if (path == StatsPath && HttpMethods.IsGet(request.Method))
        {
            var stats = Stats.ToUtf8Json();
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength = stats.Length;
            await context.Response.Body.WriteAsync(stats).ConfigureAwait(false);
            return;
        }

        // The documents, where the vendor's documentation site has them: /openapi/{folders}/{file name}.
        if (path.StartsWith(DocumentsPath, StringComparison.Ordinal) && HttpMethods.IsGet(request.Method))
        {
            await ServeDocumentAsync(context, path).ConfigureAwait(false);
            return;
        }

        IFormCollection? form = request.HasFormContentType ? await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false) : null;
        string? Value(string name) => request.Query.TryGetValue(name, out var q) ? q.ToString() : form is not null && form.TryGetValue(name, out var f) ? f.ToString() : null;
        var token = Value("token") ?? "";
        var keyword = Value("keyword");
        var parameters = request.Query.Concat(form ?? Enumerable.Empty<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>>())
            .Where(p => p.Key != "token")
            .Select(p => new KeyValuePair<string, string>(p.Key, p.Value.ToString()))
            .ToArray();
        var operation = _catalog.Find(request.Method, path);
        var replay = _replay?.Next(JustOneApiRecord.MatchKey(request.Method, path, parameters));
        var pageText = Value("page") ?? operation?.Parameters.FirstOrDefault(p => p.Name == "page")?.Default;
        long? page = long.TryParse(pageText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var p) ? p : null;
        var counts = Stats.Received(path, token, replay?.OperationId ?? operation?.OperationId, parameters, keyword, page);

        if (_options.Notice is { } notice)
        {
            context.Response.Headers[JustOneApiHeaders.Notice] = notice;
        }

        var (outcome, code) = await AnswerAsync(context, operation, replay, token, Value).ConfigureAwait(false);
        Stats.Answered(counts, outcome, code);
        if (outcome is Dropped or Truncated)
        {
            // Counted first, cut second: a client that sees the failure finds it in the stats.
            context.Abort();
        }

        _log?.Invoke($"{request.Method} {path}{(keyword is null ? "" : " keyword=" + keyword)}{(Value("page") is { } given ? " page=" + given : "")} -> {outcome}");
    }

    private async Task<(string Outcome, int? Code)> AnswerAsync(HttpContext context, SandboxOperation? operation, JustOneApiRecord? replay, string token, Func<string, string?> value)
    {
        if (operation is null && replay is null)
        {
            var method = context.Request.Method;
            return await WriteEnvelopeAsync(context, 404, 404, $"No operation at {method} {context.Request.Path.Value}.", null).ConfigureAwait(false);
        }

        var fault = _faults.Next();
        switch (fault?.Kind)
        {
            case SandboxFault.Drop:
                return (Dropped, null);
            case SandboxFault.Html503:
                context.Response.StatusCode = 503;
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>").ConfigureAwait(false);
                return ("html_503", null);
            case SandboxFault.Delay:
                await Task.Delay(_options.Delay, context.RequestAborted).ConfigureAwait(false);
                break;
        }

        if (!_tokens.Contains(token))
        {
            return await WriteEnvelopeAsync(context, 401, 100, "Invalid or inactive token.", null).ConfigureAwait(false);
        }

        if (_limits.OverRateLimit(token) || fault?.Kind == SandboxFault.Code302)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(_options.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return await WriteEnvelopeAsync(context, 429, 302, "Rate limit exceeded.", null).ConfigureAwait(false);
        }

        if (_limits.OverDailyQuota(token) || fault?.Kind == SandboxFault.Code303)
        {
            return await WriteEnvelopeAsync(context, 429, 303, "Daily quota exceeded.", null).ConfigureAwait(false);
        }

        if (replay is not null)
        {
            return (Replayed, await WriteRecordAsync(context, replay).ConfigureAwait(false));
        }

        foreach (var parameter in operation!.Parameters.Where(p => p.Name != "token" && p.In is "query" or "form"))
        {
            var given = value(parameter.Name);
            if (!parameter.Accepts(given))
            {
                var why = given is null ? "required" : parameter.IsInteger ? $"not an integer from {parameter.Minimum?.ToString(CultureInfo.InvariantCulture) ?? "-∞"} to {parameter.Maximum?.ToString(CultureInfo.InvariantCulture) ?? "∞"}" : "empty";
                return await WriteEnvelopeAsync(context, 400, 400, $"Invalid parameters: '{parameter.Name}' is {why}.", null).ConfigureAwait(false);
            }
        }

        var codeFault = fault?.Kind switch
        {
            SandboxFault.Code301 => new SandboxCodeFault(301),
            SandboxFault.Code500 => new SandboxCodeFault(500),
            SandboxFault.Code600 => new SandboxCodeFault(600),
            SandboxFault.Code601 => new SandboxCodeFault(601),
            _ => fault?.Code,
        };
        if (codeFault is not null)
        {
            return await WriteEnvelopeAsync(context, codeFault.Status, codeFault.Code, FaultMessage(codeFault.Code), null).ConfigureAwait(false);
        }

        var data = operation.PathTemplate == UserSearchPath
            ? UserPages(operation).Data(value("keyword")!, (int)Math.Clamp(long.Parse(value("page") ?? "1", NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), int.MinValue, int.MaxValue), Day)
            : operation.Example?["data"]?.DeepClone() ?? operation.Example?.DeepClone();
        if (fault?.Kind == SandboxFault.Truncated)
        {
            var bytes = Envelope(0, null, data);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2)).ConfigureAwait(false);
            await context.Response.Body.FlushAsync().ConfigureAwait(false);
            return (Truncated, 0);
        }

        var (outcome, code) = await WriteEnvelopeAsync(context, 200, 0, null, data).ConfigureAwait(false);
        return (fault?.Kind == SandboxFault.Delay ? "delayed" : outcome, code);
    }
}

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
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace XhsGenerated.Sandbox;

/// <summary>
/// A local stand-in for Just One API on 127.0.0.1: it answers the vendored documents' operations
/// with the vendor's envelope and error behaviour, and injects the faults it is told to. Start it
/// in-process with <see cref="StartAsync"/>, or run <c>dotnet run --project sandbox/XhsGenerated.Sandbox</c>.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private const string UserSearchPath = "/api/xiaohongshu/search-user/v2";
    private const string Dropped = "dropped";
    private const string Truncated = "truncated";

    private readonly WebApplication _app;
    private readonly SandboxOptions _options;
    private readonly SandboxCatalog _catalog;
    private readonly FaultInjector _faults;
    private readonly TokenLimits _limits;
    private readonly HashSet<string> _tokens;
    private readonly Action<string>? _log;
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
    /// <exception cref="ArgumentException">The URL is not a loopback <c>http</c> address.</exception>
    public static async Task<SandboxServer> StartAsync(SandboxOptions? options = null, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        options ??= new SandboxOptions();
        if (options.Url.Scheme != Uri.UriSchemeHttp || !(options.Url.IsLoopback || (IPAddress.TryParse(options.Url.Host, out var ip) && IPAddress.IsLoopback(ip))))
        {
            throw new ArgumentException($"The sandbox listens on loopback only (http://127.0.0.1:PORT); '{options.Url}' is not.", nameof(options));
        }

        var catalog = SandboxCatalog.Load(options.Documents);
        var builder = WebApplication.CreateSlimBuilder();

        // ASP.NET Core's request logs carry the query string, where the token is: keep them off.
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.Url.GetLeftPart(UriPartial.Authority));
        var app = builder.Build();
        var server = new SandboxServer(app, options, catalog, log);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    /// <summary>Makes the next requests meet these faults, in order, before any random one.</summary>
    /// <param name="faults">The faults.</param>
    public void EnqueueFaults(params SandboxFault[] faults) => _faults.Enqueue(faults);

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

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        IFormCollection? form = request.HasFormContentType ? await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false) : null;
        string? Value(string name) => request.Query.TryGetValue(name, out var q) ? q.ToString() : form is not null && form.TryGetValue(name, out var f) ? f.ToString() : null;
        var token = Value("token") ?? "";
        var keyword = Value("keyword");
        Stats.Received(path, token, keyword);

        var outcome = await AnswerAsync(context, path, token, Value).ConfigureAwait(false);
        Stats.Answered(outcome);
        if (outcome is Dropped or Truncated)
        {
            // Counted first, cut second: a client that sees the failure finds it in the stats.
            context.Abort();
        }

        _log?.Invoke($"{request.Method} {path}{(keyword is null ? "" : " keyword=" + keyword)}{(Value("page") is { } page ? " page=" + page : "")} -> {outcome}");
    }

    private async Task<string> AnswerAsync(HttpContext context, string path, string token, Func<string, string?> value)
    {
        var operation = _catalog.Find(context.Request.Method, path);
        if (operation is null)
        {
            await WriteEnvelopeAsync(context, HttpStatusCode.NotFound, 404, $"No operation at {context.Request.Method} {path}.", null).ConfigureAwait(false);
            return "code_404";
        }

        var fault = _faults.Next();
        switch (fault)
        {
            case SandboxFault.Drop:
                return Dropped;
            case SandboxFault.Html503:
                context.Response.StatusCode = 503;
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>").ConfigureAwait(false);
                return "html_503";
            case SandboxFault.Delay:
                await Task.Delay(_options.Delay, context.RequestAborted).ConfigureAwait(false);
                break;
        }

        if (!_tokens.Contains(token))
        {
            await WriteEnvelopeAsync(context, HttpStatusCode.Unauthorized, 100, "Invalid or inactive token.", null).ConfigureAwait(false);
            return "code_100";
        }

        if (_limits.OverRateLimit(token) || fault == SandboxFault.Code302)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(_options.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await WriteEnvelopeAsync(context, HttpStatusCode.TooManyRequests, 302, "Rate limit exceeded.", null).ConfigureAwait(false);
            return "code_302";
        }

        if (_limits.OverDailyQuota(token) || fault == SandboxFault.Code303)
        {
            await WriteEnvelopeAsync(context, HttpStatusCode.TooManyRequests, 303, "Daily quota exceeded.", null).ConfigureAwait(false);
            return "code_303";
        }

        foreach (var parameter in operation.Parameters.Where(p => p.Name != "token" && p.In is "query" or "form"))
        {
            var given = value(parameter.Name);
            if ((parameter.Required && string.IsNullOrWhiteSpace(given)) || (given is not null && parameter.IsInteger && !long.TryParse(given, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
            {
                await WriteEnvelopeAsync(context, HttpStatusCode.BadRequest, 400, $"Invalid parameters: '{parameter.Name}' is {(given is null ? "required" : "not valid")}.", null).ConfigureAwait(false);
                return "code_400";
            }
        }

        switch (fault)
        {
            case SandboxFault.Code301:
                await WriteEnvelopeAsync(context, HttpStatusCode.OK, 301, "Collection failed, please retry.", null).ConfigureAwait(false);
                return "code_301";
            case SandboxFault.Code500:
                await WriteEnvelopeAsync(context, HttpStatusCode.InternalServerError, 500, "Internal server error.", null).ConfigureAwait(false);
                return "code_500";
        }

        var data = operation.PathTemplate == UserSearchPath
            ? UserPages(operation).Data(value("keyword")!, (int)Math.Clamp(long.Parse(value("page") ?? "1", CultureInfo.InvariantCulture), int.MinValue, int.MaxValue))
            : operation.Example?["data"]?.DeepClone() ?? operation.Example?.DeepClone();
        if (fault == SandboxFault.Truncated)
        {
            var bytes = Envelope(0, "success", data);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2)).ConfigureAwait(false);
            await context.Response.Body.FlushAsync().ConfigureAwait(false);
            return Truncated;
        }

        await WriteEnvelopeAsync(context, HttpStatusCode.OK, 0, "success", data).ConfigureAwait(false);
        return fault == SandboxFault.Delay ? "delayed" : "ok";
    }

    private UserSearchPages UserPages(SandboxOperation operation)
        => _userPages ??= new UserSearchPages(operation.Example, _options.UsersPerPage);

    private async Task WriteEnvelopeAsync(HttpContext context, HttpStatusCode status, int code, string message, JsonNode? data)
    {
        var bytes = Envelope(code, message, data);
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes).ConfigureAwait(false);
    }

    private byte[] Envelope(int code, string message, JsonNode? data)
    {
        var envelope = new JsonObject
        {
            ["code"] = code,
            ["message"] = message,
            ["data"] = data,
            ["recordTime"] = _options.TimeProvider.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            ["requestId"] = "sandbox-" + Interlocked.Increment(ref _requestIds).ToString("x8", CultureInfo.InvariantCulture),
        };
        return Encoding.UTF8.GetBytes(envelope.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }
}

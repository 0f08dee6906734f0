using System.Linq;
using XhsGenerated.Generator.Model;

namespace XhsGenerated.Generator.Emit;

/// <summary>Writes the part of a client class that is not per operation: servers, constructors, disposal.</summary>
internal static class ClientEmitter
{
    public static string HintName(ClientModel client) => HintNames.Of(client.Namespace, client.ClientName);

    public static string Emit(ClientModel client)
    {
        var w = GeneratedCode.StartFile(client.Namespace);
        var operations = string.Join(", ", client.Operations.Select(o => o.MethodName + "Async"));
        GeneratedCode.Summary(
            w,
            "Typed client for Just One API: " + operations + ".",
            "Generated from the vendored OpenAPI documents. Thread-safe: share one instance. The access token comes from\n"
            + "JustOneApiOptions.Token and is never written to exceptions, logs or telemetry.");
        w.Line(GeneratedCode.Attribute);
        using (w.Block($"public sealed partial class {client.ClientName} : global::System.IDisposable"))
        {
            w.Line("/// <summary>The servers the documents list, in their order. The first is the default.</summary>");
            using (w.Block($"public static global::System.Collections.Generic.IReadOnlyList<{Types.Runtime}.JustOneApiServer> Servers {{ get; }} = new {Types.Runtime}.JustOneApiServer[]", ";"))
            {
                foreach (var server in client.Servers)
                {
                    var description = server.Description is null ? "null" : Escaping.Literal(server.Description);
                    w.Line($"new {Types.Runtime}.JustOneApiServer({Escaping.Literal(server.Name)}, new global::System.Uri({Escaping.Literal(server.Url)}), {description}),");
                }
            }

            w.Line();
            w.Lines($$"""
                private readonly {{Types.Runtime}}.Http.JustOneApiTransport _transport;

                /// <summary>Creates a client that owns its own <see cref="global::System.Net.Http.HttpClient"/>; dispose it when done.</summary>
                /// <param name="options">The token, endpoint, timeouts and retries.</param>
                /// <exception cref="global::System.ArgumentNullException"><paramref name="options"/> is null.</exception>
                /// <exception cref="{{Types.Runtime}}.JustOneApiConfigurationException">The options are not usable (no token, an insecure endpoint without opt-in…).</exception>
                public {{client.ClientName}}({{Types.Runtime}}.JustOneApiOptions options)
                    : this(new {{Types.Runtime}}.Http.JustOneApiTransport(options, Servers))
                {
                }

                /// <summary>Creates a client on a borrowed <see cref="global::System.Net.Http.HttpClient"/> (from <c>IHttpClientFactory</c>, say), which it never disposes.</summary>
                /// <param name="httpClient">The client to send requests with.</param>
                /// <param name="options">The token, endpoint, timeouts and retries.</param>
                /// <exception cref="global::System.ArgumentNullException"><paramref name="httpClient"/> or <paramref name="options"/> is null.</exception>
                /// <exception cref="{{Types.Runtime}}.JustOneApiConfigurationException">The options are not usable (no token, an insecure endpoint without opt-in…).</exception>
                public {{client.ClientName}}(global::System.Net.Http.HttpClient httpClient, {{Types.Runtime}}.JustOneApiOptions options)
                    : this(new {{Types.Runtime}}.Http.JustOneApiTransport(httpClient, options, Servers))
                {
                }

                /// <summary>Creates a client on a shared transport (used by dependency injection).</summary>
                /// <param name="transport">The request pipeline.</param>
                /// <exception cref="global::System.ArgumentNullException"><paramref name="transport"/> is null.</exception>
                public {{client.ClientName}}({{Types.Runtime}}.Http.JustOneApiTransport transport)
                {
                    _transport = transport ?? throw new global::System.ArgumentNullException(nameof(transport));
                }

                /// <summary>Releases the <see cref="global::System.Net.Http.HttpClient"/> if this client created it.</summary>
                public void Dispose() => _transport.Dispose();
                """);
        }

        w.Line();
        w.Lines($$"""
            /// <summary>Registers <see cref="{{client.ClientName}}"/> with dependency injection.</summary>
            {{GeneratedCode.Attribute}}
            public static class {{client.ClientName}}ServiceCollectionExtensions
            {
                /// <summary>
                /// Registers <see cref="{{client.ClientName}}"/> as a singleton on <c>IHttpClientFactory</c>, with options bound from the
                /// <c>JustOneApi</c> configuration section, then <paramref name="configure"/>, then the <c>JUSTONEAPI_TOKEN</c> environment
                /// variable for a missing token; validated at start-up.
                /// </summary>
                /// <param name="services">The service collection.</param>
                /// <param name="configure">Sets options in code.</param>
                /// <returns>The HTTP client builder, to add handlers.</returns>
                public static global::Microsoft.Extensions.DependencyInjection.IHttpClientBuilder Add{{client.ClientName}}(this global::Microsoft.Extensions.DependencyInjection.IServiceCollection services, global::System.Action<{{Types.Runtime}}.JustOneApiOptions>? configure = null)
                    => global::Microsoft.Extensions.DependencyInjection.JustOneApiServiceCollectionExtensions.AddJustOneApiClient(services, {{client.ClientName}}.Servers, static transport => new {{client.ClientName}}(transport), configure);
            }
            """);
        EnumEmitter.WriteShared(w, client);
        return w.ToString();
    }
}

/// <summary>Deterministic, unique file names for generated sources.</summary>
internal static class HintNames
{
    public static string Of(params string[] parts)
    {
        var name = string.Join(".", parts.Select(Clean));
        return name + ".g.cs";
    }

    private static string Clean(string part)
    {
        var chars = part.Select(c => c < 128 && (char.IsLetterOrDigit(c) || c == '.' || c == '_' || c == '-') ? c : '_').ToArray();
        var clean = new string(chars);

        // Names that differ only in non-ASCII letters must not share a file name: add a stable hash.
        return clean == part ? clean : clean + "_" + Fnv1a(part).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash;
    }
}

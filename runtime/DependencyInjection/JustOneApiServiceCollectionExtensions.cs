using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Threading;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using XhsGenerated;
using XhsGenerated.Http;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers generated Just One API clients. Each generated client adds its own
/// <c>Add{Client}(…)</c> that calls <see cref="AddJustOneApiClient{TClient}"/>.
/// </summary>
public static class JustOneApiServiceCollectionExtensions
{
    /// <summary>The category of the clients' log events.</summary>
    public const string LoggerCategory = "XhsGenerated.JustOneApi";

    /// <summary>
    /// Registers <typeparamref name="TClient"/> as a singleton on an <see cref="IHttpClientFactory"/>
    /// client, with <see cref="JustOneApiOptions"/> bound from the <c>JustOneApi</c> configuration
    /// section (when an <see cref="IConfiguration"/> is registered), then <paramref name="configure"/>,
    /// then the <c>JUSTONEAPI_TOKEN</c> environment variable for a missing token; validated at start-up.
    /// </summary>
    /// <typeparam name="TClient">The generated client.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="servers">The client's servers (the generated <c>Servers</c>).</param>
    /// <param name="create">Makes the client on a transport.</param>
    /// <param name="configure">Sets options in code, after configuration.</param>
    /// <returns>The HTTP client builder, to add handlers.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IHttpClientBuilder AddJustOneApiClient<TClient>(
        this IServiceCollection services,
        IReadOnlyList<JustOneApiServer> servers,
        Func<JustOneApiTransport, TClient> create,
        Action<JustOneApiOptions>? configure = null)
        where TClient : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentNullException.ThrowIfNull(create);

        var options = services.AddOptions<JustOneApiOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<JustOneApiOptions>, ConfigureFromConfiguration>());
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.PostConfigure(o =>
        {
            if (string.IsNullOrWhiteSpace(o.Token))
            {
                o.Token = Environment.GetEnvironmentVariable(JustOneApiOptions.TokenEnvironmentVariable);
            }
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JustOneApiOptions>, Validator>());
        options.ValidateOnStart();

        var name = "XhsGenerated." + typeof(TClient).FullName;
        var builder = services.AddHttpClient(name)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = DecompressionMethods.All })

            // The client is a singleton (it keeps endpoint health); the handler's pooled
            // connection lifetime, not handler rotation, picks up DNS changes.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.TryAddSingleton(provider => create(new JustOneApiTransport(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(name),
            provider.GetRequiredService<IOptions<JustOneApiOptions>>().Value,
            servers,
            provider.GetService<ILoggerFactory>()?.CreateLogger(LoggerCategory))));
        return builder;
    }

    /// <summary>Binds the <c>JustOneApi</c> section when the container has a configuration.</summary>
    private sealed class ConfigureFromConfiguration(IServiceProvider provider) : IConfigureOptions<JustOneApiOptions>
    {
        public void Configure(JustOneApiOptions options)
        {
            if (provider.GetService<IConfiguration>() is { } configuration)
            {
                JustOneApiOptionsBinder.Bind(configuration.GetSection(JustOneApiOptions.SectionName), options);
            }
        }
    }

    /// <summary>Fails start-up with the option's own message (which never holds the token).</summary>
    private sealed class Validator : IValidateOptions<JustOneApiOptions>
    {
        public ValidateOptionsResult Validate(string? name, JustOneApiOptions options)
        {
            try
            {
                options.Validate();
                return ValidateOptionsResult.Success;
            }
            catch (JustOneApiConfigurationException ex)
            {
                return ValidateOptionsResult.Fail(ex.Message);
            }
        }
    }
}

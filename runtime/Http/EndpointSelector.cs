using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;

namespace XhsGenerated.Http;

/// <summary>
/// Chooses the base address of each attempt. Endpoints are kept in priority order (the chosen one,
/// then the fallbacks). An endpoint that fails <see cref="JustOneApiOptions.EndpointFailureThreshold"/>
/// times in a row is skipped for <see cref="JustOneApiOptions.EndpointCooldown"/> (a per-endpoint
/// circuit breaker), then tried again; a call whose attempt failed on one endpoint moves its next
/// attempt to the next one. With no failures the client stays where it is. Thread-safe.
/// </summary>
public sealed class EndpointSelector
{
    private readonly Endpoint[] _endpoints;
    private readonly TimeProvider _time;
    private readonly int _threshold;
    private readonly TimeSpan _cooldown;
    private readonly object _gate = new();

    /// <summary>Creates a selector from the options and the document's servers.</summary>
    /// <param name="options">The client's options.</param>
    /// <param name="servers">The document's servers, in its order.</param>
    /// <exception cref="JustOneApiConfigurationException">No endpoint can be chosen, or one is plain HTTP without opt-in.</exception>
    public EndpointSelector(JustOneApiOptions options, IReadOnlyList<JustOneApiServer> servers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(servers);
        _time = options.TimeProvider;
        _threshold = options.EndpointFailureThreshold;
        _cooldown = options.EndpointCooldown;

        var primary = options.BaseAddress ?? Choose(options.Endpoint, servers);
        var all = new[] { primary }.Concat(options.FallbackEndpoints ?? Array.Empty<Uri>()).Distinct().ToList();
        foreach (var address in all)
        {
            Check(address, options.AllowInsecureTransport);
        }

        _endpoints = all.Select(a => new Endpoint(a)).ToArray();
    }

    /// <summary>The base addresses, in priority order.</summary>
    public IReadOnlyList<Uri> Endpoints => _endpoints.Select(e => e.Address).ToArray();

    /// <summary>
    /// The endpoint for an attempt: the first in priority order whose breaker is closed (or whose
    /// cool-down is over) and that has not failed earlier in this call; when every endpoint is out,
    /// the one whose cool-down ends first.
    /// </summary>
    /// <param name="failedInThisCall">Endpoints that already failed during the current call.</param>
    /// <returns>The base address to send to.</returns>
    public Uri Select(IReadOnlyCollection<Uri>? failedInThisCall = null)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            foreach (var endpoint in _endpoints)
            {
                if (endpoint.OpenUntil <= now && failedInThisCall?.Contains(endpoint.Address) != true)
                {
                    return endpoint.Address;
                }
            }

            // All are out: prefer one not yet failed in this call, else the soonest to recover.
            var notFailed = _endpoints.Where(e => failedInThisCall?.Contains(e.Address) != true).OrderBy(e => e.OpenUntil).FirstOrDefault();
            return (notFailed ?? _endpoints.OrderBy(e => e.OpenUntil).First()).Address;
        }
    }

    /// <summary>Records that an endpoint answered; its failure count starts again.</summary>
    /// <param name="address">The endpoint.</param>
    public void ReportSuccess(Uri address)
    {
        lock (_gate)
        {
            var endpoint = Find(address);
            if (endpoint is not null)
            {
                endpoint.ConsecutiveFailures = 0;
                endpoint.OpenUntil = DateTimeOffset.MinValue;
            }
        }
    }

    /// <summary>Records a transport failure, timeout or 5xx; opens the breaker at the threshold.</summary>
    /// <param name="address">The endpoint.</param>
    /// <returns>True when this failure took the endpoint out of rotation.</returns>
    public bool ReportFailure(Uri address)
    {
        lock (_gate)
        {
            var endpoint = Find(address);
            if (endpoint is null)
            {
                return false;
            }

            endpoint.ConsecutiveFailures++;
            if (endpoint.ConsecutiveFailures < _threshold)
            {
                return false;
            }

            endpoint.OpenUntil = _time.GetUtcNow() + _cooldown;
            return true;
        }
    }

    /// <summary>Whether <paramref name="address"/> is plain HTTP to something other than this machine.</summary>
    /// <param name="address">A base address.</param>
    /// <returns>True when the token would travel in clear text over a network.</returns>
    public static bool IsInsecure(Uri address)
        => address.Scheme == Uri.UriSchemeHttp && !IsLoopback(address);

    private static bool IsLoopback(Uri address)
        => address.IsLoopback || (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static Uri Choose(JustOneApiEndpoint endpoint, IReadOnlyList<JustOneApiServer> servers)
    {
        if (servers.Count == 0)
        {
            throw new JustOneApiConfigurationException(
                "The OpenAPI document lists no servers, so JustOneApiOptions.BaseAddress must be set (for example https://api.justoneapi.com).",
                JustOneApiOptions.SectionName + ":BaseAddress");
        }

        if (endpoint == JustOneApiEndpoint.Global)
        {
            return servers.FirstOrDefault(s => s.Name.Contains("global", StringComparison.OrdinalIgnoreCase))?.BaseAddress ?? servers[0].BaseAddress;
        }

        var china = servers.FirstOrDefault(s => s.Name.EndsWith("cn", StringComparison.OrdinalIgnoreCase) || s.Name.Contains("china", StringComparison.OrdinalIgnoreCase))
            ?? (servers.Count > 1 ? servers[1] : null);
        return china?.BaseAddress ?? throw new JustOneApiConfigurationException(
            "The OpenAPI document lists no China server; set JustOneApiOptions.BaseAddress instead of Endpoint = China.",
            JustOneApiOptions.SectionName + ":Endpoint");
    }

    private static void Check(Uri address, bool allowInsecure)
    {
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttps && address.Scheme != Uri.UriSchemeHttp))
        {
            throw new JustOneApiConfigurationException(
                $"'{address}' is not an absolute http or https address. Use a base address such as https://api.justoneapi.com.",
                JustOneApiOptions.SectionName + ":BaseAddress");
        }

        if (!allowInsecure && IsInsecure(address))
        {
            throw new JustOneApiConfigurationException(
                $"'{address.GetLeftPart(UriPartial.Authority)}' is plain HTTP, and the token travels in the query string: it would cross the network in clear text. "
                + "Use an https endpoint, or set JustOneApiOptions.AllowInsecureTransport = true (JustOneApi:AllowInsecureTransport) if you accept that, as the China server requires.",
                JustOneApiOptions.SectionName + ":AllowInsecureTransport");
        }
    }

    private Endpoint? Find(Uri address) => Array.Find(_endpoints, e => e.Address == address);

    private sealed class Endpoint
    {
        public Endpoint(Uri address) => Address = address;

        public Uri Address { get; }

        public int ConsecutiveFailures { get; set; }

        public DateTimeOffset OpenUntil { get; set; } = DateTimeOffset.MinValue;
    }
}

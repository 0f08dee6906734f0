using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using XhsGenerated;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Binds the <c>JustOneApi</c> configuration section to <see cref="JustOneApiOptions"/> key by key,
/// without reflection: it works the same under trimming and Native AOT, where a reflection binder
/// silently binds nothing. Keys are matched case-insensitively, as configuration does.
/// </summary>
internal static class JustOneApiOptionsBinder
{
    /// <summary>Sets every option the section holds; leaves the others as they are.</summary>
    /// <param name="section">The <c>JustOneApi</c> section.</param>
    /// <param name="options">The options to fill.</param>
    /// <exception cref="JustOneApiConfigurationException">A value cannot be read as its option's type.</exception>
    public static void Bind(IConfiguration section, JustOneApiOptions options)
    {
        if (section[nameof(JustOneApiOptions.Token)] is { } token)
        {
            options.Token = token;
        }

        if (section[nameof(JustOneApiOptions.UserAgent)] is { } userAgent)
        {
            options.UserAgent = userAgent;
        }

        if (section[nameof(JustOneApiOptions.RecordTo)] is { Length: > 0 } recordTo)
        {
            options.RecordTo = recordTo;
        }

        Read<JustOneApiEndpoint>(section, nameof(JustOneApiOptions.Endpoint), static (string s, out JustOneApiEndpoint v) => Enum.TryParse(s, ignoreCase: true, out v) && Enum.IsDefined(v), v => options.Endpoint = v, "Global or China");
        Read<Uri>(section, nameof(JustOneApiOptions.BaseAddress), TryParseUri, v => options.BaseAddress = v, "an absolute http(s) URI");
        Read<bool>(section, nameof(JustOneApiOptions.AllowInsecureTransport), bool.TryParse, v => options.AllowInsecureTransport = v, "true or false");
        Read<TimeSpan>(section, nameof(JustOneApiOptions.AttemptTimeout), TryParseTimeSpan, v => options.AttemptTimeout = v, "a time span such as 00:01:00");
        Read<TimeSpan>(section, nameof(JustOneApiOptions.TotalTimeout), TryParseTimeSpan, v => options.TotalTimeout = v, "a time span such as 00:03:00");
        Read<int>(section, nameof(JustOneApiOptions.MaxAttempts), TryParseInt32, v => options.MaxAttempts = v, "an integer");
        Read<TimeSpan>(section, nameof(JustOneApiOptions.RetryBaseDelay), TryParseTimeSpan, v => options.RetryBaseDelay = v, "a time span such as 00:00:01");
        Read<TimeSpan>(section, nameof(JustOneApiOptions.RateLimitBaseDelay), TryParseTimeSpan, v => options.RateLimitBaseDelay = v, "a time span such as 00:00:05");
        Read<TimeSpan>(section, nameof(JustOneApiOptions.MaxRetryDelay), TryParseTimeSpan, v => options.MaxRetryDelay = v, "a time span such as 00:00:30");
        Read<int>(section, nameof(JustOneApiOptions.EndpointFailureThreshold), TryParseInt32, v => options.EndpointFailureThreshold = v, "an integer");
        Read<TimeSpan>(section, nameof(JustOneApiOptions.EndpointCooldown), TryParseTimeSpan, v => options.EndpointCooldown = v, "a time span such as 00:00:30");
        Read<double>(section, nameof(JustOneApiOptions.RequestsPerSecond), TryParseDouble, v => options.RequestsPerSecond = v, "a number of requests per second");
        Read<int>(section, nameof(JustOneApiOptions.MaxConcurrentRequests), TryParseInt32, v => options.MaxConcurrentRequests = v, "an integer");
        Read<long>(section, nameof(JustOneApiOptions.DailyCallBudget), TryParseInt64, v => options.DailyCallBudget = v, "an integer");
        Read<long>(section, nameof(JustOneApiOptions.MaxResponseBytes), TryParseInt64, v => options.MaxResponseBytes = v, "a number of bytes");
        foreach (var child in section.GetSection(nameof(JustOneApiOptions.CacheDurations)).GetChildren())
        {
            if (child.Value is null)
            {
                continue;
            }

            if (!TryParseTimeSpan(child.Value.Trim(), out var duration))
            {
                throw Invalid(child.Path, "a time span such as 00:10:00");
            }

            options.CacheDurations[child.Key] = duration;
        }

        var fallbacks = section.GetSection(nameof(JustOneApiOptions.FallbackEndpoints));
        foreach (var child in fallbacks.GetChildren())
        {
            if (child.Value is null)
            {
                continue;
            }

            if (!TryParseUri(child.Value, out var uri))
            {
                throw Invalid(child.Path, "an absolute http(s) URI");
            }

            if (!options.FallbackEndpoints.Contains(uri))
            {
                options.FallbackEndpoints.Add(uri);
            }
        }
    }

    private delegate bool Parser<T>(string text, out T value);

    private static void Read<T>(IConfiguration section, string key, Parser<T> parse, Action<T> set, string expected)
    {
        var text = section[key];
        if (text is null)
        {
            return;
        }

        if (!parse(text.Trim(), out var value))
        {
            throw Invalid((section as IConfigurationSection)?.Path is { } path ? path + ":" + key : JustOneApiOptions.SectionName + ":" + key, expected);
        }

        set(value);
    }

    private static JustOneApiConfigurationException Invalid(string setting, string expected)
        => new($"{setting} must be {expected}.", setting);

    /// <summary>An absolute http(s) URI; on Unix "/path" would otherwise read as a file URI.</summary>
    private static bool TryParseUri(string text, out Uri value)
        => Uri.TryCreate(text, UriKind.Absolute, out value!) && (value.Scheme == Uri.UriSchemeHttps || value.Scheme == Uri.UriSchemeHttp);

    private static bool TryParseTimeSpan(string text, out TimeSpan value) => TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);

    private static bool TryParseInt32(string text, out int value) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    private static bool TryParseInt64(string text, out long value) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    private static bool TryParseDouble(string text, out double value) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}

using System;

namespace XhsGenerated;

/// <summary>
/// Parts of the runtime a trimmed or native app leaves out unless it asks for them. The response
/// cache is built on HybridCache, whose default JSON serializer is not trim-safe (the cache only ever
/// keeps bytes, so it is never used, but the trimmer cannot know): in a trimmed app the cache is off
/// unless the app sets <c>&lt;RuntimeHostConfigurationOption Include="XhsGenerated.ResponseCache.IsSupported" Value="true" Trim="true" /&gt;</c>
/// (and accepts HybridCache's trim warnings). See ILLink.Substitutions.xml.
/// </summary>
internal static class Features
{
    public const string ResponseCacheSwitch = "XhsGenerated.ResponseCache.IsSupported";

    /// <summary>Whether <see cref="JustOneApiOptions.CacheDurations"/> can be used: always without trimming.</summary>
    public static bool IsResponseCacheSupported => !AppContext.TryGetSwitch(ResponseCacheSwitch, out var enabled) || enabled;
}

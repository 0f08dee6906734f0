using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace XhsGenerated.Generator.Model;

/// <summary>The project's C# version, reduced to what the emitters need: whether it reads UTF-8 string literals (C# 11).</summary>
/// <param name="Version">The effective language version as the user writes it (<c>10.0</c>).</param>
/// <param name="Supported">Whether generated code compiles in it.</param>
internal sealed record LanguageSupport(string Version, bool Supported)
{
    public static LanguageSupport Of(ParseOptions options)
    {
        var version = options is CSharpParseOptions csharp ? csharp.LanguageVersion : LanguageVersion.Latest;
        return new LanguageSupport(version.ToDisplayString(), version >= LanguageVersion.CSharp11);
    }
}

using System;
using Microsoft.CodeAnalysis;

namespace XhsGenerated.Generator.Model;

/// <summary>
/// Documents marked <c>XhsSeparateAssembly=true</c> are compiled once, by the package's MSBuild
/// targets, into an assembly of their own named <c>{AssemblyName}.XhsClients</c> that the project
/// references. A compilation that references it leaves those documents out; one that does not (that
/// assembly itself, a design-time build that has not made it yet, a project without the targets)
/// generates them as usual, so the types are always there exactly once.
/// </summary>
/// <param name="Referenced">Whether the compilation references its clients assembly.</param>
internal sealed record SeparateAssembly(bool Referenced)
{
    private static readonly SeparateAssembly Yes = new(true);
    private static readonly SeparateAssembly No = new(false);

    /// <summary>The MSBuild metadata (and project property) that asks for it.</summary>
    public const string MetadataName = "XhsSeparateAssembly";

    /// <summary>What the targets append to the project's assembly name.</summary>
    public const string Suffix = ".XhsClients";

    /// <summary>
    /// Whether <paramref name="compilation"/> references the assembly its separate documents were compiled
    /// into, as one of two shared instances: a reference type, as every pipeline value is (see SampleSet).
    /// </summary>
    public static SeparateAssembly Of(Compilation compilation) => IsReferenced(compilation) ? Yes : No;

    private static bool IsReferenced(Compilation compilation)
    {
        if (string.IsNullOrEmpty(compilation.AssemblyName))
        {
            return false;
        }

        var expected = compilation.AssemblyName + Suffix;
        foreach (var name in compilation.ReferencedAssemblyNames)
        {
            if (string.Equals(name.Name, expected, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether an MSBuild metadata value says yes (<c>true</c>, any case).</summary>
    public static bool IsRequested(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}

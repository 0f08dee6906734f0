using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace XhsGenerated.Generator.Model;

/// <summary>A place inside an additional file, kept as plain values so it can be cached.</summary>
internal sealed record FileLocation(string Path, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    public Location ToLocation() => Location.Create(
        Path,
        new TextSpan(Start, Length),
        new LinePositionSpan(new LinePosition(StartLine, StartColumn), new LinePosition(EndLine, EndColumn)));
}

/// <summary>A diagnostic to report, by descriptor id, with its message arguments.</summary>
internal sealed record DiagnosticInfo(string Id, FileLocation? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, FileLocation? location, params string[] arguments)
        => new(descriptor.Id, location, arguments.ToEquatableArray());
}

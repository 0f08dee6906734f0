namespace XhsGenerated.Tests.Infrastructure;

/// <summary>Tests that listen to the library's process-wide telemetry run alone, so they count only their own calls.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}

using System.Linq;
using XhsGenerated.Generator.Model;

namespace XhsGenerated.Generator.Emit;

/// <summary>The models a client's operations share (see <c>ModelSharing</c>), and their reader: one file per client.</summary>
internal static class SharedModelEmitter
{
    /// <summary>What the file is made of: the client's name and namespace, and its shared models by name.</summary>
    public static SharedModels Of(ClientModel client)
        => new(
            client with { Operations = EquatableArray<OperationModel>.Empty },
            client.Operations
                .SelectMany(o => o.Response.Models)
                .Where(m => m.Shared)
                .GroupBy(m => m.Name, System.StringComparer.Ordinal)
                .Select(g => g.First())
                .OrderBy(m => m.Name, System.StringComparer.Ordinal)
                .ToEquatableArray());

    public static string HintName(SharedModels shared) => HintNames.Of(shared.Client.Namespace, shared.Client.ClientName, "SharedModels");

    public static string Emit(SharedModels shared)
    {
        var w = GeneratedCode.StartFile(shared.Client.Namespace);
        var models = shared.Models.ToList();
        ModelEmitter.WriteShared(w, shared.Client, models);
        ReaderEmitter.WriteShared(w, shared.Client, models);
        return w.ToString();
    }
}

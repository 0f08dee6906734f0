#if XHS_DOCUMENT_DIFF
namespace Xhs.Cli.OpenApi;

/// <summary>
/// Compares what the generator makes of the old and the new document, member by member, and marks
/// each change breaking or additive for code written against the old client.
/// </summary>
internal static class SurfaceComparison
{
    /// <summary>The changes from <paramref name="before"/> to <paramref name="after"/>, in type and member order.</summary>
    /// <param name="before">The old document with today's samples.</param>
    /// <param name="after">The new document with today's samples and today's examples kept as samples (what the next build sees).</param>
    public static IReadOnlyList<ApiChange> Compare(ApiSurface before, ApiSurface after)
    {
        var changes = new List<ApiChange>();
        foreach (var name in before.Types.Keys.Union(after.Types.Keys).Order(StringComparer.Ordinal))
        {
            before.Types.TryGetValue(name, out var old);
            after.Types.TryGetValue(name, out var now);
            if (old is null)
            {
                changes.Add(new("type-added", false, name, null, $"new {now!.Kind} {name}"));
            }
            else if (now is null)
            {
                changes.Add(new("type-removed", true, name, null, $"the {old.Kind} {name} is gone"));
            }
            else
            {
                CompareMembers(old, now, changes);
            }
        }

        return changes;
    }

    private static void CompareMembers(SurfaceType old, SurfaceType now, List<ApiChange> changes)
    {
        foreach (var key in old.Members.Keys.Union(now.Members.Keys).Order(StringComparer.Ordinal))
        {
            old.Members.TryGetValue(key, out var was);
            now.Members.TryGetValue(key, out var @is);
            var subject = old.Name;
            switch (was, @is)
            {
                case (null, { Kind: "method" } added):
                    changes.Add(new("method-added", false, $"{subject}.{added.Name}", null, $"new method {added.Name}({Signature(added)})"));
                    break;
                case ({ Kind: "method" } removed, null):
                    changes.Add(new("method-removed", true, $"{subject}.{removed.Name}", null, $"the method {removed.Name}({Signature(removed)}) is gone"));
                    break;
                case (null, { Kind: "value" } added):
                    changes.Add(new("enum-value-added", false, subject, added.Name, $"new value {added.Name} ({added.Type})"));
                    break;
                case ({ Kind: "value" } removed, null):
                    changes.Add(new("enum-value-removed", true, subject, removed.Name, $"the value {removed.Name} ({removed.Type}) is gone"));
                    break;
                case (null, { } added):
                    changes.Add(new("member-added", false, subject, added.Name, $"new {added.Type} {added.Name}"));
                    break;
                case ({ } removed, null):
                    changes.Add(new("member-removed", true, subject, removed.Name, $"{removed.Name} ({removed.Type}) is gone"));
                    break;
                case ({ Kind: "method" } m1, { Kind: "method" } m2):
                    CompareParameters($"{subject}.{m1.Name}", m1.Parameters, m2.Parameters, changes);
                    if (m1.Type != m2.Type)
                    {
                        changes.Add(new("method-retyped", true, $"{subject}.{m1.Name}", null, $"returns {m2.Type}, was {m1.Type}"));
                    }

                    break;
                case ({ } p1, { } p2) when p1.Type != p2.Type:
                    changes.Add(new(p1.Kind == "value" ? "enum-value-retyped" : "member-retyped", true, subject, p1.Name, $"{p1.Name} is {p2.Type}, was {p1.Type}"));
                    break;
                case ({ Kind: "property", KeptBySamples: false } kept, { Kind: "property", KeptBySamples: true }):
                    changes.Add(new("member-kept-by-sample", false, subject, kept.Name, $"{kept.Name} ({kept.Type}) is no longer in the document's example; a kept sample still holds it, so it stays"));
                    break;
            }
        }
    }

    private static void CompareParameters(string subject, IReadOnlyList<SurfaceParameter> old, IReadOnlyList<SurfaceParameter> now, List<ApiChange> changes)
    {
        var oldByName = old.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var nowByName = now.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var removed = old.Where(p => !nowByName.ContainsKey(p.Name)).ToList();
        var added = now.Where(p => !oldByName.ContainsKey(p.Name)).ToList();

        // A parameter that left and one that came at the same place with the same type: a rename.
        foreach (var gone in removed.ToList())
        {
            var index = IndexOf(old, gone.Name);
            if (added.FirstOrDefault(a => IndexOf(now, a.Name) == index && a.Type == gone.Type) is { } renamed)
            {
                removed.Remove(gone);
                added.Remove(renamed);
                changes.Add(new("parameter-renamed", true, subject, renamed.Name, $"parameter {gone.Name} is now {renamed.Name} ({renamed.Type}); calls that name it break"));
            }
        }

        foreach (var gone in removed)
        {
            changes.Add(new("parameter-removed", true, subject, gone.Name, $"parameter {gone.Name} ({gone.Type}) is gone"));
        }

        foreach (var came in added)
        {
            var required = came.Default is null;
            changes.Add(new("parameter-added", required, subject, came.Name, required ? $"new required parameter {came.Name} ({came.Type})" : $"new optional parameter {came.Name} ({came.Type} = {came.Default})"));
        }

        foreach (var was in old.Where(p => nowByName.ContainsKey(p.Name)))
        {
            var @is = nowByName[was.Name];
            var sameType = was.Type == @is.Type || (was.Default != @is.Default && was.Type.TrimEnd('?') == @is.Type.TrimEnd('?'));
            if (!sameType)
            {
                changes.Add(new("parameter-retyped", true, subject, was.Name, $"parameter {was.Name} is {@is.Type}, was {was.Type}"));
            }
            else if (was.Default is not null && @is.Default is null)
            {
                changes.Add(new("parameter-now-required", true, subject, was.Name, $"parameter {was.Name} ({was.Type}) is now required"));
            }
            else if (was.Default is null && @is.Default is not null)
            {
                changes.Add(new("parameter-now-optional", false, subject, was.Name, $"parameter {was.Name} ({was.Type}) is now optional (= {@is.Default})"));
            }
        }
    }

    private static int IndexOf(IReadOnlyList<SurfaceParameter> parameters, string name)
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            if (parameters[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Signature(SurfaceMember method) => string.Join(", ", method.Parameters.Select(p => p.Default is null ? $"{p.Type} {p.Name}" : $"{p.Type} {p.Name} = {p.Default}"));
}
#endif

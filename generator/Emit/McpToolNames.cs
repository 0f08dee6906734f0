using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using XhsGenerated.Generator.Model;

namespace XhsGenerated.Generator.Emit;

/// <summary>MCP tool names: readable, valid under the specification's rules, unique and deterministic.</summary>
internal static class McpToolNames
{
    /// <summary>The MCP specification's limit we keep to (some clients cut at 64 characters).</summary>
    public const int MaxNameLength = 64;

    /// <summary>The platform a client names: <c>XiaohongshuClient</c> → <c>Xiaohongshu</c>.</summary>
    public static string Platform(ClientModel client)
        => client.ClientName.EndsWith("Client", System.StringComparison.Ordinal) && client.ClientName.Length > 6 ? client.ClientName.Substring(0, client.ClientName.Length - 6) : client.ClientName;

    /// <summary>
    /// Every operation's tool name, <c>{platform}_{operation}</c> in snake case (<c>xiaohongshu_search_user_v2</c>):
    /// only <c>a-z 0-9 _</c>, at most 64 characters, unique; a clash takes <c>_2</c>, <c>_3</c>… in client and operation order.
    /// </summary>
    public static Dictionary<(string Namespace, string Client, string Operation), string> Assign(EquatableArray<ClientModel> clients, out List<(string OperationId, string From, string To)> renamed)
    {
        var names = new Dictionary<(string, string, string), string>();
        var taken = new HashSet<string>(System.StringComparer.Ordinal);
        renamed = new List<(string, string, string)>();
        foreach (var client in clients.OrderBy(c => c.Namespace, System.StringComparer.Ordinal).ThenBy(c => c.ClientName, System.StringComparer.Ordinal))
        {
            var platform = Platform(client);
            foreach (var operation in client.Operations)
            {
                var wanted = Fit(Snake(platform) + "_" + Snake(operation.MethodName));
                var name = wanted;
                for (var n = 2; !taken.Add(name); n++)
                {
                    var suffix = "_" + n.ToString(CultureInfo.InvariantCulture);
                    name = (wanted.Length + suffix.Length > MaxNameLength ? wanted.Substring(0, MaxNameLength - suffix.Length) : wanted) + suffix;
                }

                if (name != wanted)
                {
                    renamed.Add((operation.OperationId, wanted, name));
                }

                names[(client.Namespace, client.ClientName, operation.Name)] = name;
            }
        }

        return names;
    }

    /// <summary><c>SearchUserV2</c> → <c>search_user_v2</c>; a character outside ASCII letters and digits becomes its code point (<c>u6700</c>).</summary>
    public static string Snake(string pascal)
    {
        var text = new StringBuilder(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (c < 128 && char.IsLetterOrDigit(c))
            {
                var boundary = i > 0 && char.IsUpper(c) && (char.IsLower(pascal[i - 1]) || char.IsDigit(pascal[i - 1]) || (char.IsUpper(pascal[i - 1]) && i + 1 < pascal.Length && char.IsLower(pascal[i + 1])));
                if (boundary && text.Length > 0 && text[text.Length - 1] != '_')
                {
                    text.Append('_');
                }

                text.Append(char.ToLowerInvariant(c));
            }
            else if (c == '_')
            {
                if (text.Length > 0 && text[text.Length - 1] != '_')
                {
                    text.Append('_');
                }
            }
            else if (!char.IsLowSurrogate(c))
            {
                var code = char.IsHighSurrogate(c) && i + 1 < pascal.Length ? char.ConvertToUtf32(c, pascal[i + 1]) : c;
                text.Append(text.Length > 0 && text[text.Length - 1] != '_' ? "_" : "").Append('u').Append(code.ToString("x4", CultureInfo.InvariantCulture));
            }
        }

        var snake = text.ToString().Trim('_');
        return snake.Length == 0 ? "operation" : snake;
    }

    /// <summary>At most 64 characters: a longer name keeps its start and a hash of the whole.</summary>
    public static string Fit(string name)
    {
        if (name.Length <= MaxNameLength)
        {
            return name;
        }

        var hash = 2166136261u;
        foreach (var c in name)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return name.Substring(0, MaxNameLength - 9).TrimEnd('_') + "_" + hash.ToString("x8", CultureInfo.InvariantCulture);
    }
}

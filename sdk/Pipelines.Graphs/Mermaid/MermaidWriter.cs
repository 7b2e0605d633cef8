using System.Text;

namespace Pipelines.Graphs;

/// <summary>
/// Writes a <see cref="TaskGraph"/> as a Mermaid <c>flowchart TD</c>: one node per task, one
/// <c>subgraph</c> per group (titled like <c>if acc &gt;= 0.9</c>), data edges labelled with the
/// outputs that flow, orderings dotted. Optional task states add a class per state.
/// </summary>
public static class MermaidWriter
{
    /// <param name="states">Optional: node or group id → state, coloured with one <c>classDef</c> per state.</param>
    public static string Write(TaskGraph graph, IReadOnlyDictionary<string, TaskState>? states = null)
    {
        var ids = new Mermaid.MermaidIds();
        var sb = new StringBuilder();
        sb.Append("%% pipeline ").Append(graph.Name.Replace('\n', ' ')).Append('\n');
        sb.Append("flowchart TD\n");
        WriteScope(sb, graph, null, ids, 1);
        foreach (var edge in graph.Edges)
        {
            sb.Append("  ").Append(ids.For(edge.From));
            sb.Append(edge.Kind switch
            {
                EdgeKind.Order => " -.-> ",
                EdgeKind.FinalStatus => $" -.->|\"{Escape(edge.Label)}\"| ",
                _ => $" -->|\"{Escape(edge.Label)}\"| ",
            });
            sb.Append(ids.For(edge.To)).Append('\n');
        }
        if (states is { Count: > 0 })
        {
            foreach (var state in states.Values.Distinct().Order())
            {
                var colour = StateColours.For(state);
                sb.Append($"  classDef {Name(state)} fill:{colour.Fill},stroke:{colour.Stroke},color:{colour.Text}\n");
            }
            foreach (var (id, state) in states.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                if (graph.Nodes.Any(n => n.Id == id) || graph.Groups.Any(g => g.Id == id))
                    sb.Append($"  class {ids.For(id)} {Name(state)}\n");
            }
        }
        return sb.ToString();
    }

    private static void WriteScope(StringBuilder sb, TaskGraph graph, string? groupId, Mermaid.MermaidIds ids, int depth)
    {
        string indent = new(' ', depth * 2);
        foreach (var node in graph.NodesIn(groupId))
        {
            var label = Escape(node.Label);
            sb.Append(indent).Append(ids.For(node.Id))
              .Append(node.Kind == NodeKind.Importer ? $"[/\"{label}\"/]" : $"[\"{label}\"]").Append('\n');
        }
        foreach (var group in graph.GroupsIn(groupId))
        {
            sb.Append(indent).Append("subgraph ").Append(ids.For(group.Id)).Append("[\"").Append(Escape(group.Title)).Append("\"]\n");
            WriteScope(sb, graph, group.Id, ids, depth + 1);
            sb.Append(indent).Append("end\n");
        }
    }

    private static string Name(TaskState state) => state.ToString().ToLowerInvariant();

    /// <summary>Inside Mermaid's quoted labels only <c>"</c> and line breaks need care; <c>#</c> starts an entity code.</summary>
    private static string Escape(string text) => text
        .Replace("#", "#35;", StringComparison.Ordinal)
        .Replace("\"", "#quot;", StringComparison.Ordinal)
        .Replace("\r", " ", StringComparison.Ordinal)
        .Replace("\n", " ", StringComparison.Ordinal);
}

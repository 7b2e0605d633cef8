using System.Text;

namespace Pipelines.Graphs.Mermaid;

/// <summary>Mermaid node ids from graph ids: letters, digits and <c>_</c> only, never a Mermaid keyword,
/// unique within one diagram (a clash gets a numeric suffix).</summary>
internal sealed class MermaidIds
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "end", "subgraph", "graph", "flowchart", "class", "classDef", "click", "style", "linkStyle", "direction", "default",
    };

    private readonly Dictionary<string, string> _byGraphId = new(StringComparer.Ordinal);
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    public string For(string graphId)
    {
        if (_byGraphId.TryGetValue(graphId, out var id)) return id;
        var sb = new StringBuilder(graphId.Length);
        foreach (var c in graphId)
        {
            sb.Append(c switch
            {
                '/' => "__",
                _ when char.IsAsciiLetterOrDigit(c) => c.ToString(),
                _ => "_",
            });
        }

        var candidate = sb.Length == 0 || !char.IsAsciiLetter(sb[0]) || Reserved.Contains(sb.ToString()) ? "t_" + sb : sb.ToString();
        var unique = candidate;
        for (var n = 2; !_taken.Add(unique); n++) unique = $"{candidate}_{n}";
        _byGraphId[graphId] = unique;
        return unique;
    }
}

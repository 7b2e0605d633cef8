namespace Pipelines.Graphs.Layout;

/// <summary>
/// Lays a <see cref="TaskGraph"/> out top to bottom, Sugiyama-style, one DAG at a time: a group
/// is laid out first (its members, recursively) and then placed in its parent's DAG as one block,
/// so a group's members stay together inside its frame. The IR only joins tasks of one DAG, so no
/// edge ever has to cross a frame. See <see cref="ScopeLayout"/> for the steps within one DAG.
/// </summary>
public static class LayeredLayout
{
    internal const double NodeFontSize = 14;
    internal const double LabelFontSize = 12;
    internal const double TitleFontSize = 13;
    internal const double NodeHeight = 38;
    internal const double NodePaddingX = 14;
    internal const double MinNodeWidth = 90;
    internal const double GroupPadding = 14;
    internal const double GroupTitleHeight = 26;
    internal const double LabelHeight = 18;

    public static GraphLayout Compute(TaskGraph graph)
    {
        var scopes = new Dictionary<string, ScopeLayout.Result>(StringComparer.Ordinal);
        var root = LayoutScope(graph, null, scopes);

        var nodes = new List<NodeBox>();
        var groups = new List<GroupBox>();
        var edges = new List<EdgeRoute>();
        var byId = new Placement(
            graph.Nodes.ToDictionary(n => n.Id, StringComparer.Ordinal),
            graph.Groups.ToDictionary(g => g.Id, StringComparer.Ordinal),
            scopes, nodes, groups, edges);
        Place(byId, root, 0, 0);
        return new GraphLayout(root.Width, root.Height,
            new(nodes.OrderBy(n => n.Node.Id, StringComparer.Ordinal)),
            new(groups.OrderBy(g => g.Group.Id, StringComparer.Ordinal)),
            new(edges));
    }

    /// <summary>The size a node's box needs for its label.</summary>
    internal static (double Width, double Height) NodeSize(GraphNode node) =>
        (Math.Max(MinNodeWidth, TextMetrics.Width(node.Label, NodeFontSize) + 2 * NodePaddingX), NodeHeight);

    private static ScopeLayout.Result LayoutScope(TaskGraph graph, string? groupId, Dictionary<string, ScopeLayout.Result> scopes)
    {
        var items = new List<ScopeLayout.Item>();
        foreach (var node in graph.NodesIn(groupId))
        {
            var (w, h) = NodeSize(node);
            items.Add(new ScopeLayout.Item(node.Id, w, h));
        }
        foreach (var group in graph.GroupsIn(groupId))
        {
            var inner = LayoutScope(graph, group.Id, scopes);
            scopes[group.Id] = inner;
            var titleWidth = TextMetrics.Width(group.Title, TitleFontSize, bold: true);
            var w = Math.Max(inner.Width, titleWidth) + 2 * GroupPadding;
            var h = GroupTitleHeight + Math.Max(inner.Height, 10) + GroupPadding;
            items.Add(new ScopeLayout.Item(group.Id, w, h));
        }
        var ids = items.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var edges = graph.Edges.Where(e => ids.Contains(e.From) && ids.Contains(e.To)).ToList();
        return ScopeLayout.Compute(items, edges);
    }

    private sealed record Placement(
        Dictionary<string, GraphNode> Nodes, Dictionary<string, GraphGroup> Groups, Dictionary<string, ScopeLayout.Result> Scopes,
        List<NodeBox> NodeBoxes, List<GroupBox> GroupBoxes, List<EdgeRoute> Routes);

    /// <summary>Moves one DAG's layout to (<paramref name="dx"/>, <paramref name="dy"/>) and its groups' members into their frames.</summary>
    private static void Place(Placement p, ScopeLayout.Result scope, double dx, double dy)
    {
        foreach (var (id, box) in scope.Boxes)
        {
            var moved = box with { X = box.X + dx, Y = box.Y + dy };
            if (p.Nodes.TryGetValue(id, out var node))
            {
                p.NodeBoxes.Add(new NodeBox(node, moved));
                continue;
            }
            p.GroupBoxes.Add(new GroupBox(p.Groups[id], moved, GroupTitleHeight));
            var inner = p.Scopes[id];
            // The members are centred under the title.
            Place(p, inner, moved.X + (moved.Width - inner.Width) / 2, moved.Y + GroupTitleHeight);
        }
        foreach (var route in scope.Routes)
        {
            var points = route.Points.Select(q => new Point(q.X + dx, q.Y + dy));
            var label = route.LabelBox is { } l ? l with { X = l.X + dx, Y = l.Y + dy } : (Box?)null;
            p.Routes.Add(new EdgeRoute(route.Edge, new(points), label));
        }
    }
}

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
        Place(graph, root, 0, 0, scopes, nodes, groups, edges);
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
            double titleWidth = TextMetrics.Width(group.Title, TitleFontSize, bold: true);
            double w = Math.Max(inner.Width, titleWidth) + 2 * GroupPadding;
            double h = GroupTitleHeight + Math.Max(inner.Height, 10) + GroupPadding;
            items.Add(new ScopeLayout.Item(group.Id, w, h));
        }
        var ids = items.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var edges = graph.Edges.Where(e => ids.Contains(e.From) && ids.Contains(e.To)).ToList();
        return ScopeLayout.Compute(items, edges);
    }

    private static void Place(TaskGraph graph, ScopeLayout.Result scope, double dx, double dy,
        Dictionary<string, ScopeLayout.Result> scopes, List<NodeBox> nodes, List<GroupBox> groups, List<EdgeRoute> edges)
    {
        foreach (var (id, box) in scope.Boxes)
        {
            var moved = box with { X = box.X + dx, Y = box.Y + dy };
            if (graph.Nodes.FirstOrDefault(n => n.Id == id) is { } node)
            {
                nodes.Add(new NodeBox(node, moved));
                continue;
            }
            var group = graph.Groups.First(g => g.Id == id);
            groups.Add(new GroupBox(group, moved, GroupTitleHeight));
            var inner = scopes[id];
            // The members are centred under the title.
            double innerX = moved.X + (moved.Width - inner.Width) / 2;
            Place(graph, inner, innerX, moved.Y + GroupTitleHeight, scopes, nodes, groups, edges);
        }
        foreach (var route in scope.Routes)
        {
            var points = route.Points.Select(p => new Point(p.X + dx, p.Y + dy));
            var label = route.LabelBox is { } l ? l with { X = l.X + dx, Y = l.Y + dy } : (Box?)null;
            edges.Add(new EdgeRoute(route.Edge, new(points), label));
        }
    }
}

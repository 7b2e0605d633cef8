using System.Globalization;
using System.Text;
using Pipelines.Graphs.Layout;

namespace Pipelines.Graphs;

/// <summary>
/// Draws a <see cref="TaskGraph"/> as a self-contained SVG (no scripts, no external fonts or
/// images): groups as titled frames, tasks as boxes, edges as arrows with their outputs written on
/// them. Task states, when given, colour the boxes (a picture of a run).
/// </summary>
public static class SvgWriter
{
    private const double Margin = 16;
    private const double HeaderHeight = 30;
    private const string FontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif";

    /// <param name="states">Optional: node or group id (see <see cref="GraphNode.Id"/>) → state.</param>
    public static string Write(TaskGraph graph, IReadOnlyDictionary<string, TaskState>? states = null) =>
        Write(graph, LayeredLayout.Compute(graph), states);

    public static string Write(TaskGraph graph, GraphLayout layout, IReadOnlyDictionary<string, TaskState>? states = null)
    {
        states ??= new Dictionary<string, TaskState>();
        var legend = Legend(states);
        var headerWidth = TextMetrics.Width(graph.Name, 16, bold: true) + (legend.Count > 0 ? 24 + legend.Sum(l => l.Width) : 0);
        var width = Math.Ceiling(Math.Max(layout.Width, headerWidth) + 2 * Margin);
        var height = Math.Ceiling(layout.Height + HeaderHeight + 2 * Margin);
        var sb = new StringBuilder();
        sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(width)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(width)} {N(height)}\" font-family=\"{FontFamily}\">\n");
        sb.Append($"<title>{Xml(graph.Name)}</title>\n");
        sb.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto\">")
          .Append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#4b5563\"/></marker></defs>\n");
        sb.Append($"<rect width=\"{N(width)}\" height=\"{N(height)}\" fill=\"#ffffff\"/>\n");
        sb.Append($"<text x=\"{N(Margin)}\" y=\"{N(Margin + 18)}\" font-size=\"16\" font-weight=\"bold\" fill=\"#111827\">{Xml(graph.Name)}</text>\n");
        // With states: a legend of the states shown, right of the title.
        var lx = Margin + TextMetrics.Width(graph.Name, 16, bold: true) + 24;
        foreach (var (state, itemWidth) in legend)
        {
            var colour = StateColours.For(state);
            sb.Append($"<rect x=\"{N(lx)}\" y=\"{N(Margin + 6)}\" width=\"14\" height=\"14\" rx=\"3\" fill=\"{colour.Fill}\" stroke=\"{colour.Stroke}\" stroke-width=\"1.5\"/>");
            sb.Append($"<text x=\"{N(lx + 19)}\" y=\"{N(Margin + 18)}\" font-size=\"12\" fill=\"#374151\">{Name(state)}</text>\n");
            lx += itemWidth;
        }
        sb.Append($"<g transform=\"translate({N(Margin)},{N(Margin + HeaderHeight)})\">\n");

        // Outer frames first, so inner ones are drawn over them.
        foreach (var group in layout.Groups.OrderBy(g => g.Group.Id.Count(c => c == '/')).ThenBy(g => g.Group.Id, StringComparer.Ordinal))
            WriteGroup(sb, group, states);
        foreach (var edge in layout.Edges) WriteEdge(sb, edge);
        foreach (var edge in layout.Edges.Where(e => e.LabelBox is not null)) WriteEdgeLabel(sb, edge);
        foreach (var node in layout.Nodes) WriteNode(sb, node, states);

        sb.Append("</g>\n</svg>\n");
        return sb.ToString();
    }

    private static List<(TaskState State, double Width)> Legend(IReadOnlyDictionary<string, TaskState> states) =>
        states.Values.Distinct().Order().Select(s => (s, 19 + TextMetrics.Width(Name(s), 12) + 14)).ToList();

    private static string Name(TaskState state) => state.ToString().ToLowerInvariant();

    private static void WriteGroup(StringBuilder sb, GroupBox group, IReadOnlyDictionary<string, TaskState> states)
    {
        var (fill, stroke, dash) = group.Group.Kind switch
        {
            GroupKind.Condition => ("#fefce8", "#ca8a04", ""),
            GroupKind.Branches => ("#fffbeb", "#d97706", " stroke-dasharray=\"6 4\""),
            GroupKind.Loop => ("#eff6ff", "#3b82f6", ""),
            GroupKind.ExitHandler => ("#fdf2f8", "#db2777", ""),
            _ => ("#f5f3ff", "#7c3aed", ""),
        };
        if (states.TryGetValue(group.Group.Id, out var state)) (fill, stroke) = (StateColours.For(state).Fill, StateColours.For(state).Stroke);
        var b = group.Box;
        sb.Append($"<g class=\"group {group.Group.Kind.ToString().ToLowerInvariant()}\"><title>{Xml(group.Group.Id)}</title>");
        sb.Append($"<rect x=\"{N(b.X)}\" y=\"{N(b.Y)}\" width=\"{N(b.Width)}\" height=\"{N(b.Height)}\" rx=\"8\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"{dash}/>");
        sb.Append($"<text x=\"{N(b.X + 10)}\" y=\"{N(b.Y + 18)}\" font-size=\"{N(LayeredLayout.TitleFontSize)}\" font-weight=\"bold\" fill=\"{stroke}\">{Xml(group.Group.Title)}</text></g>\n");
    }

    private static void WriteEdge(StringBuilder sb, EdgeRoute edge)
    {
        var points = edge.Points;
        var d = new StringBuilder();
        for (var i = 0; i < points.Count; i++) d.Append(i == 0 ? "M" : " L").Append(N(points[i].X)).Append(',').Append(N(points[i].Y));
        var dash = edge.Edge.Kind switch
        {
            EdgeKind.Order => " stroke-dasharray=\"5 4\"",
            EdgeKind.FinalStatus => " stroke-dasharray=\"2 3\"",
            _ => "",
        };
        sb.Append($"<path class=\"edge\" d=\"{d}\" fill=\"none\" stroke=\"#4b5563\" stroke-width=\"1.5\"{dash} marker-end=\"url(#arrow)\"><title>{Xml(edge.Edge.From)} → {Xml(edge.Edge.To)}</title></path>\n");
    }

    private static void WriteEdgeLabel(StringBuilder sb, EdgeRoute edge)
    {
        var b = edge.LabelBox!.Value;
        sb.Append($"<rect x=\"{N(b.X)}\" y=\"{N(b.Y)}\" width=\"{N(b.Width)}\" height=\"{N(b.Height)}\" rx=\"3\" fill=\"#ffffff\" stroke=\"#d1d5db\" stroke-width=\"0.75\"/>");
        sb.Append($"<text x=\"{N(b.CenterX)}\" y=\"{N(b.Y + 13)}\" font-size=\"{N(LayeredLayout.LabelFontSize)}\" text-anchor=\"middle\" fill=\"#374151\">{Xml(edge.Edge.Label)}</text>\n");
    }

    private static void WriteNode(StringBuilder sb, NodeBox node, IReadOnlyDictionary<string, TaskState> states)
    {
        var colour = states.TryGetValue(node.Node.Id, out var state) ? StateColours.For(state) : new StateColours.Colour("#ffffff", "#4b5563", "#111827");
        var b = node.Box;
        var tooltip = state is var s && states.ContainsKey(node.Node.Id) ? $"{node.Node.Id} ({Name(s)})" : node.Node.Id;
        var dash = node.Node.Kind == NodeKind.Importer ? " stroke-dasharray=\"4 3\"" : "";
        sb.Append($"<g class=\"node\"><title>{Xml(tooltip)}</title>");
        sb.Append($"<rect x=\"{N(b.X)}\" y=\"{N(b.Y)}\" width=\"{N(b.Width)}\" height=\"{N(b.Height)}\" rx=\"6\" fill=\"{colour.Fill}\" stroke=\"{colour.Stroke}\" stroke-width=\"1.5\"{dash}/>");
        sb.Append($"<text x=\"{N(b.CenterX)}\" y=\"{N(b.CenterY + 5)}\" font-size=\"{N(LayeredLayout.NodeFontSize)}\" text-anchor=\"middle\" fill=\"{colour.Text}\">{Xml(node.Node.Label)}</text></g>\n");
    }

    private static string N(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    private static string Xml(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '"' => "&quot;",
                '\'' => "&apos;",
                // Characters XML 1.0 does not allow at all.
                _ when c < 0x20 && c != '\t' && c != '\n' && c != '\r' => " ",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }
}

namespace Pipelines.Graphs.Layout;

/// <summary>An axis-aligned rectangle; y grows downwards, as in SVG.</summary>
public readonly record struct Box(double X, double Y, double Width, double Height)
{
    public double Right => X + Width;
    public double Bottom => Y + Height;
    public double CenterX => X + Width / 2;
    public double CenterY => Y + Height / 2;

    public bool Overlaps(Box other) => X < other.Right && other.X < Right && Y < other.Bottom && other.Y < Bottom;
}

public readonly record struct Point(double X, double Y);

public sealed record NodeBox(GraphNode Node, Box Box);

/// <summary>A group's frame; its title sits in the top <paramref name="TitleHeight"/> pixels.</summary>
public sealed record GroupBox(GraphGroup Group, Box Box, double TitleHeight);

/// <summary>An edge as a polyline from the producer's bottom to the consumer's top, and where its label goes.</summary>
public sealed record EdgeRoute(GraphEdge Edge, EquatableList<Point> Points, Box? LabelBox);

/// <summary>Where everything of a <see cref="TaskGraph"/> is drawn, in pixels from the top left.</summary>
public sealed record GraphLayout(double Width, double Height, EquatableList<NodeBox> Nodes, EquatableList<GroupBox> Groups, EquatableList<EdgeRoute> Edges);

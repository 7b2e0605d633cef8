using Pipelines.Graphs.Layout;

namespace Pipelines.Graphs.Tests;

/// <summary>Geometric checks of a layout.</summary>
internal static class Geometry
{
    public static void AssertClean(TaskGraph graph, GraphLayout layout, string context = "")
    {
        var boxes = layout.Nodes.Select(n => (Id: n.Node.Id, n.Box)).Concat(layout.Groups.Select(g => (Id: g.Group.Id, g.Box))).ToList();

        // Boxes: two boxes overlap only when one is a group holding the other.
        for (var i = 0; i < boxes.Count; i++)
        {
            for (var j = i + 1; j < boxes.Count; j++)
            {
                var (a, b) = (boxes[i], boxes[j]);
                if (Contains(a.Id, b.Id) || Contains(b.Id, a.Id))
                {
                    var (outer, inner) = Contains(a.Id, b.Id) ? (a.Box, b.Box) : (b.Box, a.Box);
                    Assert.IsTrue(Inside(inner, outer), $"{context}: {a.Id} / {b.Id}: a member sticks out of its group");
                }
                else
                {
                    Assert.IsFalse(a.Box.Overlaps(b.Box), $"{context}: boxes {a.Id} and {b.Id} overlap");
                }
            }
        }

        var labels = layout.Edges.Where(e => e.LabelBox is not null).Select(e => (Edge: e.Edge, Box: e.LabelBox!.Value)).ToList();
        foreach (var route in layout.Edges)
        {
            var edge = $"{context}: edge {route.Edge.From} -> {route.Edge.To}";
            Assert.IsGreaterThanOrEqualTo(2, route.Points.Count, edge);
            var from = boxes.Single(b => b.Id == route.Edge.From).Box;
            var to = boxes.Single(b => b.Id == route.Edge.To).Box;
            Assert.IsTrue(OnBorder(route.Points[0], from), $"{edge} starts on its producer's border");
            Assert.IsTrue(OnBorder(route.Points[^1], to), $"{edge} ends on its consumer's border");
            for (var i = 0; i + 1 < route.Points.Count; i++)
            {
                var (p, q) = (route.Points[i], route.Points[i + 1]);
                foreach (var (id, box) in boxes)
                {
                    // Its own endpoints, and the groups the edge runs inside, are expected to be touched.
                    if (id == route.Edge.From || id == route.Edge.To || Contains(id, route.Edge.From)) continue;
                    Assert.IsFalse(SegmentEntersBox(p, q, box), $"{edge}: segment ({p.X},{p.Y})-({q.X},{q.Y}) crosses {id}");
                }
                foreach (var label in labels.Where(l => l.Edge != route.Edge))
                    Assert.IsFalse(SegmentEntersBox(p, q, label.Box), $"{edge} crosses the label of {label.Edge.From} -> {label.Edge.To}");
            }
        }
        foreach (var label in labels)
        {
            foreach (var (id, box) in boxes)
            {
                if (!Contains(id, label.Edge.From))
                    Assert.IsFalse(label.Box.Overlaps(box), $"{context}: label of {label.Edge.From} -> {label.Edge.To} covers {id}");
            }

            foreach (var other in labels.Where(o => o.Edge != label.Edge))
                Assert.IsFalse(label.Box.Overlaps(other.Box), $"{context}: labels of {label.Edge.To} and {other.Edge.To} overlap");
        }
        Assert.IsTrue(boxes.All(b => b.Box.X >= -0.01 && b.Box.Y >= -0.01 && b.Box.Right <= layout.Width + 0.01 && b.Box.Bottom <= layout.Height + 0.01),
            $"{context}: everything lies inside the picture");
    }

    /// <summary>Whether group <paramref name="groupId"/> (transitively) holds <paramref name="id"/>.</summary>
    private static bool Contains(string groupId, string id) => id.StartsWith(groupId + "/", StringComparison.Ordinal);

    private static bool Inside(Box inner, Box outer) =>
        inner.X >= outer.X && inner.Y >= outer.Y && inner.Right <= outer.Right && inner.Bottom <= outer.Bottom;

    private static bool OnBorder(Point p, Box b) =>
        p.X >= b.X - 0.01 && p.X <= b.Right + 0.01 && (Math.Abs(p.Y - b.Y) < 0.01 || Math.Abs(p.Y - b.Bottom) < 0.01);

    /// <summary>Whether two polylines cross properly (one passes from one side of the other to the other
    /// side); meeting at an end point, as edges of one task do at its border, does not count.</summary>
    public static bool RoutesCross(IReadOnlyList<Point> a, IReadOnlyList<Point> b)
    {
        for (var i = 0; i + 1 < a.Count; i++)
        {
            for (var j = 0; j + 1 < b.Count; j++)
                if (ProperlyIntersect(a[i], a[i + 1], b[j], b[j + 1])) return true;
        }

        return false;
    }

    private static bool ProperlyIntersect(Point p1, Point p2, Point q1, Point q2)
    {
        static double Cross(Point o, Point a, Point b) => (a.X - o.X) * (b.Y - o.Y) - (a.Y - o.Y) * (b.X - o.X);
        double d1 = Cross(q1, q2, p1), d2 = Cross(q1, q2, p2), d3 = Cross(p1, p2, q1), d4 = Cross(p1, p2, q2);
        const double e = 1e-6;
        return ((d1 > e && d2 < -e) || (d1 < -e && d2 > e)) && ((d3 > e && d4 < -e) || (d3 < -e && d4 > e));
    }

    /// <summary>Whether the segment passes through the box's interior (touching its border is allowed).
    /// Liang–Barsky clipping against the box shrunk by a hair.</summary>
    public static bool SegmentEntersBox(Point p, Point q, Box box)
    {
        const double e = 0.01;
        double x0 = box.X + e, y0 = box.Y + e, x1 = box.Right - e, y1 = box.Bottom - e;
        double dx = q.X - p.X, dy = q.Y - p.Y, t0 = 0, t1 = 1;
        foreach (var (pk, qk) in new[] { (-dx, p.X - x0), (dx, x1 - p.X), (-dy, p.Y - y0), (dy, y1 - p.Y) })
        {
            if (pk == 0)
            {
                if (qk < 0) return false;
                continue;
            }
            var t = qk / pk;
            if (pk < 0) t0 = Math.Max(t0, t);
            else t1 = Math.Min(t1, t);
            if (t0 > t1) return false;
        }
        return true;
    }
}

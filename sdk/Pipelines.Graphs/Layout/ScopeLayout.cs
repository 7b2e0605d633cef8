namespace Pipelines.Graphs.Layout;

/// <summary>
/// The layered layout of one DAG whose items (tasks, or whole groups as blocks) have known sizes:
/// <list type="number">
/// <item>layers by longest path from the sources (a source moves down next to its first consumer);</item>
/// <item>items on even ranks, and every edge broken by dummy vertices on each rank it passes; the
///   first dummy, on the odd rank just below the producer, carries the edge's label and is as wide
///   as it, so labels take room like items do and never overlap;</item>
/// <item>the order within each rank by barycenter sweeps, keeping the order with fewest crossings,
///   then swaps of neighbours where the sweeps stop at a tie;</item>
/// <item>x by repeated weighted least-squares placement towards neighbours (pool-adjacent-violators,
///   which keeps the order and the spacing), dummies weighted more, and each long edge's dummies put
///   on one vertical line where their neighbours leave room, so long edges run straight;</item>
/// <item>edges as polylines: straight down inside the producer's column to the bottom of its rank's band,
///   diagonally across the empty gap to the next band, straight down through each dummy's own slot,
///   into the consumer's top. Items are top-aligned in their band, so no segment enters another box.</item>
/// </list>
/// </summary>
internal static class ScopeLayout
{
    private const double Gap = 18;           // empty vertical space between two bands
    private const double ItemSpacing = 28;   // between two items of a rank
    private const double DummySpacing = 12;  // next to an edge passing through a rank
    private const double ArrowLength = 8;    // < Gap: the straight end stays in the gap
    private const int OrderSweeps = 24;
    private const int PlacementRounds = 12;

    public sealed record Item(string Id, double Width, double Height);

    public sealed record Route(GraphEdge Edge, IReadOnlyList<Point> Points, Box? LabelBox);

    public sealed record Result(double Width, double Height, IReadOnlyList<(string Id, Box Box)> Boxes, IReadOnlyList<Route> Routes);

    private sealed class Vertex(int rank, double width, double height, Item? item, string? label)
    {
        public int Rank = rank;
        public readonly double Width = width, Height = height;
        public readonly Item? Item = item;
        public readonly string? Label = label;
        public readonly List<Vertex> Up = [], Down = [];
        public int Order;
        public double X; // centre
        public bool IsDummy => Item is null;
    }

    public static Result Compute(IReadOnlyList<Item> items, IReadOnlyList<GraphEdge> edges)
    {
        if (items.Count == 0) return new Result(0, 0, [], []);
        var byId = items.Select((item, i) => (item, i)).ToDictionary(p => p.item.Id, p => p.i, StringComparer.Ordinal);
        var layers = Layers(items.Count, edges.Select(e => (byId[e.From], byId[e.To])).ToList());

        var vertices = items.Select((item, i) => new Vertex(2 * layers[i], item.Width, item.Height, item, null)).ToList();
        var chains = new List<(GraphEdge Edge, List<Vertex> Chain)>();
        var reversed = new HashSet<GraphEdge>();
        foreach (var edge in edges)
        {
            Vertex from = vertices[byId[edge.From]], to = vertices[byId[edge.To]];
            if (from.Rank > to.Rank)
            {
                // A back edge of a cycle: laid out downwards, drawn upwards.
                (from, to) = (to, from);
                reversed.Add(edge);
            }
            var chain = new List<Vertex> { from };
            for (var rank = from.Rank + 1; rank < to.Rank; rank++)
            {
                var carriesLabel = rank == from.Rank + 1 && edge.Label.Length > 0;
                var dummy = carriesLabel
                    ? new Vertex(rank, TextMetrics.Width(edge.Label, LayeredLayout.LabelFontSize) + 10, LayeredLayout.LabelHeight, null, edge.Label)
                    : new Vertex(rank, 0, 0, null, null);
                vertices.Add(dummy);
                chain.Add(dummy);
            }
            chain.Add(to);
            for (var i = 0; i + 1 < chain.Count; i++)
            {
                chain[i].Down.Add(chain[i + 1]);
                chain[i + 1].Up.Add(chain[i]);
            }
            chains.Add((edge, chain));
        }

        var ranks = Order(vertices);
        PlaceX(ranks);
        foreach (var (_, chain) in chains) Straighten(chain, ranks);
        var (top, bottom, height) = PlaceY(ranks);

        double minX = vertices.Min(v => v.X - v.Width / 2), maxX = vertices.Max(v => v.X + v.Width / 2);
        foreach (var v in vertices) v.X -= minX;

        var boxes = vertices.Where(v => !v.IsDummy)
            .Select(v => (v.Item!.Id, new Box(v.X - v.Width / 2, top[v.Rank], v.Width, v.Height)))
            .ToList();
        var routes = Routes(chains, top, bottom)
            .Select(r => reversed.Contains(r.Edge) ? r with { Points = r.Points.Reverse().ToList() } : r)
            .ToList();
        return new Result(maxX - minX, height, boxes, routes);
    }

    /// <summary>Longest-path layers; a source sits right above its nearest consumer rather than at the top.
    /// Valid IR has no cycles; should one come anyway, its back edges (found depth-first) do not count, so
    /// every edge still joins two different layers.</summary>
    private static int[] Layers(int count, List<(int From, int To)> edges)
    {
        edges = WithoutBackEdges(count, edges);
        var layer = new int[count];
        var preds = Enumerable.Range(0, count).Select(_ => new List<int>()).ToArray();
        var succs = Enumerable.Range(0, count).Select(_ => new List<int>()).ToArray();
        foreach (var (from, to) in edges)
        {
            succs[from].Add(to);
            preds[to].Add(from);
        }
        // Topological order (Kahn); whatever is left over is on a cycle and keeps layer 0.
        var indegree = preds.Select(p => p.Count).ToArray();
        var queue = new Queue<int>(Enumerable.Range(0, count).Where(i => indegree[i] == 0));
        var topo = new List<int>();
        while (queue.Count > 0)
        {
            var v = queue.Dequeue();
            topo.Add(v);
            foreach (var s in succs[v])
            {
                layer[s] = Math.Max(layer[s], layer[v] + 1);
                if (--indegree[s] == 0) queue.Enqueue(s);
            }
        }
        foreach (var v in topo)
        {
            if (preds[v].Count == 0 && succs[v].Count > 0)
                layer[v] = Math.Max(0, succs[v].Min(s => layer[s]) - 1);
        }

        return layer;
    }

    private static List<(int From, int To)> WithoutBackEdges(int count, List<(int From, int To)> edges)
    {
        var state = new int[count]; // 0 unvisited, 1 on the stack, 2 done
        var back = new HashSet<(int, int)>();
        var succs = Enumerable.Range(0, count).Select(v => edges.Where(e => e.From == v).Select(e => e.To).ToList()).ToArray();
        void Visit(int v)
        {
            state[v] = 1;
            foreach (var s in succs[v])
            {
                if (state[s] == 1) back.Add((v, s));
                else if (state[s] == 0) Visit(s);
            }
            state[v] = 2;
        }
        for (var v = 0; v < count; v++)
            if (state[v] == 0) Visit(v);
        return back.Count == 0 ? edges : edges.Where(e => !back.Contains(e)).ToList();
    }

    /// <summary>Rank lists in an order with few crossings.</summary>
    private static List<List<Vertex>> Order(List<Vertex> vertices)
    {
        var rankCount = vertices.Max(v => v.Rank) + 1;
        var ranks = Enumerable.Range(0, rankCount).Select(_ => new List<Vertex>()).ToList();
        // Initial order: depth-first from the sources, in the items' order, so related items start close.
        var seen = new HashSet<Vertex>();
        void Visit(Vertex v)
        {
            if (!seen.Add(v)) return;
            ranks[v.Rank].Add(v);
            foreach (var d in v.Down) Visit(d);
        }
        foreach (var v in vertices.Where(v => !v.IsDummy && v.Up.Count == 0)) Visit(v);
        foreach (var v in vertices) Visit(v);
        Renumber(ranks);

        var best = Snapshot(ranks);
        var bestCrossings = Crossings(ranks);
        for (var sweep = 0; sweep < OrderSweeps && bestCrossings > 0; sweep++)
        {
            var down = sweep % 2 == 0;
            if (down)
                for (var r = 1; r < rankCount; r++) SortByBarycenter(ranks[r], v => v.Up);
            else
                for (var r = rankCount - 2; r >= 0; r--) SortByBarycenter(ranks[r], v => v.Down);
            var crossings = Crossings(ranks);
            if (crossings < bestCrossings)
            {
                bestCrossings = crossings;
                best = Snapshot(ranks);
            }
        }
        for (var r = 0; r < rankCount; r++) ranks[r] = best[r];
        Renumber(ranks);
        if (bestCrossings > 0) Transpose(ranks);
        return ranks;
    }

    /// <summary>Swaps neighbours within a rank when that does not add crossings with the ranks above and
    /// below, for a few passes, and keeps the result only if it has fewer crossings overall: it gets out
    /// of the ties where the barycenter sweeps stop (two swaps that each change nothing alone).</summary>
    private static void Transpose(List<List<Vertex>> ranks)
    {
        int Local(int r) => (r > 0 ? CrossingsBetween(ranks[r - 1]) : 0) + CrossingsBetween(ranks[r]);
        var best = Snapshot(ranks);
        var bestCrossings = Crossings(ranks);
        for (var pass = 0; pass < 4 && bestCrossings > 0; pass++)
        {
            for (var r = 0; r < ranks.Count; r++)
            {
                for (var i = 0; i + 1 < ranks[r].Count; i++)
                {
                    var before = Local(r);
                    Swap(ranks[r], i);
                    if (Local(r) > before) Swap(ranks[r], i);
                }
            }

            var crossings = Crossings(ranks);
            if (crossings < bestCrossings)
            {
                bestCrossings = crossings;
                best = Snapshot(ranks);
            }
        }
        for (var r = 0; r < ranks.Count; r++) ranks[r] = best[r];
        Renumber(ranks);
    }

    private static void Swap(List<Vertex> rank, int i)
    {
        (rank[i], rank[i + 1]) = (rank[i + 1], rank[i]);
        rank[i].Order = i;
        rank[i + 1].Order = i + 1;
    }

    private static void SortByBarycenter(List<Vertex> rank, Func<Vertex, List<Vertex>> neighbours)
    {
        var keyed = rank.Select(v =>
        {
            var n = neighbours(v);
            return (Vertex: v, Key: n.Count == 0 ? v.Order : n.Average(u => (double)u.Order));
        }).ToList();
        // Stable: ties keep their order, which makes the sweeps converge.
        var sorted = keyed.Select((k, i) => (k.Vertex, k.Key, i)).OrderBy(k => k.Key).ThenBy(k => k.i).Select(k => k.Vertex).ToList();
        rank.Clear();
        rank.AddRange(sorted);
        for (var i = 0; i < rank.Count; i++) rank[i].Order = i;
    }

    private static void Renumber(List<List<Vertex>> ranks)
    {
        foreach (var rank in ranks)
            for (var i = 0; i < rank.Count; i++) rank[i].Order = i;
    }

    private static List<List<Vertex>> Snapshot(List<List<Vertex>> ranks) => ranks.Select(r => r.ToList()).ToList();

    private static int Crossings(List<List<Vertex>> ranks) => ranks.Sum(CrossingsBetween);

    /// <summary>Crossings of the segments from <paramref name="rank"/> to the rank below it.</summary>
    private static int CrossingsBetween(List<Vertex> rank)
    {
        var total = 0;
        var segments = rank.SelectMany(u => u.Down.Select(d => (A: u.Order, B: d.Order))).ToList();
        for (var i = 0; i < segments.Count; i++)
        {
            for (var j = i + 1; j < segments.Count; j++)
                if ((segments[i].A - segments[j].A) * (segments[i].B - segments[j].B) < 0) total++;
        }

        return total;
    }

    private static double Spacing(Vertex a, Vertex b) =>
        (a.Width + b.Width) / 2 + (a.IsDummy || b.IsDummy ? DummySpacing : ItemSpacing);

    /// <summary>Centres per rank: packed first, then pulled towards the neighbours' centres, rank by rank,
    /// down and up, each time as the closest placement that keeps order and spacing.</summary>
    private static void PlaceX(List<List<Vertex>> ranks)
    {
        foreach (var rank in ranks)
        {
            double x = 0;
            for (var i = 0; i < rank.Count; i++)
            {
                if (i > 0) x += Spacing(rank[i - 1], rank[i]);
                rank[i].X = x;
            }
        }
        for (var round = 0; round < PlacementRounds; round++)
        {
            for (var r = 1; r < ranks.Count; r++) Pull(ranks[r], v => v.Up);
            for (var r = ranks.Count - 2; r >= 0; r--) Pull(ranks[r], v => v.Down);
        }
        foreach (var rank in ranks) Pull(rank, v => [.. v.Up, .. v.Down]);
    }

    private static void Pull(List<Vertex> rank, Func<Vertex, List<Vertex>> neighbours)
    {
        if (rank.Count == 0) return;
        var desired = new double[rank.Count];
        var weight = new double[rank.Count];
        for (var i = 0; i < rank.Count; i++)
        {
            var v = rank[i];
            var n = neighbours(v);
            desired[i] = n.Count == 0 ? v.X : n.Average(u => u.X);
            // Long edges straight first; an item without neighbours here barely cares.
            weight[i] = n.Count == 0 ? 0.01 : v.IsDummy ? 4 : 1;
        }
        var offset = new double[rank.Count];
        for (var i = 1; i < rank.Count; i++) offset[i] = offset[i - 1] + Spacing(rank[i - 1], rank[i]);
        // x[i] = y[i] + offset[i] with y non-decreasing: isotonic regression of desired - offset.
        var y = Isotonic(desired.Select((d, i) => d - offset[i]).ToArray(), weight);
        for (var i = 0; i < rank.Count; i++) rank[i].X = y[i] + offset[i];
    }

    /// <summary>Weighted least squares under y[0] ≤ y[1] ≤ …: pool adjacent violators.</summary>
    private static double[] Isotonic(double[] values, double[] weights)
    {
        var blocks = new List<(double Value, double Weight, int Count)>();
        for (var i = 0; i < values.Length; i++)
        {
            var block = (Value: values[i], Weight: weights[i], Count: 1);
            while (blocks.Count > 0 && blocks[^1].Value > block.Value)
            {
                var last = blocks[^1];
                blocks.RemoveAt(blocks.Count - 1);
                var w = last.Weight + block.Weight;
                block = (w == 0 ? (last.Value + block.Value) / 2 : (last.Value * last.Weight + block.Value * block.Weight) / w, w, last.Count + block.Count);
            }
            blocks.Add(block);
        }
        var result = new double[values.Length];
        var k = 0;
        foreach (var block in blocks)
            for (var i = 0; i < block.Count; i++) result[k++] = block.Value;
        return result;
    }

    /// <summary>Puts the dummies of one long edge on one vertical line when their neighbours leave room,
    /// so the edge runs straight instead of jogging by a few pixels from rank to rank.</summary>
    private static void Straighten(List<Vertex> chain, List<List<Vertex>> ranks)
    {
        var dummies = chain.Skip(1).Take(chain.Count - 2).ToList();
        if (dummies.Count < 2) return;
        var mean = dummies.Average(d => d.X);
        double? best = null;
        foreach (var x in dummies.Select(d => d.X).Append(mean))
        {
            var fits = dummies.All(d =>
            {
                var rank = ranks[d.Rank];
                var leftOk = d.Order == 0 || rank[d.Order - 1].X + Spacing(rank[d.Order - 1], d) <= x + 1e-6;
                var rightOk = d.Order == rank.Count - 1 || x + Spacing(d, rank[d.Order + 1]) <= rank[d.Order + 1].X + 1e-6;
                return leftOk && rightOk;
            });
            if (fits && (best is null || Math.Abs(x - mean) < Math.Abs(best.Value - mean))) best = x;
        }
        if (best is { } straight)
            foreach (var d in dummies) d.X = straight;
    }

    /// <summary>Band tops and bottoms per rank: each band is as tall as its tallest vertex.</summary>
    private static (double[] Top, double[] Bottom, double Height) PlaceY(List<List<Vertex>> ranks)
    {
        var top = new double[ranks.Count];
        var bottom = new double[ranks.Count];
        double y = 0;
        for (var r = 0; r < ranks.Count; r++)
        {
            if (r > 0) y += Gap;
            top[r] = y;
            y += ranks[r].Count == 0 ? 0 : ranks[r].Max(v => v.Height);
            bottom[r] = y;
        }
        return (top, bottom, y);
    }

    private static List<Route> Routes(List<(GraphEdge Edge, List<Vertex> Chain)> chains, double[] top, double[] bottom)
    {
        // Ports: several edges leaving (or entering) one box leave from points spread along its bottom
        // (top), ordered by where they go, so they do not start on top of each other.
        var outPort = new Dictionary<(Vertex, Vertex), double>();
        var inPort = new Dictionary<(Vertex, Vertex), double>();
        foreach (var group in chains.GroupBy(c => c.Chain[0]))
            Spread(group.Key, group.Select(c => c.Chain[1]).ToList(), outPort);
        foreach (var group in chains.GroupBy(c => c.Chain[^1]))
            Spread(group.Key, group.Select(c => c.Chain[^2]).ToList(), inPort);

        var routes = new List<Route>();
        foreach (var (edge, chain) in chains)
        {
            Vertex from = chain[0], to = chain[^1];
            var points = new List<Point>();
            void Add(double x, double y)
            {
                var p = new Point(x, y);
                if (points.Count == 0 || points[^1] != p) points.Add(p);
            }
            var startX = outPort[(from, chain[1])];
            Add(startX, top[from.Rank] + from.Height);
            Add(startX, bottom[from.Rank]);
            Box? label = null;
            foreach (var dummy in chain.Skip(1).Take(chain.Count - 2))
            {
                Add(dummy.X, top[dummy.Rank]);
                Add(dummy.X, bottom[dummy.Rank]);
                if (dummy.Label is not null)
                    label = new Box(dummy.X - dummy.Width / 2, top[dummy.Rank], dummy.Width, dummy.Height);
            }
            // The last few pixels straight down, so the arrow head points into the box.
            var endX = inPort[(to, chain[^2])];
            Add(endX, top[to.Rank] - ArrowLength);
            Add(endX, top[to.Rank]);
            routes.Add(new Route(edge, points, label));
        }
        return routes;
    }

    private static void Spread(Vertex box, List<Vertex> others, Dictionary<(Vertex, Vertex), double> ports)
    {
        var sorted = others.Distinct().OrderBy(o => o.X).ToList();
        // At most 20 px apart, and well inside the box's corners.
        var span = Math.Min(box.Width - 16, 20.0 * (sorted.Count - 1));
        for (var i = 0; i < sorted.Count; i++)
        {
            var x = sorted.Count == 1 ? box.X : box.X - span / 2 + span * i / (sorted.Count - 1);
            ports[(box, sorted[i])] = x;
        }
    }
}

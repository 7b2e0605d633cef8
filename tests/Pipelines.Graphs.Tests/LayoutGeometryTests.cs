using Pipelines.Graphs.Layout;

namespace Pipelines.Graphs.Tests;

/// <summary>What makes a picture readable, checked on the geometry: boxes do not overlap, no edge
/// runs through a box it does not start or end at, labels do not cover boxes or each other.</summary>
[TestClass]
public sealed class LayoutGeometryTests
{
    public static IEnumerable<object[]> AllFixtures => Fixtures.All;

    [TestMethod]
    [DynamicData(nameof(AllFixtures))]
    public void Fixture_layouts_are_clean(string fixture)
    {
        var graph = PipelineSpecReader.Read(Fixtures.Text(fixture));
        Geometry.AssertClean(graph, LayeredLayout.Compute(graph));
    }

    [TestMethod]
    [DynamicData(nameof(AllFixtures))]
    public void No_two_arrows_cross_in_the_fixtures(string fixture)
    {
        // The fixtures' DAGs can all be drawn without crossings; the ordering step must find such an order.
        var layout = LayeredLayout.Compute(PipelineSpecReader.Read(Fixtures.Text(fixture)));
        var edges = layout.Edges.ToList();
        for (var i = 0; i < edges.Count; i++)
        {
            for (var j = i + 1; j < edges.Count; j++)
            {
                Assert.IsFalse(Geometry.RoutesCross(edges[i].Points, edges[j].Points),
                    $"{edges[i].Edge.From} -> {edges[i].Edge.To} crosses {edges[j].Edge.From} -> {edges[j].Edge.To}");
            }
        }
    }

    [TestMethod]
    public void Random_dags_with_groups_lay_out_cleanly()
    {
        for (var seed = 1; seed <= 60; seed++)
        {
            var graph = PipelineSpecReader.Read(RandomPipelines.Json(seed));
            Geometry.AssertClean(graph, LayeredLayout.Compute(graph), $"seed {seed}");
        }
    }

    [TestMethod]
    public void A_cycle_which_KFP_would_reject_is_still_drawn_without_crossing_boxes()
    {
        const string cycle = """
            {"pipelineInfo": {"name": "p"},
             "components": {"comp-a": {"executorLabel": "exec-a"}},
             "root": {"dag": {"tasks": {
               "a": {"componentRef": {"name": "comp-a"}, "dependentTasks": ["c"]},
               "b": {"componentRef": {"name": "comp-a"}, "dependentTasks": ["a"]},
               "c": {"componentRef": {"name": "comp-a"}, "dependentTasks": ["b"]}}}}}
            """;
        var graph = PipelineSpecReader.Read(cycle);
        var layout = LayeredLayout.Compute(graph);
        Assert.HasCount(3, layout.Edges);
        Geometry.AssertClean(graph, layout);
    }

    [TestMethod]
    public void Empty_pipelines_and_empty_groups_are_drawn()
    {
        const string empty = """{"pipelineInfo": {"name": "nothing"}, "root": {"dag": {"tasks": {}}}}""";
        var graph = PipelineSpecReader.Read(empty);
        Assert.IsEmpty(graph.Nodes);
        StringAssert.Contains(SvgWriter.Write(graph), ">nothing</text>");
        Assert.AreEqual("%% pipeline nothing\nflowchart TD\n", MermaidWriter.Write(graph));

        const string emptyGroup = """
            {"pipelineInfo": {"name": "p"},
             "components": {"comp-a": {"executorLabel": "exec-a"}, "comp-condition-1": {"dag": {"tasks": {}}}},
             "root": {"dag": {"tasks": {
               "a": {"componentRef": {"name": "comp-a"}},
               "condition-1": {"componentRef": {"name": "comp-condition-1"}, "dependentTasks": ["a"],
                               "triggerPolicy": {"condition": "inputs.parameter_values['pipelinechannel--a-Output'] == 'x'"}}}}}}
            """;
        graph = PipelineSpecReader.Read(emptyGroup);
        var layout = LayeredLayout.Compute(graph);
        Geometry.AssertClean(graph, layout);
        Assert.AreEqual("if a-Output == 'x'", layout.Groups.Single().Group.Title);
        Assert.IsGreaterThan(LayeredLayout.GroupTitleHeight, layout.Groups.Single().Box.Height);
    }

    [TestMethod]
    public void Every_node_and_group_is_placed_and_labels_fit_their_boxes()
    {
        var graph = PipelineSpecReader.Read(Fixtures.Text("hyperparameter-sweep.yaml"));
        var layout = LayeredLayout.Compute(graph);
        Assert.HasCount(graph.Nodes.Count, layout.Nodes);
        Assert.HasCount(graph.Groups.Count, layout.Groups);
        Assert.HasCount(graph.Edges.Count, layout.Edges);
        foreach (var node in layout.Nodes)
            Assert.IsGreaterThanOrEqualTo(TextMetrics.Width(node.Node.Label, 14), node.Box.Width - 2 * 14 + 0.5, node.Node.Id);
        foreach (var group in layout.Groups)
            Assert.IsGreaterThanOrEqualTo(TextMetrics.Width(group.Group.Title, 13, bold: true), group.Box.Width - 20, group.Group.Id);
        foreach (var edge in layout.Edges.Where(e => e.Edge.Label.Length > 0))
            Assert.IsNotNull(edge.LabelBox, $"{edge.Edge.From} -> {edge.Edge.To} has a place for its label");
    }
}

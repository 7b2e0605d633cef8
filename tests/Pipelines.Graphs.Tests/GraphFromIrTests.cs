using System.Text.Json.Nodes;

namespace Pipelines.Graphs.Tests;

/// <summary>The graph holds exactly the IR's tasks, groups and dependencies: computed here from the
/// IR's JSON directly (every DAG, every task's inputs and <c>dependentTasks</c>) and compared as sets.</summary>
[TestClass]
public sealed class GraphFromIrTests
{
    public static IEnumerable<object[]> AllFixtures => Fixtures.All;

    [TestMethod]
    [DynamicData(nameof(AllFixtures))]
    public void Nodes_groups_and_edges_equal_the_IRs(string fixture)
    {
        var graph = PipelineSpecReader.Read(Fixtures.Text(fixture));
        var expected = IrGraph.From(Fixtures.Ir(fixture));

        Assert.AreSequenceEqual(expected.Nodes.Order(StringComparer.Ordinal).ToList(), graph.Nodes.Select(n => n.Id).ToList(), "nodes");
        Assert.AreSequenceEqual(expected.Groups.Order(StringComparer.Ordinal).ToList(), graph.Groups.Select(g => g.Id).ToList(), "groups");
        var actualEdges = graph.Edges.ToDictionary(e => (e.From, e.To), e => string.Join(",", e.Outputs));
        var expectedEdges = expected.Edges.ToDictionary(e => e.Key, e => string.Join(",", e.Value.Order(StringComparer.Ordinal)));
        Assert.AreSequenceEqual(expectedEdges.Keys.Order().ToList(), actualEdges.Keys.Order().ToList(), "edges");
        foreach (var (key, outputs) in expectedEdges)
            Assert.AreEqual(outputs, actualEdges[key], $"outputs flowing on {key}");
        Assert.IsNotEmpty(graph.Edges, "every fixture has dependencies");
    }

    [TestMethod]
    public void Sweep_has_its_groups_with_readable_titles()
    {
        var graph = PipelineSpecReader.Read(Fixtures.Text("hyperparameter-sweep.yaml"));
        string Title(string id) => graph.Groups.Single(g => g.Id == id).Title;

        Assert.AreEqual("exit handler", Title("exit-handler-1"));
        Assert.AreEqual("for each item in [0.003, 0.01, 0.03, 0.1, 0.3, 1.0] (2 at a time)", Title("exit-handler-1/for-loop-3"));
        Assert.AreEqual("if / else", Title("exit-handler-1/condition-branches-4"));
        Assert.AreEqual("if pick-best-accuracy >= accuracy_threshold", Title("exit-handler-1/condition-branches-4/condition-5"));
        Assert.AreEqual("else", Title("exit-handler-1/condition-branches-4/condition-6"));
        Assert.AreEqual(GroupKind.Loop, graph.Groups.Single(g => g.Id == "exit-handler-1/for-loop-3").Kind);

        // The exit task reads the body's final status; the display name of train-2 is what the picture shows.
        var exit = graph.Edges.Single(e => e.To == "notify");
        Assert.AreEqual(("exit-handler-1", EdgeKind.FinalStatus, "final status"), (exit.From, exit.Kind, exit.Label));
        Assert.AreEqual("Train with the best learning rate", graph.Nodes.Single(n => n.Id == "exit-handler-1/train-2").Label);
        var fanIn = graph.Edges.Single(e => e.To == "exit-handler-1/pick-best");
        Assert.AreEqual(("exit-handler-1/for-loop-3", "evaluate-Output"), (fanIn.From, fanIn.Label));
    }

    [TestMethod]
    public void Reading_twice_gives_equal_graphs()
    {
        var text = Fixtures.Text("hyperparameter-sweep.yaml");
        Assert.AreEqual(PipelineSpecReader.Read(text), PipelineSpecReader.Read(text));
        Assert.AreNotEqual(PipelineSpecReader.Read(text), PipelineSpecReader.Read(Fixtures.Text("churn-training.yaml")));
    }

    [TestMethod]
    [DataRow("a: [", "not YAML or JSON")]
    [DataRow("- 1\n- 2\n", "not a mapping")]
    [DataRow("pipelineInfo: {name: x}\n", "'root.dag' is missing")]
    [DataRow("pipelineInfo: {name: x}\nroot: {dag: {tasks: {a: {componentRef: {name: comp-a}}}}}\n", "runs component 'comp-a', which is not in 'components'")]
    [DataRow("pipelineInfo: {name: x}\ncomponents: {comp-a: {}}\nroot: {dag: {tasks: {a: {componentRef: {name: comp-a}, dependentTasks: [b]}}}}\n", "names 'b', which is not another task of that DAG")]
    [DataRow("pipelineInfo: {name: x}\ncomponents: {comp-a: {}}\nroot: {dag: {tasks: {a: {componentRef: {name: comp-a}, dependentTasks: [a]}}}}\n", "names 'a', which is not another task of that DAG")]
    public void Malformed_documents_name_the_field(string text, string message)
    {
        var e = Assert.ThrowsExactly<TaskGraphException>(() => PipelineSpecReader.Read(text));
        StringAssert.Contains(e.Message, message);
    }
}

/// <summary>The IR's own view: task ids (task names joined by '/' from the root), DAG tasks as groups,
/// and producer → consumer pairs from input wiring and <c>dependentTasks</c>, with the output keys read.</summary>
internal sealed record IrGraph(List<string> Nodes, List<string> Groups, Dictionary<(string, string), HashSet<string>> Edges)
{
    public static IrGraph From(JsonObject spec)
    {
        var graph = new IrGraph([], [], []);
        graph.Walk(spec, spec["root"]!["dag"]!.AsObject(), "");
        return graph;
    }

    private void Walk(JsonObject spec, JsonObject dag, string prefix)
    {
        foreach (var (name, value) in dag["tasks"]!.AsObject())
        {
            var task = value!.AsObject();
            var id = prefix + name;
            var component = spec["components"]![task["componentRef"]!["name"]!.GetValue<string>()]!.AsObject();
            if (component["dag"] is JsonObject inner)
            {
                Groups.Add(id);
                Walk(spec, inner, id + "/");
            }
            else
            {
                Nodes.Add(id);
            }

            foreach (var kind in new[] { "parameters", "artifacts" })
            {
                foreach (var (_, input) in task["inputs"]?[kind]?.AsObject() ?? [])
                {
                    var source = input!["taskOutputParameter"] ?? input["taskOutputArtifact"] ?? input["taskFinalStatus"];
                    if (source is null) continue;
                    var keys = Edge(prefix + source["producerTask"]!.GetValue<string>(), id);
                    var key = source["outputParameterKey"] ?? source["outputArtifactKey"];
                    if (key is not null) keys.Add(key.GetValue<string>().Replace("pipelinechannel--", ""));
                }
            }

            foreach (var producer in task["dependentTasks"]?.AsArray() ?? [])
                Edge(prefix + producer!.GetValue<string>(), id);
        }
    }

    private HashSet<string> Edge(string from, string to)
    {
        if (!Edges.TryGetValue((from, to), out var keys)) Edges[(from, to)] = keys = [];
        return keys;
    }
}

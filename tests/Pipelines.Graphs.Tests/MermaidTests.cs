using System.Text.RegularExpressions;

namespace Pipelines.Graphs.Tests;

/// <summary>The Mermaid text read back line by line has the graph's structure: one subgraph per
/// group (nested as the groups are), one declaration per task inside its group, one arrow per edge.</summary>
[TestClass]
public sealed partial class MermaidTests
{
    public static IEnumerable<object[]> AllFixtures => Fixtures.All;

    [TestMethod]
    [DynamicData(nameof(AllFixtures))]
    public void Mermaid_has_the_graphs_structure(string fixture)
    {
        var graph = PipelineSpecReader.Read(Fixtures.Text(fixture));
        AssertStructure(graph, MermaidWriter.Write(graph));
    }

    [TestMethod]
    public void Random_graphs_have_their_structure_in_Mermaid()
    {
        for (var seed = 1; seed <= 30; seed++)
        {
            var graph = PipelineSpecReader.Read(RandomPipelines.Json(seed));
            AssertStructure(graph, MermaidWriter.Write(graph));
        }
    }

    [TestMethod]
    public void Sweep_titles_and_labels_are_quoted_and_ids_sanitized()
    {
        var mermaid = MermaidWriter.Write(PipelineSpecReader.Read(Fixtures.Text("hyperparameter-sweep.yaml")));
        StringAssert.StartsWith(mermaid, "%% pipeline hyperparameter-sweep\nflowchart TD\n");
        StringAssert.Contains(mermaid, "subgraph exit_handler_1__condition_branches_4__condition_5[\"if pick-best-accuracy >= accuracy_threshold\"]\n");
        StringAssert.Contains(mermaid, "exit_handler_1__make_data -->|\"test, train\"| exit_handler_1__for_loop_3\n");
        StringAssert.Contains(mermaid, "exit_handler_1 -.->|\"final status\"| notify\n");
    }

    [TestMethod]
    public void Quotes_hashes_and_keywords_cannot_break_the_diagram()
    {
        const string spec = """
            {"pipelineInfo": {"name": "p"},
             "components": {"comp-end": {"executorLabel": "exec-end"}, "comp-a": {"executorLabel": "exec-a"}},
             "root": {"dag": {"tasks": {
               "end": {"componentRef": {"name": "comp-end"}, "taskInfo": {"name": "say \"hi\" #1"}},
               "9a": {"componentRef": {"name": "comp-a"}, "dependentTasks": ["end"]}}}}}
            """;
        var graph = PipelineSpecReader.Read(spec);
        var mermaid = MermaidWriter.Write(graph);
        StringAssert.Contains(mermaid, "t_end[\"say #quot;hi#quot; #35;1\"]");
        StringAssert.Contains(mermaid, "t_end -.-> t_9a");
        AssertStructure(graph, mermaid);
    }

    [TestMethod]
    public void States_become_classes()
    {
        var graph = PipelineSpecReader.Read(Fixtures.Text("churn-training.yaml"));
        var mermaid = MermaidWriter.Write(graph, new Dictionary<string, TaskState> { ["clean"] = TaskState.Failed, ["split"] = TaskState.Skipped });
        StringAssert.Contains(mermaid, "classDef failed fill:#fee2e2");
        StringAssert.Contains(mermaid, "class clean failed\n");
        StringAssert.Contains(mermaid, "class split skipped\n");
    }

    private static void AssertStructure(TaskGraph graph, string mermaid)
    {
        var lines = mermaid.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual("flowchart TD", lines[1]);
        var openGroups = new Stack<string>();
        var groupParents = new Dictionary<string, string?>();
        var nodeGroups = new Dictionary<string, string?>();
        var edges = new List<(string From, string To)>();
        foreach (var line in lines.Skip(2))
        {
            if (Subgraph().Match(line) is { Success: true } s)
            {
                groupParents.Add(s.Groups["id"].Value, openGroups.Count > 0 ? openGroups.Peek() : null);
                openGroups.Push(s.Groups["id"].Value);
            }
            else if (line.Trim() == "end")
            {
                openGroups.Pop();
            }
            else if (Node().Match(line) is { Success: true } n)
            {
                nodeGroups.Add(n.Groups["id"].Value, openGroups.Count > 0 ? openGroups.Peek() : null);
            }
            else if (Edge().Match(line) is { Success: true } e)
            {
                edges.Add((e.Groups["from"].Value, e.Groups["to"].Value));
            }
            else if (!line.TrimStart().StartsWith("class", StringComparison.Ordinal))
            {
                Assert.Fail($"unexpected line '{line}'");
            }
        }
        Assert.IsEmpty(openGroups, "every subgraph is closed");
        Assert.HasCount(graph.Groups.Count, groupParents, "one subgraph per group");
        Assert.HasCount(graph.Nodes.Count, nodeGroups, "one declaration per task");
        Assert.HasCount(graph.Edges.Count, edges, "one arrow per edge");

        // Ids are the graph's, sanitized one to one: map them back through the nesting.
        string Id(string graphId) => Ids(mermaid).Single(p => p.GraphId == graphId).MermaidId;
        foreach (var group in graph.Groups)
            Assert.AreEqual(group.ParentId is null ? null : Id(group.ParentId), groupParents[Id(group.Id)], group.Id);
        foreach (var node in graph.Nodes)
            Assert.AreEqual(node.GroupId is null ? null : Id(node.GroupId), nodeGroups[Id(node.Id)], node.Id);
        Assert.AreSequenceEqual(graph.Edges.Select(e => (Id(e.From), Id(e.To))).ToList(), edges);
        Assert.IsTrue(groupParents.Keys.Concat(nodeGroups.Keys).All(id => MermaidId().IsMatch(id)), "ids are letters, digits and _");
        Assert.AreEqual(groupParents.Count + nodeGroups.Count, groupParents.Keys.Concat(nodeGroups.Keys).Distinct().Count(), "ids are unique");

        IEnumerable<(string GraphId, string MermaidId)> Ids(string _)
        {
            var mermaidIds = groupParents.Keys.Concat(nodeGroups.Keys).ToList();
            // Declarations appear in the writer's order: per scope, nodes then groups, depth first.
            var graphIds = new List<string>();
            void Walk(string? scope)
            {
                graphIds.AddRange(graph.NodesIn(scope).Select(n => n.Id));
                foreach (var g in graph.GroupsIn(scope)) { graphIds.Add(g.Id); Walk(g.Id); }
            }
            Walk(null);
            var declared = lines.Skip(2).Select(l => Subgraph().Match(l) is { Success: true } s ? s.Groups["id"].Value : Node().Match(l) is { Success: true } n ? n.Groups["id"].Value : null)
                .Where(id => id is not null).ToList();
            return graphIds.Zip(declared, (g, m) => (g, m!));
        }
    }

    [GeneratedRegex("^ *subgraph (?<id>[^\\[ ]+)\\[\"[^\"]*\"\\]$")]
    private static partial Regex Subgraph();

    [GeneratedRegex("^ *(?<id>[^\\[ ]+)(\\[\"[^\"]*\"\\]|\\[/\"[^\"]*\"/\\])$")]
    private static partial Regex Node();

    [GeneratedRegex("^ *(?<from>[A-Za-z0-9_]+) (-->|-\\.->)(\\|\"[^\"]*\"\\|)? (?<to>[A-Za-z0-9_]+)$")]
    private static partial Regex Edge();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex MermaidId();
}

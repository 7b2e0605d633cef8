using System.Globalization;
using System.Xml.Linq;

namespace Pipelines.Graphs.Tests;

/// <summary>The SVG is well-formed XML, every text is at least 12 px, every task and group appears
/// with its label, and task states colour the boxes.</summary>
[TestClass]
public sealed class SvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static IEnumerable<object[]> AllFixtures => Fixtures.All;

    [TestMethod]
    [DynamicData(nameof(AllFixtures))]
    public void Svg_is_well_formed_readable_and_complete(string fixture)
    {
        var graph = PipelineSpecReader.Read(Fixtures.Text(fixture));
        var svg = XDocument.Parse(SvgWriter.Write(graph));

        Assert.AreEqual(Svg + "svg", svg.Root!.Name);
        var texts = svg.Descendants(Svg + "text").ToList();
        foreach (var text in texts)
            Assert.IsGreaterThanOrEqualTo(12, double.Parse(text.Attribute("font-size")!.Value, CultureInfo.InvariantCulture), text.Value);
        var written = texts.Select(t => t.Value).ToList();
        foreach (var node in graph.Nodes) CollectionAssert.Contains(written, node.Label);
        foreach (var group in graph.Groups) CollectionAssert.Contains(written, group.Title);
        foreach (var edge in graph.Edges.Where(e => e.Label.Length > 0)) CollectionAssert.Contains(written, edge.Label);
        Assert.HasCount(graph.Edges.Count, svg.Descendants(Svg + "path").Where(p => (string?)p.Attribute("class") == "edge"));
    }

    [TestMethod]
    public void Text_is_escaped()
    {
        const string spec = """
            {"pipelineInfo": {"name": "a<b & 'c'"},
             "components": {"comp-a": {"executorLabel": "exec-a"}},
             "root": {"dag": {"tasks": {"a": {"componentRef": {"name": "comp-a"}, "taskInfo": {"name": "x < y && \"z\""}}}}}}
            """;
        var svg = XDocument.Parse(SvgWriter.Write(PipelineSpecReader.Read(spec)));
        CollectionAssert.Contains(svg.Descendants(Svg + "text").Select(t => t.Value).ToList(), "x < y && \"z\"");
    }

    [TestMethod]
    public void States_colour_the_tasks()
    {
        var graph = PipelineSpecReader.Read(Fixtures.Text("hyperparameter-sweep.yaml"));
        var states = new Dictionary<string, TaskState>
        {
            ["exit-handler-1/make-data"] = TaskState.Succeeded,
            ["exit-handler-1/pick-best"] = TaskState.Failed,
            ["exit-handler-1/for-loop-3/train"] = TaskState.Cached,
        };
        var svg = XDocument.Parse(SvgWriter.Write(graph, states));
        string Fill(string id) => svg.Descendants(Svg + "g")
            .Single(g => (string?)g.Attribute("class") == "node" && g.Element(Svg + "title")!.Value.StartsWith(id + " ", StringComparison.Ordinal) || g.Element(Svg + "title")?.Value == id)
            .Element(Svg + "rect")!.Attribute("fill")!.Value;

        Assert.AreEqual(StateColours.For(TaskState.Succeeded).Fill, Fill("exit-handler-1/make-data"));
        Assert.AreEqual(StateColours.For(TaskState.Failed).Fill, Fill("exit-handler-1/pick-best"));
        Assert.AreEqual(StateColours.For(TaskState.Cached).Fill, Fill("exit-handler-1/for-loop-3/train"));
        Assert.AreEqual("#ffffff", Fill("notify"), "a task without a state stays white");
        Assert.AreEqual(6, Enum.GetValues<TaskState>().Select(s => StateColours.For(s).Fill).Distinct().Count(), "every state has its own colour");
    }
}

using System.Text.Json.Nodes;

namespace Pipelines.Tests.Compilation;

/// <summary>
/// A one-of across nested If/Else chains. KFP's DSL refuses <c>dsl.OneOf</c> of a <c>dsl.OneOf</c>, so its compiler
/// never writes this; it is composed of two shapes it does write: <c>valueFromOneof</c> over branch DAGs, and a
/// DAG output <c>valueFromParameter</c> taken from an inner <c>condition-branches</c> group's one-of (what a pipeline
/// returning a one-of compiles to, KFP's test_data/pipelines/if_else_with_oneof_parameters.yaml).
/// </summary>
[TestClass]
public sealed class NestedOneOfTests
{
    [TestMethod]
    public void ABranchMayReturnTheOneOfOfAChainInsideIt()
    {
        var spec = Ir.Compile("nested-oneof", p =>
        {
            var outer = FlowTasks.FlipCoin(seed: 1);
#pragma warning disable IDE0007 // the declared type is what this test checks: the chain keeps it
            Value<string> result = p.If(outer.Output == "heads", () =>
            {
                var inner = FlowTasks.FlipCoin(seed: 2);
                return p.If(inner.Output == "heads", () => FlowTasks.Print("heads, heads").Output)
                        .Else(() => FlowTasks.Print("heads, tails").Output);
            }).Else(() => FlowTasks.Print("tails").Output);
#pragma warning restore IDE0007
            FlowTasks.Print(result);
        });

        // Numbers as KFP gives them: each wrapper takes its If's number when its Else opens, the inner chain's first.
        // The outer chain: condition-branches-1 holds condition-5 (If, with the inner chain condition-branches-2 of
        // condition-3 and condition-4) and condition-6 (Else).
        var outerBranches = Ir.Component(spec, "comp-condition-branches-1");
        JsonAssert.AreEqual("""
            {"parameters": {"pipelinechannel--condition-branches-1-oneof-1": {"valueFromOneof": {"parameterSelectors": [
              {"outputParameterKey": "pipelinechannel--condition-branches-2-oneof-1", "producerSubtask": "condition-5"},
              {"outputParameterKey": "pipelinechannel--print-3-Output", "producerSubtask": "condition-6"}]}}}}
            """, outerBranches["dag"]!["outputs"]);
        // The If branch hands on the inner chain's one-of, as a DAG output taken from the inner condition-branches group.
        JsonAssert.AreEqual("""
            {"parameters": {"pipelinechannel--condition-branches-2-oneof-1": {"valueFromParameter":
              {"outputParameterKey": "pipelinechannel--condition-branches-2-oneof-1", "producerSubtask": "condition-branches-2"}}}}
            """, Ir.Component(spec, "comp-condition-5")["dag"]!["outputs"]);
        JsonAssert.AreEqual("""
            {"parameters": {"pipelinechannel--condition-branches-2-oneof-1": {"valueFromOneof": {"parameterSelectors": [
              {"outputParameterKey": "pipelinechannel--print-Output", "producerSubtask": "condition-3"},
              {"outputParameterKey": "pipelinechannel--print-2-Output", "producerSubtask": "condition-4"}]}}}}
            """, Ir.Component(spec, "comp-condition-branches-2")["dag"]!["outputs"]);
        JsonAssert.AreEqual("""
            {"parameters": {"pipelinechannel--condition-branches-2-oneof-1": {"parameterType": "STRING"}}}
            """, Ir.Component(spec, "comp-condition-5")["outputDefinitions"]);
        JsonAssert.AreEqual("""
            {"taskOutputParameter": {"outputParameterKey": "pipelinechannel--condition-branches-1-oneof-1", "producerTask": "condition-branches-1"}}
            """, Ir.Root(spec)["print-4"]!["inputs"]!["parameters"]!["message"]);
    }

    [TestMethod]
    public void ArtifactOneOfsNestToo()
    {
        const string inputs = """{"parameters": {"fast": {"parameterType": "BOOLEAN"}, "tiny": {"parameterType": "BOOLEAN"}}}""";
        var spec = Ir.Compile("nested-artifact-oneof", p =>
        {
            var data = p.Import<Dataset>("s3://b/d.csv");
            var fast = p.Parameter<bool>("fast");
            var tiny = p.Parameter<bool>("tiny");
#pragma warning disable IDE0007 // the declared type is what this test checks: the chain keeps it
            ArtifactRef<Model> model = p.If(fast == true, () =>
                p.If(tiny == true, () => FlowTasks.Fit(data, learningRate: 0.5).Outputs.Model)
                 .Else(() => FlowTasks.Fit(data, learningRate: 0.3).Outputs.Model))
             .Else(() => FlowTasks.Fit(data, learningRate: 0.1, epochs: 10).Outputs.Model);
#pragma warning restore IDE0007
            FlowTasks.Deploy(model);
        }, inputs);
        var selectors = Ir.Component(spec, "comp-condition-branches-1")["dag"]!["outputs"]!["artifacts"]!["pipelinechannel--condition-branches-1-oneof-1"]!["artifactSelectors"]!.AsArray();
        Assert.AreEqual("pipelinechannel--condition-branches-2-oneof-1", selectors[0]!["outputArtifactKey"]!.GetValue<string>());
        Assert.AreEqual("condition-5", selectors[0]!["producerSubtask"]!.GetValue<string>());
        JsonAssert.AreEqual("""
            {"artifactSelectors": [{"outputArtifactKey": "pipelinechannel--condition-branches-2-oneof-1", "producerSubtask": "condition-branches-2"}]}
            """, Ir.Component(spec, "comp-condition-5")["dag"]!["outputs"]!["artifacts"]!["pipelinechannel--condition-branches-2-oneof-1"]);
    }

    [TestMethod]
    public void AOneOfFromDeeperThanItsBranchIsStillRejected()
    {
        // A task inside a plain If within the branch may not run: its output is no branch's value.
        var e = Ir.Fails("deep-task", p =>
        {
            var flip = FlowTasks.FlipCoin();
            Value<string> inside = default!;
            p.If(flip.Output == "heads", () => p.If(flip.Output == "heads", () => { inside = FlowTasks.Print("deep").Output; }))
             .Else(() => { });
            var other = FlowTasks.Print("x");
            FlowTasks.Print(p.OneOf(inside, other.Output));
        });
        Assert.AreEqual(PipelineErrors.InvalidBranches, e.Code);
    }
}

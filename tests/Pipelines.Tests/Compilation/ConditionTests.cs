using System.Text.Json.Nodes;

namespace Pipelines.Tests.Compilation;

/// <summary>If/ElseIf/Else → condition groups with CEL trigger policies and OneOf outputs (docs/kfp-contract.md#control-flow).</summary>
[TestClass]
public sealed class ConditionTests
{
    private const string IntAndDouble = """{"parameters":{"n":{"parameterType":"NUMBER_INTEGER"},"ratio":{"defaultValue":0.5,"isOptional":true,"parameterType":"NUMBER_DOUBLE"}}}""";

    [TestMethod]
    public void IfIsAConditionGroupThatReadsItsOwnHolePunchedInputs()
    {
        var spec = Ir.Compile("flip", p =>
        {
            var flip = FlowTasks.FlipCoin();
            p.If(flip.Output == "heads", () => FlowTasks.Print(flip.Output));
        });

        JsonAssert.AreEqual("""
            {"componentRef": {"name": "comp-condition-1"},
             "dependentTasks": ["flip-coin"],
             "inputs": {"parameters": {"pipelinechannel--flip-coin-Output": {"taskOutputParameter": {"outputParameterKey": "Output", "producerTask": "flip-coin"}}}},
             "taskInfo": {"name": "condition-1"},
             "triggerPolicy": {"condition": "inputs.parameter_values['pipelinechannel--flip-coin-Output'] == 'heads'"}}
            """, Ir.Root(spec)["condition-1"]);
        JsonAssert.AreEqual("""
            {"dag": {"tasks": {"print": {
                "cachingOptions": {"enableCache": true},
                "componentRef": {"name": "comp-print"},
                "inputs": {"parameters": {"message": {"componentInputParameter": "pipelinechannel--flip-coin-Output"}}},
                "taskInfo": {"name": "print"}}}},
             "inputDefinitions": {"parameters": {"pipelinechannel--flip-coin-Output": {"parameterType": "STRING"}}}}
            """, Ir.Component(spec, "comp-condition-1"));
        Assert.IsNull(Ir.Root(spec)["condition-1"]!["cachingOptions"], "group tasks carry no caching options");
    }

    /// <summary>KFP's test_data/sdk_compiled_pipelines/valid/critical/parameter_oneof.yaml, the core DAG:
    /// flip a coin, print in If/Else, OneOf of the branches' outputs.</summary>
    [TestMethod]
    public void IfElseWithOneOfMatchesTheKfpSdk()
    {
        var spec = Ir.Compile("parameter-oneof", p =>
        {
            var flip = FlowTasks.FlipCoin();
            var result = p.If(flip.Output == "heads", () => FlowTasks.Print("Got heads!").Output)
                          .Else(() => FlowTasks.Print("Got tails!").Output);
            FlowTasks.Print(result);
        });

        JsonAssert.AreEqual("""
            {"dag": {
               "outputs": {"parameters": {"pipelinechannel--condition-branches-1-oneof-1": {"valueFromOneof": {"parameterSelectors": [
                 {"outputParameterKey": "pipelinechannel--print-Output", "producerSubtask": "condition-2"},
                 {"outputParameterKey": "pipelinechannel--print-2-Output", "producerSubtask": "condition-3"}]}}}},
               "tasks": {
                 "condition-2": {"componentRef": {"name": "comp-condition-2"},
                   "inputs": {"parameters": {"pipelinechannel--flip-coin-Output": {"componentInputParameter": "pipelinechannel--flip-coin-Output"}}},
                   "taskInfo": {"name": "condition-2"},
                   "triggerPolicy": {"condition": "inputs.parameter_values['pipelinechannel--flip-coin-Output'] == 'heads'"}},
                 "condition-3": {"componentRef": {"name": "comp-condition-3"},
                   "inputs": {"parameters": {"pipelinechannel--flip-coin-Output": {"componentInputParameter": "pipelinechannel--flip-coin-Output"}}},
                   "taskInfo": {"name": "condition-3"},
                   "triggerPolicy": {"condition": "!(inputs.parameter_values['pipelinechannel--flip-coin-Output'] == 'heads')"}}}},
             "inputDefinitions": {"parameters": {"pipelinechannel--flip-coin-Output": {"parameterType": "STRING"}}},
             "outputDefinitions": {"parameters": {"pipelinechannel--condition-branches-1-oneof-1": {"parameterType": "STRING"}}}}
            """, Ir.Component(spec, "comp-condition-branches-1"));
        JsonAssert.AreEqual("""
            {"dag": {"outputs": {"parameters": {"pipelinechannel--print-Output": {"valueFromParameter": {"outputParameterKey": "Output", "producerSubtask": "print"}}}},
                     "tasks": {"print": {"cachingOptions": {"enableCache": true}, "componentRef": {"name": "comp-print"},
                       "inputs": {"parameters": {"message": {"runtimeValue": {"constant": "Got heads!"}}}}, "taskInfo": {"name": "print"}}}},
             "inputDefinitions": {"parameters": {"pipelinechannel--flip-coin-Output": {"parameterType": "STRING"}}},
             "outputDefinitions": {"parameters": {"pipelinechannel--print-Output": {"parameterType": "STRING"}}}}
            """, Ir.Component(spec, "comp-condition-2"));
        JsonAssert.AreEqual("""
            {"componentRef": {"name": "comp-condition-branches-1"}, "dependentTasks": ["flip-coin"],
             "inputs": {"parameters": {"pipelinechannel--flip-coin-Output": {"taskOutputParameter": {"outputParameterKey": "Output", "producerTask": "flip-coin"}}}},
             "taskInfo": {"name": "condition-branches-1"}}
            """, Ir.Root(spec)["condition-branches-1"]);
        JsonAssert.AreEqual("""
            {"parameters": {"message": {"taskOutputParameter": {"outputParameterKey": "pipelinechannel--condition-branches-1-oneof-1", "producerTask": "condition-branches-1"}}}}
            """, Ir.Root(spec)["print-3"]!["inputs"]);
        JsonAssert.AreEqual("""["condition-branches-1"]""", Ir.Root(spec)["print-3"]!["dependentTasks"]);
    }

    [TestMethod]
    public void ElseIfAndElseNegateEarlierBranchesAndGroupsAreNumberedAsTheSdkDoes()
    {
        var spec = Ir.Compile("branches", p =>
        {
            var n = p.Parameter<int>("n");
            p.If(n > 10, () =>
             {
                 FlowTasks.Print("big");
                 p.If(n > 100, () => FlowTasks.Print("huge"));
             })
             .ElseIf(n > 5, () => FlowTasks.Print("medium"))
             .Else(() => FlowTasks.Print("small"));
        }, IntAndDouble);

        // The SDK numbers groups in definition order, then swaps the wrapper's number with the If's
        // when the first ElseIf/Else opens: If=1, nested If=2, wrapper=3 → condition-branches-1, condition-3.
        Assert.AreSequenceEqual(["condition-branches-1"], Ir.Keys(Ir.Root(spec)));
        Assert.AreSequenceEqual(["condition-3", "condition-4", "condition-5"], Ir.Keys(Ir.Tasks(spec, "comp-condition-branches-1")));
        Assert.AreSequenceEqual(["condition-2", "print"], Ir.Keys(Ir.Tasks(spec, "comp-condition-3")));
        var branches = Ir.Tasks(spec, "comp-condition-branches-1");
        const string n = "int(inputs.parameter_values['pipelinechannel--n'])";
        Assert.AreEqual($"{n} > 10", Ir.Condition(Ir.Task(branches, "condition-3")));
        Assert.AreEqual($"!({n} > 10) && {n} > 5", Ir.Condition(Ir.Task(branches, "condition-4")));
        Assert.AreEqual($"!({n} > 10) && !({n} > 5)", Ir.Condition(Ir.Task(branches, "condition-5")));
        Assert.AreEqual($"{n} > 100", Ir.Condition(Ir.Task(Ir.Tasks(spec, "comp-condition-3"), "condition-2")), "a nested If has only its own condition");
        JsonAssert.AreEqual("""{"pipelinechannel--n": {"componentInputParameter": "n"}}""", Ir.Root(spec)["condition-branches-1"]!["inputs"]!["parameters"]);
    }

    [TestMethod]
    [DataRow("int-constant")]
    [DataRow("double-constant")]
    [DataRow("whole-double")]
    [DataRow("mixed")]
    [DataRow("bool")]
    [DataRow("enum")]
    [DataRow("string-quotes")]
    [DataRow("two-channels")]
    [DataRow("and-or-not")]
    public void ComparisonsCompileToCelAsTheSdkWritesThem(string shape)
    {
        (Func<PipelineBuilder, Condition> Build, string Expected) c = shape switch
        {
            "int-constant" => (p => p.Parameter<int>("n") >= 3, "int(inputs.parameter_values['pipelinechannel--n']) >= 3"),
            "double-constant" => (p => p.Parameter<double>("ratio") < 0.25, "inputs.parameter_values['pipelinechannel--ratio'] < 0.25"),
            "whole-double" => (p => p.Parameter<double>("ratio") <= 1, "inputs.parameter_values['pipelinechannel--ratio'] <= 1.0"),
            "mixed" => (p => p.Parameter<int>("n").AsDouble() > p.Parameter<double>("ratio"),
                "double(int(inputs.parameter_values['pipelinechannel--n'])) > inputs.parameter_values['pipelinechannel--ratio']"),
            "bool" => (_ => StepsTasks.SummarizeValues(new List<int> { 1 }).Outputs.Ok == true,
                "inputs.parameter_values['pipelinechannel--summarize-values-ok'] == true"),
            "enum" => (_ => StepsTasks.SummarizeValues(new List<int> { 1 }).Outputs.Best != Color.Green,
                "inputs.parameter_values['pipelinechannel--summarize-values-best'] != 'Green'"),
            "string-quotes" => (_ => FlowTasks.FlipCoin().Output == "it's \\ odd",
                "inputs.parameter_values['pipelinechannel--flip-coin-Output'] == 'it\\'s \\\\ odd'"),
            "two-channels" => (p => FlowTasks.FlipCoin().Output != FlowTasks.FlipCoin(1).Output,
                "inputs.parameter_values['pipelinechannel--flip-coin-Output'] != inputs.parameter_values['pipelinechannel--flip-coin-2-Output']"),
            "and-or-not" => (p => (p.Parameter<int>("n") > 1 & p.Parameter<int>("n") < 9) | !(p.Parameter<double>("ratio") == 0.5),
                "(int(inputs.parameter_values['pipelinechannel--n']) > 1 && int(inputs.parameter_values['pipelinechannel--n']) < 9) || !(inputs.parameter_values['pipelinechannel--ratio'] == 0.5)"),
            _ => throw new ArgumentOutOfRangeException(nameof(shape)),
        };
        var spec = Ir.Compile("cel", p => p.If(c.Build(p), () => FlowTasks.Print("yes")), IntAndDouble);
        Assert.AreEqual(c.Expected, Ir.Condition(Ir.Task(Ir.Root(spec), "condition-1")));
    }

    [TestMethod]
    public void AnOrConditionIsParenthesizedWhenElseNegatesIt()
    {
        var spec = Ir.Compile("or-else", p =>
        {
            var n = p.Parameter<int>("n");
            p.If(n < 1 | n > 9, () => FlowTasks.Print("out")).ElseIf(n == 5, () => FlowTasks.Print("five")).Else(() => FlowTasks.Print("in"));
        }, IntAndDouble);
        const string n = "int(inputs.parameter_values['pipelinechannel--n'])";
        var branches = Ir.Tasks(spec, "comp-condition-branches-1");
        Assert.AreEqual($"{n} < 1 || {n} > 9", Ir.Condition(Ir.Task(branches, "condition-2")));
        Assert.AreEqual($"!({n} < 1 || {n} > 9) && {n} == 5", Ir.Condition(Ir.Task(branches, "condition-3")));
    }

    [TestMethod]
    public void NestedConditionsPunchHolesTwoLevelsDeepAndOnlyTheOuterGroupWaits()
    {
        var spec = Ir.Compile("nested", p =>
        {
            var n = p.Parameter<int>("n");
            var flip = FlowTasks.FlipCoin();
            var data = ChurnTasks.Preprocess();
            p.If(n > 1, () => p.If(flip.Output == "heads", () => FlowTasks.Fit(data.Outputs.Dataset, p.Parameter<double>("ratio"), n)));
        }, IntAndDouble);

        var outer = Ir.Task(Ir.Root(spec), "condition-1");
        JsonAssert.AreEqual("""["flip-coin", "preprocess"]""", outer["dependentTasks"]);
        JsonAssert.AreEqual("""
            {"artifacts": {"pipelinechannel--preprocess-dataset": {"taskOutputArtifact": {"outputArtifactKey": "dataset", "producerTask": "preprocess"}}},
             "parameters": {"pipelinechannel--flip-coin-Output": {"taskOutputParameter": {"outputParameterKey": "Output", "producerTask": "flip-coin"}},
                            "pipelinechannel--n": {"componentInputParameter": "n"},
                            "pipelinechannel--ratio": {"componentInputParameter": "ratio"}}}
            """, outer["inputs"]);
        var inner = Ir.Task(Ir.Tasks(spec, "comp-condition-1"), "condition-2");
        Assert.IsNull(inner["dependentTasks"], "producers outside the outer group are the outer group's dependencies");
        JsonAssert.AreEqual("""
            {"artifacts": {"pipelinechannel--preprocess-dataset": {"componentInputArtifact": "pipelinechannel--preprocess-dataset"}},
             "parameters": {"pipelinechannel--flip-coin-Output": {"componentInputParameter": "pipelinechannel--flip-coin-Output"},
                            "pipelinechannel--n": {"componentInputParameter": "pipelinechannel--n"},
                            "pipelinechannel--ratio": {"componentInputParameter": "pipelinechannel--ratio"}}}
            """, inner["inputs"]);
        JsonAssert.AreEqual("""
            {"artifacts": {"data": {"componentInputArtifact": "pipelinechannel--preprocess-dataset"}},
             "parameters": {"epochs": {"componentInputParameter": "pipelinechannel--n"},
                            "learning_rate": {"componentInputParameter": "pipelinechannel--ratio"}}}
            """, Ir.Task(Ir.Tasks(spec, "comp-condition-2"), "fit")["inputs"]);
        JsonAssert.AreEqual("""
            {"parameters": {"pipelinechannel--n": {"parameterType": "NUMBER_INTEGER"}, "pipelinechannel--flip-coin-Output": {"parameterType": "STRING"}, "pipelinechannel--ratio": {"parameterType": "NUMBER_DOUBLE"}},
             "artifacts": {"pipelinechannel--preprocess-dataset": {"artifactType": {"schemaTitle": "system.Dataset", "schemaVersion": "0.0.1"}}}}
            """, Ir.Component(spec, "comp-condition-2")["inputDefinitions"]);
    }

    [TestMethod]
    public void TypedChainsOfArtifactsSelectTheArtifactOfTheBranchThatRan()
    {
        var spec = Ir.Compile("artifact-oneof", p =>
        {
            var data = ChurnTasks.Preprocess();
            var flip = FlowTasks.FlipCoin();
            var model = p.If(flip.Output == "heads", () => FlowTasks.Fit(data.Outputs.Dataset, 0.1).Outputs.Model)
                         .ElseIf(flip.Output == "tails", () => FlowTasks.Fit(data.Outputs.Dataset, 0.2).Outputs.Model)
                         .Else(() => FlowTasks.Fit(data.Outputs.Dataset, 0.3).Outputs.Model);
            FlowTasks.Deploy(model);
        });
        JsonAssert.AreEqual("""
            {"artifacts": {"pipelinechannel--condition-branches-1-oneof-1": {"artifactSelectors": [
              {"outputArtifactKey": "pipelinechannel--fit-model", "producerSubtask": "condition-2"},
              {"outputArtifactKey": "pipelinechannel--fit-2-model", "producerSubtask": "condition-3"},
              {"outputArtifactKey": "pipelinechannel--fit-3-model", "producerSubtask": "condition-4"}]}}}
            """, Ir.Component(spec, "comp-condition-branches-1")["dag"]!["outputs"]);
        JsonAssert.AreEqual("""{"artifacts": {"pipelinechannel--condition-branches-1-oneof-1": {"artifactType": {"schemaTitle": "system.Model", "schemaVersion": "0.0.1"}}}}""",
            Ir.Component(spec, "comp-condition-branches-1")["outputDefinitions"]);
        JsonAssert.AreEqual("""
            {"artifacts": {"model": {"taskOutputArtifact": {"outputArtifactKey": "pipelinechannel--condition-branches-1-oneof-1", "producerTask": "condition-branches-1"}}}}
            """, Ir.Root(spec)["deploy"]!["inputs"]);
    }

    [TestMethod]
    public void OneOfOverCapturedValuesAndAOneOfUsedInsideAnotherGroup()
    {
        var spec = Ir.Compile("explicit-oneof", p =>
        {
            var flip = FlowTasks.FlipCoin();
            Value<string> heads = null!, tails = null!;
            p.If(flip.Output == "heads", () => heads = FlowTasks.Print("h").Output)
             .Else(() => tails = FlowTasks.Print("t").Output);
            var either = p.OneOf(heads, tails);
            p.If(flip.Output != "edge", () => FlowTasks.Print(either));
        });
        var consumer = Ir.Task(Ir.Root(spec), "condition-4");
        JsonAssert.AreEqual("""["condition-branches-1", "flip-coin"]""", consumer["dependentTasks"]);
        JsonAssert.AreEqual("""{"taskOutputParameter": {"outputParameterKey": "pipelinechannel--condition-branches-1-oneof-1", "producerTask": "condition-branches-1"}}""",
            consumer["inputs"]!["parameters"]!["pipelinechannel--condition-branches-1-pipelinechannel--condition-branches-1-oneof-1"]);
        JsonAssert.AreEqual("""{"componentInputParameter": "pipelinechannel--condition-branches-1-pipelinechannel--condition-branches-1-oneof-1"}""",
            Ir.Task(Ir.Tasks(spec, "comp-condition-4"), "print-3")["inputs"]!["parameters"]!["message"]);
    }

    // ---- invalid constructs ----

    [TestMethod]
    public void ElseMustDirectlyFollowItsIf()
    {
        var e = Ir.Fails("late-else", p =>
        {
            var flip = FlowTasks.FlipCoin();
            var chain = p.If(flip.Output == "heads", () => FlowTasks.Print("h"));
            FlowTasks.Print("in between");
            chain.Else(() => FlowTasks.Print("t"));
        });
        Assert.AreEqual(PipelineErrors.InvalidBranches, e.Code);
        Assert.Contains("Else must directly follow its If ('condition-1'); 'task print-2' was added in between", e.Message);
        StringAssert.Contains(e.SourceLocation, "ConditionTests.cs:");
    }

    [TestMethod]
    public void AChainHasOneElse()
    {
        var e = Ir.Fails("two-else", p =>
        {
            var chain = p.If(FlowTasks.FlipCoin().Output == "heads", () => FlowTasks.Print("h"));
            chain.Else(() => FlowTasks.Print("t"));
            chain.Else(() => FlowTasks.Print("again"));
        });
        Assert.AreEqual(PipelineErrors.InvalidBranches, e.Code);
        Assert.Contains("already has an Else", e.Message);
    }

    [TestMethod]
    public void ElseInsideAnotherGroupThanItsIfIsRejected()
    {
        var e = Ir.Fails("misplaced", p =>
        {
            var flip = FlowTasks.FlipCoin();
            var chain = p.If(flip.Output == "heads", () => FlowTasks.Print("h"));
            p.If(flip.Output == "tails", () => chain.Else(() => FlowTasks.Print("t")));
        });
        Assert.AreEqual(PipelineErrors.InvalidBranches, e.Code);
        Assert.Contains("must be called where its If was", e.Message);
    }

    [TestMethod]
    public void OneOfNeedsAnOutputFromEveryBranchAndAnElse()
    {
        var noElse = Ir.Fails("no-else", p =>
        {
            var flip = FlowTasks.FlipCoin();
            Value<string> a = null!, b = null!;
            p.If(flip.Output == "heads", () => a = FlowTasks.Print("h").Output).ElseIf(flip.Output == "tails", () => b = FlowTasks.Print("t").Output);
            FlowTasks.Print(p.OneOf(a, b));
        });
        Assert.AreEqual(PipelineErrors.InvalidBranches, noElse.Code);
        Assert.Contains("ends with Else (2 of 2 branches, no Else)", noElse.Message);

        var sameBranch = Ir.Fails("same-branch", p =>
        {
            Value<string> a = null!, b = null!;
            p.If(FlowTasks.FlipCoin().Output == "heads", () => { a = FlowTasks.Print("h").Output; b = FlowTasks.Print("h2").Output; })
             .Else(() => FlowTasks.Print("t"));
            FlowTasks.Print(p.OneOf(a, b));
        });
        Assert.AreEqual(PipelineErrors.InvalidBranches, sameBranch.Code);
        Assert.Contains("branch 'condition-2' gives two", sameBranch.Message);

        var notInBranch = Ir.Fails("not-in-branch", p => FlowTasks.Print(p.OneOf(FlowTasks.Print("a").Output, FlowTasks.Print("b").Output)));
        Assert.AreEqual(PipelineErrors.InvalidBranches, notInBranch.Code);
    }

    [TestMethod]
    public void ABranchMustReturnATaskOutput()
    {
        var e = Ir.Fails("branch-constant", p => p.If(FlowTasks.FlipCoin().Output == "heads", () => (Value<string>)"x").Else(() => FlowTasks.Print("t").Output));
        Assert.AreEqual(PipelineErrors.InvalidBranches, e.Code);
        Assert.Contains("must return an output of a task it creates", e.Message);
    }

    [TestMethod]
    public void ComparingTwoConstantsIsRejected()
    {
        var e = Ir.Fails("constants", p => p.If((Value<int>)1 == 2, () => FlowTasks.Print("never")));
        Assert.AreEqual(PipelineErrors.InvalidCondition, e.Code);
        Assert.Contains("compares two constants", e.Message);
    }

    [TestMethod]
    public void ComparingListsOrRecordsIsRejected()
    {
        // == is defined for every Value<T> (it must beat reference equality), so lists compile but fail the trace.
        var e = Ir.Fails("lists", p => p.If(StepsTasks.SummarizeValues(new List<int> { 1 }).Outputs.Tags == new List<string> { "a" }, () => FlowTasks.Print("x")));
        Assert.AreEqual(PipelineErrors.InvalidCondition, e.Code);
        Assert.Contains("which KFP types as LIST; conditions compare strings, numbers and booleans only", e.Message);
    }

    [TestMethod]
    public void AValueFromInsideAConditionIsNotVisibleOutsideIt()
    {
        var e = Ir.Fails("leak", p =>
        {
            Value<string> inner = null!;
            p.If(FlowTasks.FlipCoin().Output == "heads", () => inner = FlowTasks.Print("h").Output);
            FlowTasks.Print(inner);
        });
        Assert.AreEqual(PipelineErrors.ValueOutOfScope, e.Code);
        Assert.Contains("task 'print-2': input 'message' uses output 'Output' of task 'print', which is produced inside If 'condition-1'", e.Message);
        Assert.Contains("p.OneOf", e.Message);
        StringAssert.Contains(e.SourceLocation, "ConditionTests.cs:");

        var after = Ir.Fails("after-leak", p =>
        {
            PipelineTask inner = null!;
            p.If(FlowTasks.FlipCoin().Output == "heads", () => inner = FlowTasks.Print("h"));
            FlowTasks.Print("later").After(inner);
        });
        Assert.AreEqual(PipelineErrors.ValueOutOfScope, after.Code);
        Assert.Contains("cannot wait for a task inside it", after.Message);
    }

    [TestMethod]
    public void AnEmptyBranchIsRejected()
    {
        var e = Ir.Fails("empty", p => p.If(FlowTasks.FlipCoin().Output == "heads", () => { }));
        Assert.AreEqual(PipelineErrors.InvalidBranches, e.Code);
        Assert.Contains("If 'condition-1' creates no task", e.Message);
    }

    [TestMethod]
    public void DisplayNamesNameTheGroupTasksInTheUi()
    {
        var spec = Ir.Compile("display", p => p.If(FlowTasks.FlipCoin().Output == "heads", () => FlowTasks.Print("h"), displayName: "Heads?"));
        JsonAssert.AreEqual("""{"name": "Heads?"}""", Ir.Root(spec)["condition-1"]!["taskInfo"]);
    }
}

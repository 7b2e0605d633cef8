using System.Text.Json.Nodes;

namespace Pipelines.Tests.Compilation;

/// <summary>ExitHandler → exit-handler group plus an exit task with ALL_UPSTREAM_TASKS_COMPLETED and
/// taskFinalStatus (docs/kfp-contract.md#control-flow); nesting of every group kind; one name counter per pipeline.</summary>
[TestClass]
public sealed class ExitHandlerTests
{
    private const string Message = """{"parameters":{"message":{"defaultValue":"hello","isOptional":true,"parameterType":"STRING"}}}""";

    /// <summary>KFP's test_data/sdk_compiled_pipelines/valid/essential/pipeline_with_exit_handler.yaml.</summary>
    [TestMethod]
    public void ExitHandlerMatchesTheKfpSdk()
    {
        var spec = Ir.Compile("pipeline-with-exit-handler", p => p.ExitHandler(
            exitTask: () => FlowTasks.Notify(),
            body: () => FlowTasks.Print(p.Parameter<string>("message"))), Message);

        JsonAssert.AreEqual("""
            {"exit-handler-1": {
               "componentRef": {"name": "comp-exit-handler-1"},
               "inputs": {"parameters": {"pipelinechannel--message": {"componentInputParameter": "message"}}},
               "taskInfo": {"name": "exit-handler-1"}},
             "notify": {
               "cachingOptions": {"enableCache": true},
               "componentRef": {"name": "comp-notify"},
               "dependentTasks": ["exit-handler-1"],
               "inputs": {"parameters": {"status": {"taskFinalStatus": {"producerTask": "exit-handler-1"}}}},
               "taskInfo": {"name": "notify"},
               "triggerPolicy": {"strategy": "ALL_UPSTREAM_TASKS_COMPLETED"}}}
            """, Ir.Root(spec));
        JsonAssert.AreEqual("""
            {"dag": {"tasks": {"print": {"cachingOptions": {"enableCache": true}, "componentRef": {"name": "comp-print"},
               "inputs": {"parameters": {"message": {"componentInputParameter": "pipelinechannel--message"}}}, "taskInfo": {"name": "print"}}}},
             "inputDefinitions": {"parameters": {"pipelinechannel--message": {"parameterType": "STRING"}}}}
            """, Ir.Component(spec, "comp-exit-handler-1"));
        JsonAssert.AreEqual("""{"parameters": {"channel": {"defaultValue": "#ml", "isOptional": true, "parameterType": "STRING"}, "status": {"isOptional": true, "parameterType": "TASK_FINAL_STATUS"}}}""",
            Ir.Component(spec, "comp-notify")["inputDefinitions"]);
    }

    [TestMethod]
    public void TheExitTaskMayTakePipelineParametersAndConstants()
    {
        var spec = Ir.Compile("exit-params", p => p.ExitHandler(() => FlowTasks.Notify(p.Parameter<string>("message")), () => FlowTasks.Print("x")), Message);
        JsonAssert.AreEqual("""
            {"parameters": {"channel": {"componentInputParameter": "message"}, "status": {"taskFinalStatus": {"producerTask": "exit-handler-1"}}}}
            """, Ir.Root(spec)["notify"]!["inputs"]);
    }

    /// <summary>A condition inside a loop inside an exit handler: each group takes what its content
    /// needs from its parent, two and three levels deep, and only the outermost group waits for
    /// producers at the top.</summary>
    [TestMethod]
    public void AConditionInsideALoopInsideAnExitHandler()
    {
        var spec = Ir.Compile("nesting", p =>
        {
            var threshold = p.Parameter<int>("threshold");
            var data = ChurnTasks.Preprocess();
            p.ExitHandler(() => FlowTasks.Notify(), () =>
            {
                var rates = FlowTasks.MakeRates(3);
                p.ParallelFor(rates.Output, rate =>
                {
                    var fit = FlowTasks.Fit(data.Outputs.Dataset, rate, threshold);
                    p.If(fit.Output > rate, () => FlowTasks.Deploy(fit.Outputs.Model, "prod"));
                    p.If(threshold > 5, () => FlowTasks.PickBest(rates.Output));
                });
            });
        }, """{"parameters":{"threshold":{"parameterType":"NUMBER_INTEGER"}}}""");

        Assert.AreSequenceEqual(["exit-handler-1", "notify", "preprocess"], Ir.Keys(Ir.Root(spec)));
        var exitHandler = Ir.Task(Ir.Root(spec), "exit-handler-1");
        JsonAssert.AreEqual("""["preprocess"]""", exitHandler["dependentTasks"]);
        JsonAssert.AreEqual("""
            {"artifacts": {"pipelinechannel--preprocess-dataset": {"taskOutputArtifact": {"outputArtifactKey": "dataset", "producerTask": "preprocess"}}},
             "parameters": {"pipelinechannel--threshold": {"componentInputParameter": "threshold"}}}
            """, exitHandler["inputs"]);

        var loop = Ir.Task(Ir.Tasks(spec, "comp-exit-handler-1"), "for-loop-2");
        JsonAssert.AreEqual("""["make-rates"]""", loop["dependentTasks"]);
        JsonAssert.AreEqual("""
            {"artifacts": {"pipelinechannel--preprocess-dataset": {"componentInputArtifact": "pipelinechannel--preprocess-dataset"}},
             "parameters": {"pipelinechannel--make-rates-Output": {"taskOutputParameter": {"outputParameterKey": "Output", "producerTask": "make-rates"}},
                            "pipelinechannel--threshold": {"componentInputParameter": "pipelinechannel--threshold"}}}
            """, loop["inputs"]);

        var loopTasks = Ir.Tasks(spec, "comp-for-loop-2");
        Assert.AreSequenceEqual(["condition-3", "condition-4", "fit"], Ir.Keys(loopTasks));
        var condition = Ir.Task(loopTasks, "condition-3");
        JsonAssert.AreEqual("""["fit"]""", condition["dependentTasks"]);
        Assert.AreEqual("inputs.parameter_values['pipelinechannel--fit-Output'] > inputs.parameter_values['pipelinechannel--make-rates-Output-loop-item']", Ir.Condition(condition));
        JsonAssert.AreEqual("""
            {"artifacts": {"pipelinechannel--fit-model": {"taskOutputArtifact": {"outputArtifactKey": "model", "producerTask": "fit"}}},
             "parameters": {"pipelinechannel--fit-Output": {"taskOutputParameter": {"outputParameterKey": "Output", "producerTask": "fit"}},
                            "pipelinechannel--make-rates-Output-loop-item": {"componentInputParameter": "pipelinechannel--make-rates-Output-loop-item"}}}
            """, condition["inputs"]);
        // Three levels deep: the pipeline parameter reaches condition-4 through exit-handler-1 and for-loop-2.
        var second = Ir.Task(loopTasks, "condition-4");
        Assert.IsNull(second["dependentTasks"]);
        JsonAssert.AreEqual("""
            {"pipelinechannel--make-rates-Output": {"componentInputParameter": "pipelinechannel--make-rates-Output"},
             "pipelinechannel--threshold": {"componentInputParameter": "pipelinechannel--threshold"}}
            """, second["inputs"]!["parameters"]);
        Assert.AreEqual("int(inputs.parameter_values['pipelinechannel--threshold']) > 5", Ir.Condition(second));
        JsonAssert.AreEqual("""{"componentInputParameter": "pipelinechannel--make-rates-Output"}""",
            Ir.Task(Ir.Tasks(spec, "comp-condition-4"), "pick-best")["inputs"]!["parameters"]!["accuracies"]);
        JsonAssert.AreEqual("""
            {"artifacts": {"data": {"componentInputArtifact": "pipelinechannel--preprocess-dataset"}},
             "parameters": {"epochs": {"componentInputParameter": "pipelinechannel--threshold"},
                            "learning_rate": {"componentInputParameter": "pipelinechannel--make-rates-Output-loop-item"}}}
            """, Ir.Task(loopTasks, "fit")["inputs"]);
    }

    [TestMethod]
    public void GroupAndComponentNamesAreUniqueAcrossThePipeline()
    {
        var spec = Ir.Compile("names", p =>
        {
            p.ExitHandler(() => FlowTasks.Notify(), () =>
            {
                FlowTasks.Print("a");
                p.ParallelFor([1, 2], _ => FlowTasks.Print("b"));
            });
            p.ExitHandler(() => FlowTasks.Notify(), () =>
            {
                p.If(FlowTasks.FlipCoin().Output == "heads", () => FlowTasks.Print("c")).Else(() => FlowTasks.Print("d"));
                p.ParallelFor([3], _ => FlowTasks.Print("e"));
            });
        });
        Assert.AreSequenceEqual(["exit-handler-1", "exit-handler-4", "notify", "notify-2"], Ir.Keys(Ir.Root(spec)));
        Assert.AreSequenceEqual(
            ["comp-condition-6", "comp-condition-7", "comp-condition-branches-5", "comp-exit-handler-1", "comp-exit-handler-4", "comp-flip-coin",
             "comp-for-loop-3", "comp-for-loop-9", "comp-notify", "comp-notify-2", "comp-print", "comp-print-2", "comp-print-3", "comp-print-4", "comp-print-5"],
            Ir.Keys(spec["components"]));
        Assert.AreSequenceEqual(["exec-flip-coin", "exec-notify", "exec-notify-2", "exec-print", "exec-print-2", "exec-print-3", "exec-print-4", "exec-print-5"],
            Ir.Keys(spec["deploymentSpec"]!["executors"]));
        JsonAssert.AreEqual("""{"itemInput": "pipelinechannel--loop-item-param-8", "items": {"raw": "[3]"}}""",
            Ir.Task(Ir.Tasks(spec, "comp-exit-handler-4"), "for-loop-9")["parameterIterator"]);
        JsonAssert.AreEqual("""["exit-handler-4"]""", Ir.Root(spec)["notify-2"]!["dependentTasks"]);
    }

    [TestMethod]
    public void IgnoringUpstreamFailureGivesTheFinalStatusOfTheOneUpstreamTask()
    {
        var spec = Ir.Compile("ignore-upstream", p =>
        {
            var flip = FlowTasks.FlipCoin();
            FlowTasks.Notify().After(flip).IgnoreUpstreamFailure();
            FlowTasks.Print("cleanup").After(flip).IgnoreUpstreamFailure();
        });
        JsonAssert.AreEqual("""
            {"cachingOptions": {"enableCache": true}, "componentRef": {"name": "comp-notify"}, "dependentTasks": ["flip-coin"],
             "inputs": {"parameters": {"status": {"taskFinalStatus": {"producerTask": "flip-coin"}}}},
             "taskInfo": {"name": "notify"}, "triggerPolicy": {"strategy": "ALL_UPSTREAM_TASKS_COMPLETED"}}
            """, Ir.Root(spec)["notify"]);
        JsonAssert.AreEqual("""{"strategy": "ALL_UPSTREAM_TASKS_COMPLETED"}""", Ir.Root(spec)["print"]!["triggerPolicy"]);
    }

    // ---- invalid constructs ----

    [TestMethod]
    public void AnExitHandlerMustBeAtTheOutermostScope()
    {
        var e = Ir.Fails("nested-exit", p => p.ParallelFor([1, 2], _ =>
            p.ExitHandler(() => FlowTasks.Notify(), () => FlowTasks.Print("x"))));
        Assert.AreEqual(PipelineErrors.ExitHandlerNotAtRoot, e.Code);
        Assert.StartsWith("pipeline 'nested-exit': an ExitHandler must be at the pipeline's outermost scope, not inside ParallelFor 'for-loop-2'", e.Message);
        StringAssert.Contains(e.SourceLocation, "ExitHandlerTests.cs:");
        Assert.EndsWith($"(at {e.SourceLocation})", e.Message);
    }

    [TestMethod]
    public void TheExitTaskCannotDependOnOtherTasks()
    {
        var e = Ir.Fails("exit-depends", p =>
        {
            var flip = FlowTasks.FlipCoin();
            p.ExitHandler(() => FlowTasks.Notify(flip.Output), () => FlowTasks.Print("x"));
        });
        Assert.AreEqual(PipelineErrors.InvalidExitTask, e.Code);
        Assert.Contains("exit task 'notify' of exit-handler-1 depends on 'flip-coin'", e.Message);

        var two = Ir.Fails("exit-two-tasks", p => p.ExitHandler(() => { FlowTasks.Print("extra"); return FlowTasks.Notify(); }, () => FlowTasks.Print("x")));
        Assert.AreEqual(PipelineErrors.InvalidExitTask, two.Code);
        Assert.Contains("must create exactly one task and return it (it created 2)", two.Message);

        var nested = Ir.Fails("exit-pipeline", p => p.ExitHandler(() => NestedPipelinesTasks.TrainAndCheck(ChurnTasks.Preprocess().Outputs.Dataset, 0.1), () => FlowTasks.Print("x")));
        Assert.AreEqual(PipelineErrors.InvalidExitTask, nested.Code);
    }

    [TestMethod]
    public void AFinalStatusInputOutsideAnExitTaskIsRejected()
    {
        var e = Ir.Fails("stray-status", _ => FlowTasks.Notify());
        Assert.AreEqual(PipelineErrors.InvalidFinalStatus, e.Code);
        Assert.Contains("takes a PipelineTaskFinalStatus ('status'), which only an ExitHandler's exit task", e.Message);

        var two = Ir.Fails("two-upstreams", _ => FlowTasks.Notify().After(FlowTasks.FlipCoin(), FlowTasks.Print("x")).IgnoreUpstreamFailure());
        Assert.AreEqual(PipelineErrors.InvalidFinalStatus, two.Code);
        Assert.Contains("exactly one upstream task, not 2", two.Message);

        var bound = Assert.ThrowsExactly<PipelineDefinitionException>(() => Ir.Compile("bind-status", _ =>
            PipelineBuilder.Current.AddTask(new FlowTasks.NotifyTask(), FlowTasks.NotifyComponent).BindParameter<string>("status", "SUCCEEDED")));
        Assert.AreEqual(PipelineErrors.InvalidFinalStatus, bound.Code);
    }

    [TestMethod]
    public void IgnoringUpstreamFailureNeedsOptionalInputsFromUpstream()
    {
        var e = Ir.Fails("ignore-required", _ => FlowTasks.Print(FlowTasks.FlipCoin().Output).IgnoreUpstreamFailure());
        Assert.AreEqual(PipelineErrors.InvalidTaskOption, e.Code);
        Assert.Contains("its required input 'message' comes from output 'Output' of task 'flip-coin'", e.Message);
    }

    [TestMethod]
    public void ValuesCannotLeaveAnExitHandler()
    {
        var e = Ir.Fails("exit-leak", p =>
        {
            Value<string> inner = null!;
            p.ExitHandler(() => FlowTasks.Notify(), () => inner = FlowTasks.Print("x").Output);
            FlowTasks.Print(inner);
        });
        Assert.AreEqual(PipelineErrors.ValueOutOfScope, e.Code);
        Assert.Contains("inside ExitHandler 'exit-handler-1'", e.Message);
        Assert.Contains("values cannot leave an ExitHandler", e.Message);
    }
}

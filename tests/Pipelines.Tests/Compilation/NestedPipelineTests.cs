using System.Text.Json.Nodes;

namespace Pipelines.Tests.Compilation;

/// <summary>[Pipeline]s used as tasks (DAG components with inputs and outputs) and pipeline outputs
/// (<c>root.dag.outputs</c>), docs/kfp-contract.md#control-flow.</summary>
[TestClass]
public sealed class NestedPipelineTests
{
    [TestMethod]
    public void ANestedPipelineIsADagComponentWithItsInputsOutputsAndGroups()
    {
        var spec = Ir.Compile("outer", p =>
        {
            var data = ChurnTasks.Preprocess();
            var check = NestedPipelinesTasks.TrainAndCheck(data.Outputs.Dataset, p.Parameter<double>("rate"));
            FlowTasks.Deploy(check.Outputs.Model);
            p.If(check.Outputs.Accuracy >= 0.9, () => FlowTasks.Print("good"));
        }, """{"parameters":{"rate":{"defaultValue":0.1,"isOptional":true,"parameterType":"NUMBER_DOUBLE"}}}""");

        JsonAssert.AreEqual("""
            {"cachingOptions": {"enableCache": true},
             "componentRef": {"name": "comp-train-and-check"},
             "dependentTasks": ["preprocess"],
             "inputs": {"artifacts": {"data": {"taskOutputArtifact": {"outputArtifactKey": "dataset", "producerTask": "preprocess"}}},
                        "parameters": {"learning_rate": {"componentInputParameter": "rate"}}},
             "taskInfo": {"name": "train-and-check"}}
            """, Ir.Root(spec)["train-and-check"]);
        JsonAssert.AreEqual("""
            {"dag": {
               "outputs": {"artifacts": {"model": {"artifactSelectors": [{"outputArtifactKey": "model", "producerSubtask": "fit"}]}},
                           "parameters": {"accuracy": {"valueFromParameter": {"outputParameterKey": "Output", "producerSubtask": "fit"}}}},
               "tasks": {
                 "condition-1": {"componentRef": {"name": "comp-condition-1-2"}, "dependentTasks": ["fit"],
                   "inputs": {"parameters": {"pipelinechannel--fit-Output": {"taskOutputParameter": {"outputParameterKey": "Output", "producerTask": "fit"}}}},
                   "taskInfo": {"name": "condition-1"},
                   "triggerPolicy": {"condition": "inputs.parameter_values['pipelinechannel--fit-Output'] < 0.5"}},
                 "fit": {"cachingOptions": {"enableCache": true}, "componentRef": {"name": "comp-fit"},
                   "inputs": {"artifacts": {"data": {"componentInputArtifact": "data"}},
                              "parameters": {"learning_rate": {"componentInputParameter": "learning_rate"}}},
                   "taskInfo": {"name": "fit"}}}},
             "inputDefinitions": {"artifacts": {"data": {"artifactType": {"schemaTitle": "system.Dataset", "schemaVersion": "0.0.1"}}},
                                  "parameters": {"learning_rate": {"parameterType": "NUMBER_DOUBLE"}}},
             "outputDefinitions": {"artifacts": {"model": {"artifactType": {"schemaTitle": "system.Model", "schemaVersion": "0.0.1"}}},
                                   "parameters": {"accuracy": {"parameterType": "NUMBER_DOUBLE"}}}}
            """, Ir.Component(spec, "comp-train-and-check"));
        // The outer pipeline took comp-condition-1 first; the nested one's groups and tasks get suffixes.
        Assert.IsNotNull(Ir.Component(spec, "comp-condition-1"));
        Assert.IsNotNull(Ir.Component(spec, "comp-condition-1-2"));
        JsonAssert.AreEqual("""{"artifacts": {"model": {"taskOutputArtifact": {"outputArtifactKey": "model", "producerTask": "train-and-check"}}}}""",
            Ir.Root(spec)["deploy"]!["inputs"]);
        JsonAssert.AreEqual("""{"pipelinechannel--train-and-check-accuracy": {"taskOutputParameter": {"outputParameterKey": "accuracy", "producerTask": "train-and-check"}}}""",
            Ir.Root(spec)["condition-1"]!["inputs"]!["parameters"]);
    }

    [TestMethod]
    public void CollidingComponentKeysOfNestedPipelinesGetSuffixes()
    {
        var spec = Ir.Compile("collide", p =>
        {
            var data = ChurnTasks.Preprocess();
            FlowTasks.Fit(data.Outputs.Dataset);
            NestedPipelinesTasks.TrainAndCheck(data.Outputs.Dataset, 0.2);
            NestedPipelinesTasks.TrainAndCheck(data.Outputs.Dataset, 0.3);
        });
        Assert.AreSequenceEqual(["fit", "preprocess", "train-and-check", "train-and-check-2"], Ir.Keys(Ir.Root(spec)));
        Assert.AreSequenceEqual(
            ["comp-condition-1", "comp-condition-1-2", "comp-fit", "comp-fit-2", "comp-fit-3", "comp-preprocess", "comp-print", "comp-print-2", "comp-train-and-check", "comp-train-and-check-2"],
            Ir.Keys(spec["components"]));
        Assert.AreEqual("comp-fit-2", Ir.Tasks(spec, "comp-train-and-check")["fit"]!["componentRef"]!["name"]!.GetValue<string>());
        Assert.AreEqual("comp-fit-3", Ir.Tasks(spec, "comp-train-and-check-2")["fit"]!["componentRef"]!["name"]!.GetValue<string>());
        Assert.AreEqual("exec-fit-3", Ir.Component(spec, "comp-fit-3")["executorLabel"]!.GetValue<string>());
        Assert.AreEqual("fit", spec["deploymentSpec"]!["executors"]!["exec-fit-3"]!["container"]!["args"]![3]!.GetValue<string>());
    }

    [TestMethod]
    public void PipelineOutputsAreRootDagOutputs()
    {
        var registration = new PipelineRegistration("with-outputs", null, null, Ir.NoInputs, b =>
        {
            var data = ChurnTasks.Preprocess();
            Value<double> accuracy = null!;
            ArtifactRef<Model> model = null!;
            b.ParallelFor([0.1, 0.2], rate =>
            {
                var fit = FlowTasks.Fit(data.Outputs.Dataset, rate);
                accuracy = fit.Output;
                model = fit.Outputs.Model;
            });
            var best = FlowTasks.PickBest(b.Collected(accuracy));
            var flip = FlowTasks.FlipCoin();
            var message = b.If(flip.Output == "heads", () => FlowTasks.Print("h").Output).Else(() => FlowTasks.Print("t").Output);
            b.Output("best", best.Outputs.Accuracy);
            b.Output("accuracies", b.Collected(accuracy));
            b.Output("models", b.Collected(model));
            b.Output("message", message);
            b.Output("data", data.Outputs.Dataset);
        });
        var spec = PipelineCompiler.Compile(registration, TestRegistrations.Executors);
        Assert.IsEmpty(Kfp.KfpIrValidator.Validate(spec), string.Join("\n", Kfp.KfpIrValidator.Validate(spec)));
        JsonAssert.AreEqual("""
            {"artifacts": {
               "data": {"artifactSelectors": [{"outputArtifactKey": "dataset", "producerSubtask": "preprocess"}]},
               "models": {"artifactSelectors": [{"outputArtifactKey": "pipelinechannel--fit-model", "producerSubtask": "for-loop-2"}]}},
             "parameters": {
               "accuracies": {"valueFromParameter": {"outputParameterKey": "pipelinechannel--fit-Output", "producerSubtask": "for-loop-2"}},
               "best": {"valueFromParameter": {"outputParameterKey": "accuracy", "producerSubtask": "pick-best"}},
               "message": {"valueFromParameter": {"outputParameterKey": "pipelinechannel--condition-branches-3-oneof-1", "producerSubtask": "condition-branches-3"}}}}
            """, spec["root"]!["dag"]!["outputs"]);
        JsonAssert.AreEqual("""
            {"artifacts": {
               "data": {"artifactType": {"schemaTitle": "system.Dataset", "schemaVersion": "0.0.1"}},
               "models": {"artifactType": {"schemaTitle": "system.Model", "schemaVersion": "0.0.1"}, "isArtifactList": true}},
             "parameters": {"accuracies": {"parameterType": "LIST"}, "best": {"parameterType": "NUMBER_DOUBLE"}, "message": {"parameterType": "STRING"}}}
            """, spec["root"]!["outputDefinitions"]);
    }

    [TestMethod]
    public void ANestedPipelineCanReturnCollectedArtifacts()
    {
        var sweep = new PipelineRegistration("sweep", null, null,
            """{"artifacts":{"data":{"artifactType":{"schemaTitle":"system.Dataset","schemaVersion":"0.0.1"}}}}""", b =>
            {
                var data = b.ArtifactParameter<Dataset>("data");
                ArtifactRef<Model> model = null!;
                b.ParallelFor([0.1, 0.2], rate => model = FlowTasks.Fit(data, rate).Outputs.Model);
                b.Output("models", b.Collected(model));
            });
        var spec = Ir.Compile("outer-sweep", _ =>
        {
            var task = PipelineBuilder.Current.AddPipelineTask(new FlowTasks.PrintTask(), sweep);
            task.BindArtifact("data", ChurnTasks.Preprocess().Outputs.Dataset);
            FlowTasks.Ensemble(task.ArtifactListOutput<Model>("models"));
        });
        JsonAssert.AreEqual("""{"artifacts": {"models": {"artifactType": {"schemaTitle": "system.Model", "schemaVersion": "0.0.1"}, "isArtifactList": true}}}""",
            Ir.Component(spec, "comp-sweep")["outputDefinitions"]);
        JsonAssert.AreEqual("""{"artifacts": {"models": {"taskOutputArtifact": {"outputArtifactKey": "models", "producerTask": "sweep"}}}}""",
            Ir.Root(spec)["ensemble"]!["inputs"]);
    }

    [TestMethod]
    public void APipelineOutputMustBeATaskOutputAtTheTopLevel()
    {
        var constant = Assert.ThrowsExactly<PipelineDefinitionException>(() => PipelineCompiler.Compile(
            new PipelineRegistration("const-output", null, null, Ir.NoInputs, b => { ChurnTasks.Preprocess(); b.Output<int>("answer", 42); }), TestRegistrations.Executors));
        Assert.AreEqual(PipelineErrors.InvalidPipelineOutput, constant.Code);
        Assert.Contains("output 'answer' of pipeline 'const-output' is 42: a pipeline output must be a task output", constant.Message);

        var inner = Assert.ThrowsExactly<PipelineDefinitionException>(() => PipelineCompiler.Compile(
            new PipelineRegistration("inner-output", null, null, Ir.NoInputs, b =>
            {
                Value<string> printed = null!;
                b.If(FlowTasks.FlipCoin().Output == "heads", () => printed = FlowTasks.Print("h").Output);
                b.Output("printed", printed);
            }), TestRegistrations.Executors));
        Assert.AreEqual(PipelineErrors.ValueOutOfScope, inner.Code);

        var duplicate = Assert.ThrowsExactly<PipelineDefinitionException>(() => PipelineCompiler.Compile(
            new PipelineRegistration("twice", null, null, Ir.NoInputs, b =>
            {
                var flip = FlowTasks.FlipCoin();
                b.Output("x", flip.Output);
                b.Output("x", flip.Output);
            }), TestRegistrations.Executors));
        Assert.AreEqual(PipelineErrors.InvalidPipelineOutput, duplicate.Code);
    }

    [TestMethod]
    public void APipelineCannotUseItselfAsATask()
    {
        PipelineRegistration self = null!;
        self = new PipelineRegistration("self", null, null, Ir.NoInputs, b => PipelineBuilder.Current.AddPipelineTask(new FlowTasks.PrintTask(), self));
        var e = Assert.ThrowsExactly<PipelineDefinitionException>(() => PipelineCompiler.Compile(self, TestRegistrations.Executors));
        Assert.AreEqual(PipelineErrors.RecursivePipeline, e.Code);
        Assert.Contains("pipeline 'self' uses pipeline 'self' as a task inside itself", e.Message);
    }

    [TestMethod]
    public void ARunCannotTakeArtifactInputs()
    {
        var e = Assert.ThrowsExactly<PipelineDefinitionException>(() => PipelineCompiler.Compile(NestedPipelinesTasks.TrainAndCheckPipeline, TestRegistrations.Executors));
        Assert.AreEqual(PipelineErrors.UnknownInput, e.Code);
        Assert.Contains("takes artifact input 'data': a pipeline run cannot be given artifacts", e.Message);
    }

    [TestMethod]
    public void ContainerSettingsOnANestedPipelineTaskAreRejected()
    {
        var e = Ir.Fails("settings", _ => NestedPipelinesTasks.TrainAndCheck(ChurnTasks.Preprocess().Outputs.Dataset, 0.1).WithCpuLimit("2").WithSecretAsEnv("s", "k", "V"));
        Assert.AreEqual(PipelineErrors.InvalidTaskOption, e.Code);
        Assert.Contains("task 'train-and-check': WithCpuRequest/WithCpuLimit, Kubernetes options need the task's own container, and a nested pipeline task has none", e.Message);
    }

    [TestMethod]
    public void ANestedPipelineSeesOnlyItsOwnParametersAndTasks()
    {
        var outerTask = Ir.Fails("foreign", p =>
        {
            var flip = FlowTasks.FlipCoin();
            var inner = new PipelineRegistration("inner", null, null, Ir.NoInputs, _ => FlowTasks.Print(flip.Output));
            PipelineBuilder.Current.AddPipelineTask(new FlowTasks.PrintTask(), inner);
        });
        Assert.AreEqual(PipelineErrors.ForeignTask, outerTask.Code);
        Assert.Contains("task 'print' uses task 'flip-coin', which belongs to another pipeline trace", outerTask.Message);

        var outerParameter = Ir.Fails("foreign-param", p =>
        {
            var rate = p.Parameter<double>("rate");
            var inner = new PipelineRegistration("inner", null, null, Ir.NoInputs, _ => FlowTasks.Fit(ChurnTasks.Preprocess().Outputs.Dataset, rate));
            PipelineBuilder.Current.AddPipelineTask(new FlowTasks.PrintTask(), inner);
        }, """{"parameters":{"rate":{"parameterType":"NUMBER_DOUBLE"}}}""");
        Assert.AreEqual(PipelineErrors.ForeignTask, outerParameter.Code);
        Assert.Contains("refers to parameter 'rate' of pipeline 'foreign-param', not of pipeline 'inner'", outerParameter.Message);
    }
}

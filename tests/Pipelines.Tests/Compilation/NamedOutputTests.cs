namespace Pipelines.Tests.Compilation;

/// <summary>Named outputs (<c>OutputParameter&lt;T&gt;</c>, <c>[return: Output("scalar")]</c>) flow by name wherever task
/// outputs flow: task inputs, conditions (KFP's <c>…['pipelinechannel--train-scalar'] == '123'</c>), one-ofs and
/// nested pipelines' outputs.</summary>
[TestClass]
public sealed class NamedOutputTests
{
    [TestMethod]
    public void TheComponentDeclaresEachNamedOutputBesideItsArtifact()
    {
        var spec = Ir.Compile("named", p => NamedTasks.Train(3));
        JsonAssert.AreEqual("""
            {"artifacts": {"model": {"artifactType": {"schemaTitle": "system.Model", "schemaVersion": "0.0.1"}}},
             "parameters": {"accuracy": {"parameterType": "NUMBER_DOUBLE"}, "scalar": {"parameterType": "STRING"}, "sizes": {"parameterType": "LIST"}}}
            """, Ir.Component(spec, "comp-named-train")["outputDefinitions"]);
    }

    [TestMethod]
    public void NamedOutputsFlowIntoTasksConditionsAndOneOfs()
    {
        var spec = Ir.Compile("named-flow", p =>
        {
            var train = NamedTasks.Train(3);
            p.If(train.Outputs.Scalar == "123", () => FlowTasks.Print(train.Outputs.Scalar));
            var message = p.If(train.Outputs.Accuracy > 0.5, () => NamedTasks.Maybe(true).Outputs.Message)
                           .Else(() => FlowTasks.Print("low").Output);
            FlowTasks.Print(message);
            FlowTasks.Add(train.Outputs.Sizes);
            FlowTasks.Print(train.Output);
        });

        var root = Ir.Root(spec);
        JsonAssert.AreEqual("""
            {"componentRef": {"name": "comp-condition-1"},
             "dependentTasks": ["named-train"],
             "inputs": {"parameters": {"pipelinechannel--named-train-scalar": {"taskOutputParameter": {"outputParameterKey": "scalar", "producerTask": "named-train"}}}},
             "taskInfo": {"name": "condition-1"},
             "triggerPolicy": {"condition": "inputs.parameter_values['pipelinechannel--named-train-scalar'] == '123'"}}
            """, root["condition-1"]);
        Assert.AreEqual("inputs.parameter_values['pipelinechannel--named-train-accuracy'] > 0.5",
            Ir.Task(Ir.Tasks(spec, "comp-condition-branches-2"), "condition-3")["triggerPolicy"]!["condition"]!.GetValue<string>());
        JsonAssert.AreEqual("""
            {"valueFromOneof": {"parameterSelectors": [
              {"outputParameterKey": "pipelinechannel--named-maybe-message", "producerSubtask": "condition-3"},
              {"outputParameterKey": "pipelinechannel--print-2-Output", "producerSubtask": "condition-4"}]}}
            """, Ir.Component(spec, "comp-condition-branches-2")["dag"]!["outputs"]!["parameters"]!["pipelinechannel--condition-branches-2-oneof-1"]);
        JsonAssert.AreEqual("""{"taskOutputParameter": {"outputParameterKey": "sizes", "producerTask": "named-train"}}""",
            root["add"]!["inputs"]!["parameters"]!["nums"]);
        JsonAssert.AreEqual("""{"taskOutputParameter": {"outputParameterKey": "scalar", "producerTask": "named-train"}}""",
            root["print-4"]!["inputs"]!["parameters"]!["message"]);
    }

    [TestMethod]
    public void AKubernetesSecretNameFromANamedOutput()
    {
        var compiled = Ir.CompileAll("named-secret", p =>
        {
            var train = NamedTasks.Train(3);
            NamedTasks.Maybe(true).WithSecretAsEnv(train.Outputs.Scalar, "token", "TOKEN");
        });

        JsonAssert.AreEqual("""
            [{"keyToEnv": [{"envVar": "TOKEN", "secretKey": "token"}], "optional": false,
              "secretNameParameter": {"taskOutputParameter": {"outputParameterKey": "scalar", "producerTask": "named-train"}}}]
            """, compiled.PlatformSpec!["platforms"]!["kubernetes"]!["deploymentSpec"]!["executors"]!["exec-named-maybe"]!["secretAsEnv"]);
        JsonAssert.AreEqual("""["named-train"]""", Ir.Root(compiled.PipelineSpec)["named-maybe"]!["dependentTasks"]);
    }

    [TestMethod]
    public void ANestedPipelinesNamedReturnIsItsOutput()
    {
        var spec = Ir.Compile("named-outer", p =>
        {
            var inner = NamedPipelinesTasks.TrainNamed(3);
            FlowTasks.Print(inner.Outputs.Best);
        });

        var component = Ir.Component(spec, "comp-train-named");
        JsonAssert.AreEqual("""{"parameters": {"best": {"parameterType": "STRING"}}}""", component["outputDefinitions"]);
        JsonAssert.AreEqual("""{"parameters": {"best": {"valueFromParameter": {"outputParameterKey": "scalar", "producerSubtask": "named-train"}}}}""",
            component["dag"]!["outputs"]);
        JsonAssert.AreEqual("""{"taskOutputParameter": {"outputParameterKey": "best", "producerTask": "train-named"}}""",
            Ir.Root(spec)["print"]!["inputs"]!["parameters"]!["message"]);
    }

    /// <summary>A component whose one output parameter is an <c>OutputParameter&lt;T&gt;</c> (it returns nothing) has the
    /// <c>task.Output</c> shortcut too, as an imported KFP component with one output parameter does.</summary>
    [TestMethod]
    public void ASingleOutputParameterIsTheOutputShortcut()
    {
        var spec = Ir.Compile("single-output-parameter", p => FlowTasks.Print(NamedTasks.Maybe(true).Output));
        JsonAssert.AreEqual("""{"taskOutputParameter": {"outputParameterKey": "message", "producerTask": "named-maybe"}}""",
            Ir.Root(spec)["print"]!["inputs"]!["parameters"]!["message"]);
    }
}

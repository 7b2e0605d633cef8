using System.Text.Json.Nodes;
using Pipelines.Tests.Compilation;

namespace Pipelines.Tests.Kfp;

/// <summary>The validator's checks for control flow (docs/kfp-contract.md#control-flow) and the platform document (docs/kfp-contract.md#kubernetes-settings-document-2):
/// start from compiled, valid IR and break one thing at a time.</summary>
[TestClass]
public sealed class KfpIrValidatorControlFlowTests
{
    private static void AssertHasError(IReadOnlyList<string> errors, string pathPrefix, string fragment) =>
        Assert.IsTrue(errors.Any(e => e.StartsWith(pathPrefix, StringComparison.Ordinal) && e.Contains(fragment, StringComparison.Ordinal)),
            $"Expected an error at '{pathPrefix}' containing '{fragment}'; got:\n{string.Join("\n", errors)}");

    /// <summary>A loop over a pipeline parameter with a condition, a collected output, a one-of, an exit handler and an importer.</summary>
    private static JsonObject Sample() => Ir.Compile("sample", p =>
    {
        p.ExitHandler(() => FlowTasks.Notify(), () =>
        {
            var data = p.Import<Dataset>(p.Parameter<string>("uri"));
            Value<double> accuracy = null!;
            p.ParallelFor(p.Parameter<List<double>>("rates"), rate =>
            {
                var fit = FlowTasks.Fit(data, rate);
                p.If(fit.Output > 0.5, () => FlowTasks.Deploy(fit.Outputs.Model));
                accuracy = fit.Output;
            });
            var best = FlowTasks.PickBest(p.Collected(accuracy));
            var message = p.If(best.Outputs.Accuracy > 0.9, () => FlowTasks.Print("good").Output).Else(() => FlowTasks.Print("bad").Output);
            FlowTasks.Print(message);
        });
    }, """{"parameters":{"rates":{"parameterType":"LIST"},"uri":{"parameterType":"STRING"}}}""");

    private static JsonObject DagTasks(JsonObject spec, string component) => spec["components"]![component]!["dag"]!["tasks"]!.AsObject();

    [TestMethod]
    public void TheSampleIsValid() => Assert.IsEmpty(KfpIrValidator.Validate(Sample()));

    [TestMethod]
    public void RejectsALoopTaskThatPassesItsItemInput()
    {
        var spec = Sample();
        var loop = DagTasks(spec, "comp-exit-handler-1")["for-loop-2"]!;
        loop["inputs"]!["parameters"]!["pipelinechannel--rates-loop-item"] = JsonNode.Parse("""{"componentInputParameter": "pipelinechannel--rates"}""");
        AssertHasError(KfpIrValidator.Validate(spec), "$.components.comp-exit-handler-1.dag.tasks.for-loop-2.inputs.parameters.pipelinechannel--rates-loop-item", "must not pass it");
    }

    [TestMethod]
    public void RejectsALoopOverANonList()
    {
        var spec = Sample();
        spec["components"]!["comp-for-loop-2"]!["inputDefinitions"]!["parameters"]!["pipelinechannel--rates"]!["parameterType"] = "STRING";
        AssertHasError(KfpIrValidator.Validate(spec), "$.components.comp-exit-handler-1.dag.tasks.for-loop-2.parameterIterator.items.inputParameter", "a loop iterates over a LIST");
    }

    [TestMethod]
    public void RejectsAFinalStatusWithoutTheCompletedStrategy()
    {
        var spec = Sample();
        spec["root"]!["dag"]!["tasks"]!["notify"]!.AsObject().Remove("triggerPolicy");
        AssertHasError(KfpIrValidator.Validate(spec), "$.root.dag.tasks.notify.triggerPolicy", "must have strategy ALL_UPSTREAM_TASKS_COMPLETED");
    }

    [TestMethod]
    public void RejectsMalformedCelAndConditionsOnContainerTasks()
    {
        var spec = Sample();
        var condition = DagTasks(spec, "comp-for-loop-2")["condition-3"]!;
        condition["triggerPolicy"]!["condition"] = "(inputs.parameter_values['pipelinechannel--fit-Output'] > 0.5";
        AssertHasError(KfpIrValidator.Validate(spec), "$.components.comp-for-loop-2.dag.tasks.condition-3.triggerPolicy.condition", "unclosed '('");

        var quote = Sample();
        DagTasks(quote, "comp-for-loop-2")["condition-3"]!["triggerPolicy"]!["condition"] = "inputs.parameter_values['pipelinechannel--fit-Output] > 0.5";
        AssertHasError(KfpIrValidator.Validate(quote), "$.components.comp-for-loop-2.dag.tasks.condition-3.triggerPolicy.condition", "");

        var onContainer = Sample();
        DagTasks(onContainer, "comp-for-loop-2")["fit"]!["triggerPolicy"] = JsonNode.Parse("""{"condition": "1 == 1"}""");
        AssertHasError(KfpIrValidator.Validate(onContainer), "$.components.comp-for-loop-2.dag.tasks.fit.triggerPolicy.condition", "belong on group (DAG) tasks");
    }

    [TestMethod]
    public void RejectsOneOfAndCollectedOutputsOfTheWrongType()
    {
        var spec = Sample();
        spec["components"]!["comp-condition-branches-4"]!["outputDefinitions"]!["parameters"]!["pipelinechannel--condition-branches-4-oneof-1"]!["parameterType"] = "NUMBER_INTEGER";
        AssertHasError(KfpIrValidator.Validate(spec), "$.components.comp-condition-branches-4.dag.outputs.parameters.pipelinechannel--condition-branches-4-oneof-1.valueFromOneof.parameterSelectors[0].outputParameterKey",
            "is STRING, but the DAG output is declared NUMBER_INTEGER");

        var collected = Sample();
        collected["components"]!["comp-for-loop-2"]!["outputDefinitions"]!["parameters"]!["pipelinechannel--fit-Output"]!["parameterType"] = "STRING";
        AssertHasError(KfpIrValidator.Validate(collected), "$.components.comp-for-loop-2.dag.outputs.parameters.pipelinechannel--fit-Output.valueFromParameter.outputParameterKey",
            "is NUMBER_DOUBLE, but the DAG output is declared STRING");
    }

    [TestMethod]
    public void RejectsAnImporterInconsistentWithItsComponent()
    {
        var spec = Sample();
        spec["deploymentSpec"]!["executors"]!["exec-importer"]!["importer"]!["typeSchema"]!["schemaTitle"] = "system.Model";
        AssertHasError(KfpIrValidator.Validate(spec), "$.deploymentSpec.executors.exec-importer.importer.typeSchema.schemaTitle", "imports system.Model, but the component's output artifact is system.Dataset");

        var uri = Sample();
        uri["deploymentSpec"]!["executors"]!["exec-importer"]!["importer"]!["artifactUri"]!["runtimeParameter"] = "url";
        AssertHasError(KfpIrValidator.Validate(uri), "$.deploymentSpec.executors.exec-importer.importer.artifactUri.runtimeParameter", "'url' is not an input parameter");
    }

    [TestMethod]
    public void RejectsAHolePunchedInputTheGroupDoesNotDeclare()
    {
        var spec = Sample();
        spec["components"]!["comp-condition-3"]!["inputDefinitions"]!["artifacts"]!.AsObject().Remove("pipelinechannel--fit-model");
        var errors = KfpIrValidator.Validate(spec);
        AssertHasError(errors, "$.components.comp-condition-3.dag.tasks.deploy.inputs.artifacts.model.componentInputArtifact", "not an input artifact of the enclosing DAG component");
        AssertHasError(errors, "$.components.comp-for-loop-2.dag.tasks.condition-3.inputs.artifacts.pipelinechannel--fit-model", "has no input artifact");
    }

    // ---- platform document ----

    private static CompiledPipeline WithPlatform() => Ir.CompileAll("platform", p =>
    {
        var name = FlowTasks.Print("secret");
        FlowTasks.Print("x")
            .WithSecretAsEnv(name.Output, "k", "V")
            .WithSecretAsVolume(p.Parameter<string>("tls"), "/tls")
            .WithToleration("gpu", TolerationOperator.Exists)
            .WithTimeout(TimeSpan.FromSeconds(20));
        p.ParallelFor(["a"], _ => FlowTasks.Print("y").WithConfigMapAsEnv(name.Output, "k", "V"));
    }, """{"parameters":{"tls":{"parameterType":"STRING"}}}""");

    private static JsonObject Config(JsonObject platform, string label) => platform["platforms"]!["kubernetes"]!["deploymentSpec"]!["executors"]![label]!.AsObject();

    [TestMethod]
    public void AcceptsCompiledPlatformSpecs()
    {
        var compiled = WithPlatform();
        Assert.IsEmpty(KfpIrValidator.ValidatePlatform(compiled.PlatformSpec!, compiled.PipelineSpec));
    }

    [TestMethod]
    public void RejectsTyposUnknownExecutorsAndOtherPlatforms()
    {
        var compiled = WithPlatform();
        var platform = compiled.PlatformSpec!;
        Config(platform, "exec-print-2")["secretAsEnvs"] = new JsonArray();
        platform["platforms"]!["kubernetes"]!["deploymentSpec"]!["executors"]!["exec-missing"] = new JsonObject();
        platform["platforms"]!["vertex"] = new JsonObject();
        var errors = KfpIrValidator.ValidatePlatform(platform, compiled.PipelineSpec);
        AssertHasError(errors, "$.platforms.kubernetes.deploymentSpec.executors.exec-print-2.secretAsEnvs", "unknown field");
        AssertHasError(errors, "$.platforms.kubernetes.deploymentSpec.executors.exec-missing", "is not an executor of the PipelineSpec");
        AssertHasError(errors, "$.platforms.vertex", "only the 'kubernetes' platform");
    }

    [TestMethod]
    public void RejectsNameReferencesThatDoNotResolveOrWait()
    {
        var compiled = WithPlatform();
        compiled.PipelineSpec["root"]!["dag"]!["tasks"]!["print-2"]!.AsObject().Remove("dependentTasks");
        Config(compiled.PlatformSpec!, "exec-print-2")["secretAsVolume"]![0]!["secretNameParameter"] = JsonNode.Parse("""{"componentInputParameter": "tls_name"}""");
        Config(compiled.PlatformSpec!, "exec-print-3")["configMapAsEnv"]![0]!["configMapNameParameter"] = JsonNode.Parse("""{"componentInputParameter": "pipelinechannel--other"}""");
        var errors = KfpIrValidator.ValidatePlatform(compiled.PlatformSpec!, compiled.PipelineSpec);
        AssertHasError(errors, "$.platforms.kubernetes.deploymentSpec.executors.exec-print-2.secretAsEnv[0].secretNameParameter.taskOutputParameter.producerTask", "must be in dependentTasks of task 'print-2'");
        AssertHasError(errors, "$.platforms.kubernetes.deploymentSpec.executors.exec-print-2.secretAsVolume[0].secretNameParameter.componentInputParameter", "'tls_name' is not an input parameter");
        AssertHasError(errors, "$.platforms.kubernetes.deploymentSpec.executors.exec-print-3.configMapAsEnv[0].configMapNameParameter.componentInputParameter", "(task 'print-3' of $.components.comp-for-loop-2)");
    }

    [TestMethod]
    public void RejectsBadEnumsAndIntegers()
    {
        var compiled = WithPlatform();
        var config = Config(compiled.PlatformSpec!, "exec-print-2");
        config["imagePullPolicy"] = "Sometimes";
        config["activeDeadlineSeconds"] = "20s";
        config["tolerations"]![0]!["operator"] = "Matches";
        config["secretAsVolume"]![0]!["mountPath"] = "tls";
        var errors = KfpIrValidator.ValidatePlatform(compiled.PlatformSpec!, compiled.PipelineSpec);
        AssertHasError(errors, "$.platforms.kubernetes.deploymentSpec.executors.exec-print-2.imagePullPolicy", "must be one of Always, Never, IfNotPresent");
        AssertHasError(errors, "$.platforms.kubernetes.deploymentSpec.executors.exec-print-2.activeDeadlineSeconds", "must be an integer");
        AssertHasError(errors, "$.platforms.kubernetes.deploymentSpec.executors.exec-print-2.tolerations[0].operator", "must be one of Equal, Exists");
        AssertHasError(errors, "$.platforms.kubernetes.deploymentSpec.executors.exec-print-2.secretAsVolume[0].mountPath", "not an absolute path");
    }

    [TestMethod]
    public void RejectsPlatformConfigOnAnImporter()
    {
        var spec = Sample();
        var platform = JsonNode.Parse("""{"platforms": {"kubernetes": {"deploymentSpec": {"executors": {"exec-importer": {"imagePullPolicy": "Always"}}}}}}""")!.AsObject();
        AssertHasError(KfpIrValidator.ValidatePlatform(platform, spec), "$.platforms.kubernetes.deploymentSpec.executors.exec-importer", "not a container executor");
    }
}

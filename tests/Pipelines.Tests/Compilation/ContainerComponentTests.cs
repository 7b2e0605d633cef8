using System.Text.Json.Nodes;
using Pipelines.Tests.Kfp;

namespace Pipelines.Tests.Compilation;

/// <summary>
/// [ContainerComponent]s compile to the component files KFP's Python compiler writes for the same
/// components, and in a pipeline their executor is their own container (the build hands the tracer
/// no image for them), with task options on top.
/// </summary>
[TestClass]
public sealed class ContainerComponentTests
{
    /// <summary>The validator's full rules, less the entry-point arguments: these containers run other programs.</summary>
    private static readonly KfpIrValidatorOptions Foreign = new() { RequireExecutorInputContract = false };

    private static JsonObject CompileComponent(ComponentInfo component)
    {
        Assert.IsNotNull(component.Container, "the spec carries the container");
        var spec = ComponentCompiler.Compile(component, ExecutorTarget.Imported(component.Container));
        var errors = KfpIrValidator.ValidateCompiledComponent(spec, Foreign);
        Assert.IsEmpty(errors, $"{string.Join("\n", errors)}\n{Ir.Dump(spec)}");
        return spec;
    }

    [TestMethod]
    public void ContainerWithIfPlaceholderIsKfps()
    {
        var spec = CompileComponent(ContainerToolsTasks.ContainerWithIfPlaceholderComponent);
        // sdk/python/test_data/components/container_with_if_placeholder.yaml, as JSON (all but sdkVersion).
        JsonAssert.AreEqual("""
            {"comp-container-with-if-placeholder": {
               "executorLabel": "exec-container-with-if-placeholder",
               "inputDefinitions": {"parameters": {"optional_input": {"defaultValue": "default", "isOptional": true, "parameterType": "STRING"}}},
               "outputDefinitions": {"artifacts": {"dataset": {"artifactType": {"schemaTitle": "system.Dataset", "schemaVersion": "0.0.1"}}},
                                     "parameters": {"output_path": {"parameterType": "STRING"}}}}}
            """, spec["components"]);
        JsonAssert.AreEqual("""
            {"executors": {"exec-container-with-if-placeholder": {"container": {
               "args": ["--output_path", "{{$.outputs.parameters['output_path'].output_file}}"],
               "command": ["my_program",
                 "{\"IfPresent\": {\"InputName\": \"optional_input\", \"Then\": [\"{{$.inputs.parameters['optional_input']}}\"], \"Else\": [\"bye\"]}}",
                 "--dataset",
                 "{\"IfPresent\": {\"InputName\": \"optional_input\", \"Then\": [\"{{$.outputs.artifacts['dataset'].uri}}\"], \"Else\": [\"bye\"]}}"],
               "image": "public.ecr.aws/docker/library/python:3.12"}}}}
            """, spec["deploymentSpec"]);
        JsonAssert.AreEqual("""
            {"dag": {
               "outputs": {"artifacts": {"dataset": {"artifactSelectors": [{"outputArtifactKey": "dataset", "producerSubtask": "container-with-if-placeholder"}]}},
                           "parameters": {"output_path": {"valueFromParameter": {"outputParameterKey": "output_path", "producerSubtask": "container-with-if-placeholder"}}}},
               "tasks": {"container-with-if-placeholder": {
                 "cachingOptions": {"enableCache": true},
                 "componentRef": {"name": "comp-container-with-if-placeholder"},
                 "inputs": {"parameters": {"optional_input": {"componentInputParameter": "optional_input"}}},
                 "taskInfo": {"name": "container-with-if-placeholder"}}}},
             "inputDefinitions": {"parameters": {"optional_input": {"defaultValue": "default", "isOptional": true, "parameterType": "STRING"}}},
             "outputDefinitions": {"artifacts": {"dataset": {"artifactType": {"schemaTitle": "system.Dataset", "schemaVersion": "0.0.1"}}},
                                   "parameters": {"output_path": {"parameterType": "STRING"}}}}
            """, spec["root"]);
    }

    [TestMethod]
    public void ContainerNoInputHasNoArgs()
    {
        var spec = CompileComponent(ContainerToolsTasks.ContainerNoInputComponent);
        JsonAssert.AreEqual("""
            {"container": {"command": ["echo", "hello world"], "image": "public.ecr.aws/docker/library/python:3.12"}}
            """, spec["deploymentSpec"]!["executors"]!["exec-container-no-input"]);
    }

    [TestMethod]
    public void InAPipelineTheExecutorIsTheComponentsOwnContainerWithTaskOptions()
    {
        Assert.IsFalse(TestRegistrations.Executors.ContainsKey("container-count"), "the build hands the tracer no image for a container component");
        var spec = PipelineCompiler.Compile(new PipelineRegistration("containers", null, null, Ir.NoInputs, p =>
        {
            var io = ContainerToolsTasks.ContainerIo("hello");
            var data = ContainerToolsTasks.ContainerWithIfPlaceholder(optionalInput: io.Outputs.OutputPath);
            ContainerToolsTasks.Count(data.Outputs.Dataset, label: "run-1")
                .WithEnv("LC_ALL", "C").WithCpuLimit("500m").WithCaching(false);
        }), TestRegistrations.Executors);
        var errors = KfpIrValidator.Validate(spec, Foreign);
        Assert.IsEmpty(errors, $"{string.Join("\n", errors)}\n{Ir.Dump(spec)}");

        JsonAssert.AreEqual("""
            {"container": {
               "args": ["{\"IfPresent\": {\"InputName\": \"label\", \"Then\": [\"--label\", {\"Concat\": [\"[\", \"{{$.inputs.parameters['label']}}\", \"]\"]}]}}"],
               "command": ["sh", "-c", "wc -l < \"$0\" > \"$1\"", "{{$.inputs.artifacts['data'].path}}", "{{$.outputs.parameters['lines'].output_file}}"],
               "env": [{"name": "LC_ALL", "value": "C"}],
               "image": "alpine:3.20",
               "resources": {"cpuLimit": 0.5, "resourceCpuLimit": "500m"}}}
            """, spec["deploymentSpec"]!["executors"]!["exec-container-count"]);
        var root = Ir.Root(spec);
        JsonAssert.AreEqual("""{"taskOutputParameter": {"outputParameterKey": "output_path", "producerTask": "container-io"}}""",
            root["container-with-if-placeholder"]!["inputs"]!["parameters"]!["optional_input"]);
        JsonAssert.AreEqual("""{"taskOutputArtifact": {"outputArtifactKey": "dataset", "producerTask": "container-with-if-placeholder"}}""",
            root["container-count"]!["inputs"]!["artifacts"]!["data"]);
    }

    [TestMethod]
    public void AsCSharpTheSpecHoldsTheCommandLineOfItsValues()
    {
        // A unit test calls the method: it gets the command line those values give.
        var spec = ContainerTools.Count(new Input<Dataset>("/tmp/data.csv"), new OutputParameter<int> { OutputFile = "/tmp/lines" }, label: "x");
        CollectionAssert.AreEqual(new[] { "sh", "-c", "wc -l < \"$0\" > \"$1\"", "/tmp/data.csv", "/tmp/lines", "--label", "[x]" }, spec.Expand().ToArray());
        var without = ContainerTools.Count(new Input<Dataset>("/tmp/data.csv"), new OutputParameter<int> { OutputFile = "/tmp/lines" });
        Assert.AreEqual(5, without.Expand().Count);
    }
}

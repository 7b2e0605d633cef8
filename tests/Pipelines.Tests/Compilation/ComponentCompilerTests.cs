using System.Text.Json.Nodes;
using Pipelines.Tests.Kfp;

namespace Pipelines.Tests.Compilation;

/// <summary>Single components compiled to KFP's "compiled component" file (docs/kfp-contract.md#compiled-component-files).</summary>
[TestClass]
public sealed class ComponentCompilerTests
{
    private static readonly ExecutorTarget Target = new("registry.example.com/steps@sha256:" + new string('b', 64), ["/app/Steps"]);

    public static IEnumerable<object[]> Components() => TestRegistrations.Components.Select(c => new object[] { c.Component.Name });

    private static ComponentInfo Component(string name) => TestRegistrations.Components.Single(c => c.Component.Name == name).Component;

    [TestMethod]
    [DynamicData(nameof(Components))]
    public void EveryComponentCompilesToAValidCompiledComponentFile(string name)
    {
        var component = Component(name);
        var spec = ComponentCompiler.Compile(component, Target);

        var errors = KfpIrValidator.ValidateCompiledComponent(spec);
        Assert.IsEmpty(errors, $"{string.Join("\n", errors)}\n{spec.ToJsonString()}");

        Assert.AreEqual(name, spec["pipelineInfo"]!["name"]!.GetValue<string>());
        Assert.AreEqual("2.1.0", spec["schemaVersion"]!.GetValue<string>());
        JsonAssert.AreEqual(component.InputDefinitions.Count > 0 ? component.InputDefinitions : null, spec["root"]!["inputDefinitions"]);
        JsonAssert.AreEqual(component.OutputDefinitions.Count > 0 ? component.OutputDefinitions : null, spec["root"]!["outputDefinitions"]);
        JsonAssert.AreEqual(spec["root"]!["inputDefinitions"], spec["components"]!["comp-" + name]!["inputDefinitions"]);
        JsonAssert.AreEqual(spec["root"]!["outputDefinitions"], spec["components"]!["comp-" + name]!["outputDefinitions"]);
        JsonAssert.AreEqual(new JsonObject
        {
            ["container"] = new JsonObject
            {
                ["args"] = new JsonArray("--executor_input", "{{$}}", "--function_to_execute", name),
                ["command"] = new JsonArray("/app/Steps"),
                ["image"] = Target.Image,
            },
        }, spec["deploymentSpec"]!["executors"]!["exec-" + name]);

        // Every input is wired through (but a TaskConfig, which KFP's driver fills in) and every output is a DAG output.
        var task = spec["root"]!["dag"]!["tasks"]![name]!;
        foreach (var (input, definition) in component.InputParameters)
        {
            JsonAssert.AreEqual(definition!["parameterType"]!.GetValue<string>() == "TASK_CONFIG" ? null : new JsonObject { ["componentInputParameter"] = input },
                task["inputs"]?["parameters"]?[input]);
        }
        foreach (var (input, _) in component.InputArtifacts)
            JsonAssert.AreEqual(new JsonObject { ["componentInputArtifact"] = input }, task["inputs"]!["artifacts"]![input]);
        foreach (var (output, _) in component.OutputParameters)
        {
            JsonAssert.AreEqual(JsonNode.Parse($$"""{"valueFromParameter": {"outputParameterKey": "{{output}}", "producerSubtask": "{{name}}"} }"""),
                spec["root"]!["dag"]!["outputs"]!["parameters"]![output]);
        }

        foreach (var (output, _) in component.OutputArtifacts)
        {
            JsonAssert.AreEqual(JsonNode.Parse($$"""{"artifactSelectors": [{"outputArtifactKey": "{{output}}", "producerSubtask": "{{name}}"}]}"""),
                spec["root"]!["dag"]!["outputs"]!["artifacts"]![output]);
        }

        JsonAssert.AreEqual("""{"enableCache": true}""", task["cachingOptions"]);
    }

    [TestMethod]
    public void CleanCompilesToTheExpectedFile()
    {
        var spec = ComponentCompiler.Compile(StepsTasks.CleanComponent, Target);
        var sdkVersion = spec["sdkVersion"]!.GetValue<string>();
        Assert.StartsWith("pipelines-dotnet-", sdkVersion);

        const string dataset = """{"artifactType": {"schemaTitle": "system.Dataset", "schemaVersion": "0.0.1"}}""";
        const string definitions = $$"""
            "inputDefinitions": {
              "artifacts": {"raw": {{dataset}} },
              "parameters": {"fill_value": {"defaultValue": 0.0, "isOptional": true, "parameterType": "NUMBER_DOUBLE"} }
            },
            "outputDefinitions": {
              "artifacts": {"cleaned": {{dataset}} },
              "parameters": {"Output": {"parameterType": "NUMBER_INTEGER"} }
            }
            """;
        JsonAssert.AreEqual($$$"""
            {
              "components": {"comp-clean": {"executorLabel": "exec-clean", {{{definitions}}} }},
              "deploymentSpec": {"executors": {"exec-clean": {"container": {
                "args": ["--executor_input", "{{$}}", "--function_to_execute", "clean"],
                "command": ["/app/Steps"],
                "image": "{{{Target.Image}}}"} } } },
              "pipelineInfo": {"name": "clean", "description": "Fills missing values."},
              "root": {
                "dag": {
                  "outputs": {
                    "artifacts": {"cleaned": {"artifactSelectors": [{"outputArtifactKey": "cleaned", "producerSubtask": "clean"}]}},
                    "parameters": {"Output": {"valueFromParameter": {"outputParameterKey": "Output", "producerSubtask": "clean"} } }
                  },
                  "tasks": {"clean": {
                    "cachingOptions": {"enableCache": true},
                    "componentRef": {"name": "comp-clean"},
                    "inputs": {
                      "artifacts": {"raw": {"componentInputArtifact": "raw"}},
                      "parameters": {"fill_value": {"componentInputParameter": "fill_value"}}
                    },
                    "taskInfo": {"name": "clean"}
                  }}
                },
                {{{definitions}}}
              },
              "schemaVersion": "2.1.0",
              "sdkVersion": "{{{sdkVersion}}}"
            }
            """, spec);
    }

    [TestMethod]
    public void AComponentWithoutInputsHasNoTaskInputs()
    {
        var spec = ComponentCompiler.Compile(ChurnTasks.PreprocessComponent, Target);
        Assert.IsEmpty(KfpIrValidator.ValidateCompiledComponent(spec));
        Assert.IsNull(spec["root"]!["dag"]!["tasks"]!["preprocess"]!["inputs"]);
        Assert.IsNull(spec["root"]!["inputDefinitions"]);
        Assert.IsNull(spec["pipelineInfo"]!["description"]);
    }

    [TestMethod]
    public void TheCompiledFileIsIndependentOfTheComponentInfo()
    {
        // The compiler copies the definitions: editing its output must not change the component.
        var before = StepsTasks.ScoreComponent.InputDefinitions.ToJsonString();
        var spec = ComponentCompiler.Compile(StepsTasks.ScoreComponent, Target);
        spec["root"]!["inputDefinitions"]!["parameters"]!["threshold"]!["defaultValue"] = 0.9;
        spec["components"]!["comp-score"]!["inputDefinitions"]!.AsObject().Remove("artifacts");
        Assert.AreEqual(before, StepsTasks.ScoreComponent.InputDefinitions.ToJsonString());
    }
}

using System.Text.Json.Nodes;
using Pipelines.Local.Ir;

namespace Pipelines.Local.Tests;

/// <summary>
/// A nested pipeline taking a list of artifacts (<c>inputDefinitions.artifacts.models</c> with <c>isArtifactList</c>,
/// KFP's <c>Input[List[Model]]</c> pipeline input), fed by the models a loop collected, in the shape the compiler
/// writes it (ArtifactListInputTests in Pipelines.Tests). Tasks run in-process: <c>make</c> writes its value into its
/// model, <c>join</c> reads every model of its list from the executor input and joins their contents.
/// </summary>
[TestClass]
public sealed class ArtifactListInputRunTests
{
    private const string Yaml = """
        # PIPELINE DEFINITION
        # Name: train-and-ensemble
        components:
          comp-ensemble-models:
            dag:
              outputs:
                parameters:
                  Output:
                    valueFromParameter: {outputParameterKey: Output, producerSubtask: join}
              tasks:
                join:
                  cachingOptions: {enableCache: true}
                  componentRef: {name: comp-join}
                  inputs:
                    artifacts:
                      models: {componentInputArtifact: models}
                  taskInfo: {name: join}
            inputDefinitions:
              artifacts:
                models:
                  artifactType: {schemaTitle: system.Model, schemaVersion: 0.0.1}
                  isArtifactList: true
            outputDefinitions:
              parameters:
                Output: {parameterType: STRING}
          comp-for-loop-2:
            dag:
              outputs:
                artifacts:
                  pipelinechannel--make-model:
                    artifactSelectors:
                    - {outputArtifactKey: model, producerSubtask: make}
              tasks:
                make:
                  cachingOptions: {enableCache: true}
                  componentRef: {name: comp-make}
                  inputs:
                    parameters:
                      value: {componentInputParameter: pipelinechannel--loop-item-param-1}
                  taskInfo: {name: make}
            inputDefinitions:
              parameters:
                pipelinechannel--loop-item-param-1: {parameterType: STRING}
            outputDefinitions:
              artifacts:
                pipelinechannel--make-model:
                  artifactType: {schemaTitle: system.Model, schemaVersion: 0.0.1}
                  isArtifactList: true
          comp-join:
            executorLabel: exec-join
            inputDefinitions:
              artifacts:
                models:
                  artifactType: {schemaTitle: system.Model, schemaVersion: 0.0.1}
                  isArtifactList: true
            outputDefinitions:
              parameters:
                Output: {parameterType: STRING}
          comp-make:
            executorLabel: exec-make
            inputDefinitions:
              parameters:
                value: {parameterType: STRING}
            outputDefinitions:
              artifacts:
                model:
                  artifactType: {schemaTitle: system.Model, schemaVersion: 0.0.1}
        deploymentSpec:
          executors:
            exec-join:
              container:
                image: example.com/join:1
                command: [join]
                args: ['{{$}}', '{{$.outputs.parameters[''Output''].output_file}}']
            exec-make:
              container:
                image: example.com/make:1
                command: [make]
                args: ['{{$.inputs.parameters[''value'']}}', '{{$.outputs.artifacts[''model''].path}}']
        pipelineInfo:
          name: train-and-ensemble
        root:
          dag:
            tasks:
              ensemble-models:
                cachingOptions: {enableCache: true}
                componentRef: {name: comp-ensemble-models}
                dependentTasks: [for-loop-2]
                inputs:
                  artifacts:
                    models:
                      taskOutputArtifact: {outputArtifactKey: pipelinechannel--make-model, producerTask: for-loop-2}
                taskInfo: {name: ensemble-models}
              for-loop-2:
                componentRef: {name: comp-for-loop-2}
                parameterIterator:
                  itemInput: pipelinechannel--loop-item-param-1
                  items:
                    raw: '["a", "b", "c"]'
                taskInfo: {name: for-loop-2}
        schemaVersion: 2.1.0
        sdkVersion: kfp-2.13.0
        """;

    /// <summary>make writes its value to its model; join writes the sorted contents of the models it is handed.</summary>
    private static InProcessExecutor MakeAndJoin() => new(execution =>
    {
        var line = execution.CommandLine;
        if (line[0] == "make")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(line[2])!);
            File.WriteAllText(line[2], line[1]);
            return;
        }
        var models = JsonNode.Parse(line[1])!["inputs"]!["artifacts"]!["models"]!["artifacts"]!.AsArray();
        var contents = models.Select(m => File.ReadAllText(m!["uri"]!.GetValue<string>())).Order(StringComparer.Ordinal);
        File.WriteAllText(line[2], string.Join(",", contents));
    });

    [TestMethod]
    public async Task A_nested_pipeline_receives_every_collected_artifact_of_the_loop()
    {
        var runs = TestRunCleanup.NewFolder("pipelines-artifact-list-");
        var result = await LocalRunner.RunAsync(ShellPipelines.Write(Yaml), new Dictionary<string, object?>(),
            new RunOptions { RunsRoot = runs, Executor = MakeAndJoin(), RunId = "r1" });

        Assert.AreEqual(RunState.Succeeded, result.State, string.Join("\n", result.Steps.Select(s => $"{s.Path}: {s.State} {s.Reason}")));
        Assert.AreEqual("a,b,c", result.Task("ensemble-models/join").OutputParameters["Output"]!.GetValue<string>());
    }
}

namespace Pipelines.Kfp.Tests;

/// <summary>Pipeline YAML as the SDK writes it (header comment, version stamp in the description, typed root inputs).</summary>
internal static class TestPipelines
{
    public const string ChurnTraining = """
        # PIPELINE DEFINITION
        # Name: churn-training
        # Description: Trains the churn model (version 1.2.0+abc123)
        # Version: 1.2.0+abc123
        # Inputs:
        #    config: dict
        #    epochs: int [Default: 10]
        #    learning_rate: float [Default: 0.1]
        #    region: str
        #    shuffle: bool [Default: true]
        #    tags: list
        components:
          comp-train:
            executorLabel: exec-train
        deploymentSpec:
          executors:
            exec-train:
              container:
                image: registry.example/churn/train@sha256:0000000000000000000000000000000000000000000000000000000000000000
        pipelineInfo:
          name: churn-training
          displayName: Churn training
          description: Trains the churn model (version 1.2.0+abc123)
        root:
          dag:
            tasks:
              train:
                componentRef:
                  name: comp-train
                taskInfo:
                  name: train
          inputDefinitions:
            parameters:
              config:
                parameterType: STRUCT
                isOptional: true
              epochs:
                parameterType: NUMBER_INTEGER
                defaultValue: 10
              learning_rate:
                parameterType: NUMBER_DOUBLE
                defaultValue: 0.1
              region:
                parameterType: STRING
              shuffle:
                parameterType: BOOLEAN
                defaultValue: true
              tags:
                parameterType: LIST
                isOptional: true
        schemaVersion: 2.1.0
        sdkVersion: pipelines-dotnet-1.2.0
        """;

    /// <summary>Writes a YAML into a fresh temp folder and returns its path.</summary>
    public static string Write(string yaml, string fileName = "churn-training.yaml")
    {
        var dir = Path.Combine(Path.GetTempPath(), "pipelines-kfp-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, fileName);
        File.WriteAllText(path, yaml);
        return path;
    }
}

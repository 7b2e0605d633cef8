namespace Pipelines.Tests;

// Container components ([ContainerComponent]): KFP's own test components
// (sdk/python/test_data/components/container_*.py) written in C#, and one a pipeline wires up.
// The generator writes ContainerToolsTasks; none of them has an executor in this program.

public static class ContainerTools
{
    private const string Python = "public.ecr.aws/docker/library/python:3.12";

    [ContainerComponent]
    public static ContainerSpec ContainerIo(string text, OutputParameter<string> outputPath) =>
        new(Python, command: ["my_program", text], args: ["--output_path", outputPath.OutputFile]);

    [ContainerComponent]
    public static ContainerSpec ContainerWithIfPlaceholder(OutputParameter<string> outputPath, Output<Dataset> dataset, string optionalInput = "default") =>
        new(Python,
            command:
            [
                "my_program",
                ContainerArg.IfPresent(optionalInput, then: [optionalInput], @else: ["bye"]),
                "--dataset",
                ContainerArg.IfPresent(optionalInput, then: [dataset.Uri], @else: ["bye"]),
            ],
            args: ["--output_path", outputPath.OutputFile]);

    [ContainerComponent]
    public static ContainerSpec ContainerNoInput() => new(Python, command: ["echo", "hello world"]);

    /// <summary>Counts the lines of a dataset with the shell: an artifact in, an integer output parameter out.</summary>
    [ContainerComponent(Name = "container-count", Description = "Counts lines with wc")]
    public static ContainerSpec Count(Input<Dataset> data, OutputParameter<int> lines, string? label = null) =>
        new("alpine:3.20",
            command: ["sh", "-c", "wc -l < \"$0\" > \"$1\"", data.Path, lines.OutputFile],
            args: [ContainerArg.IfPresent(label, ["--label", ContainerArg.Concat("[", label!, "]")])]);
}

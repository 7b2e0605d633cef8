using Pipelines;

namespace Pipelines.Local.Tests;

// Container components declared in C# ([ContainerComponent]): `sh -c` on the offline base image.
// The generator evaluates each ContainerSpec into KFP's container; the engine runs it in docker mode.

public static class ShellTools
{
    /// <summary>Writes <c>count</c> lines, each the prefix (or <c>line-</c> when none is given) and a number.</summary>
    [ContainerComponent]
    public static ContainerSpec WriteLines(int count, Output<Dataset> lines, string? prefix = null) =>
        new(TestImage.Base,
            command: ["sh", "-ec", "i=0; : > \"$1\"; while [ $i -lt $0 ]; do echo \"$2$i\" >> \"$1\"; i=$((i+1)); done"],
            args: [count, lines.Path, ContainerArg.IfPresent(prefix, then: prefix!, @else: "line-")]);

    /// <summary>Counts the lines and reports the first one; the label arrives through Concat and an interpolation.</summary>
    [ContainerComponent]
    public static ContainerSpec CountLines(Input<Dataset> data, OutputParameter<int> total, OutputParameter<string> summary, string label = "run") =>
        new(TestImage.Base,
            command: ["sh", "-ec", "printf %s $(wc -l < \"$0\") > \"$1\"; printf '%s|%s' \"$3\" \"$(head -n 1 \"$0\")\" > \"$2\"",
                data.Path, total.OutputFile, summary.OutputFile, ContainerArg.Concat("[", label, "]")],
            args: [$"label={label}"]);
}

public static class ShellFlows
{
    [Pipeline(Name = "csharp-container-components")]
    public static void Run(PipelineBuilder p, [Default(3)] Param<int> count)
    {
        var written = ShellToolsTasks.WriteLines(count, prefix: "row-");
        ShellToolsTasks.CountLines(written.Outputs.Lines, label: "three");
        ShellToolsTasks.WriteLines(2).WithDisplayName("default-prefix");
    }
}

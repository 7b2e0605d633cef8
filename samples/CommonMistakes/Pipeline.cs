using Pipelines;

namespace CommonMistakes;

/// <summary>A correctly wired pipeline over the faulty components: tasks come from the generated factories.</summary>
public static class CommonMistakesPipeline
{
    [Pipeline(Name = "common-mistakes", Description = "Components with typical mistakes, for the analyzers to find")]
    public static void Define(PipelineBuilder p, [Default("crm")] Param<string> source)
    {
        var load = MistakesTasks.Load(source: source);
        var split = MistakesTasks.Split(load.Outputs.Raw);
        MistakesTasks.Summarise(split.Outputs.Train);
        MistakesTasks.CountRows(split.Outputs.Test);
    }
}

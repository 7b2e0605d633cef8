using Pipelines;

namespace CommonMistakes;

/// <summary>
/// Excluded from the build unless <c>-p:ShowErrors=true</c>: calling a component method in a
/// pipeline is an error (PIPE0016; the compiler adds CS1503 because a task output is not an
/// Input&lt;T&gt;). The code fix rewrites the call to <c>MistakesTasks.Split(load.Outputs.Raw)</c>.
/// </summary>
public static class BrokenPipeline
{
    [Pipeline(Name = "broken-pipeline")]
    public static void Define(PipelineBuilder p)
    {
        var load = MistakesTasks.Load();
        Mistakes.Split(load.Outputs.Raw, null!, null!, null!);                   // PIPE0016: use MistakesTasks.Split
    }
}

using Pipelines;

namespace KfpPipeline1;

/// <summary>The pipeline: three components, each in its own container image, passing Datasets.</summary>
public static class MainPipeline
{
    /// <summary>
    /// Name is the pipeline's name in KFP (pipelineInfo.name: lowercase letters, digits and '-';
    /// the build writes pipelines/kfp-pipeline-name.yaml). KFP scopes its cache by it: keep it stable.
    /// </summary>
    [Pipeline(Name = "kfp-pipeline-name", DisplayName = "KfpPipelineProject1",
        Description = "Make a synthetic table, standardise it, and log its column statistics.")]
    public static void Define(PipelineBuilder p, [Default(100)] Param<int> rows, [Default(42)] Param<int> seed)
    {
        var data = StepsTasks.MakeData(rows: rows, seed: seed);
        var standardized = StepsTasks.Standardize(data.Outputs.Data);
        StepsTasks.Describe(standardized.Outputs.Standardized);
    }
}

using Pipelines;

namespace ChurnPrediction;

/// <summary>The training pipeline: five components, each in its own container image, all sharing ChurnPrediction.Features.</summary>
public static class ChurnTrainingPipeline
{
    [Pipeline(Name = "churn-training", DisplayName = "Churn training",
        Description = "Synthesise customer data, check its quality and impute it, split it, train a logistic-regression churn model with ML.NET and evaluate it.")]
    public static void Define(PipelineBuilder p,
        [Default(2000)] Param<int> rows,
        [Default(20)] Param<int> epochs,
        [Default("median")] Param<string> imputation)
    {
        var data = DataStepsTasks.GenerateData(rows: rows);
        var clean = DataStepsTasks.Clean(data.Outputs.Raw, imputation: imputation);
        var split = DataStepsTasks.Split(clean.Outputs.Cleaned);
        var train = ModelStepsTasks.Train(split.Outputs.Train, epochs: epochs)
            .WithRetries(2, TimeSpan.FromSeconds(30))
            .WithCpuLimit("2")
            .WithMemoryLimit("4Gi");
        ModelStepsTasks.Evaluate(split.Outputs.Test, train.Outputs.Model)
            .WithDisplayName("Evaluate model");
    }
}

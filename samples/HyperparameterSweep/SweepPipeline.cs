using Pipelines;

namespace HyperparameterSweep;

/// <summary>
/// Sweep the learning rate in parallel, pick the best result, retrain with it and deploy only if
/// it is accurate enough; whatever happens, report how the run ended.
/// </summary>
public static class SweepPipeline
{
    /// <summary>The learning rates the sweep tries (a constant list: <c>parameterIterator.items.raw</c>).</summary>
    public static readonly double[] LearningRates = [0.003, 0.01, 0.03, 0.1, 0.3, 1.0];

    [Pipeline(Name = "hyperparameter-sweep", DisplayName = "Hyper-parameter sweep",
        Description = "Train a logistic regression for several learning rates in parallel, keep the best, deploy it if it is accurate enough.")]
    public static void Define(PipelineBuilder p,
        [Default(1000)] Param<int> rows,
        [Default(0.85)] Param<double> accuracyThreshold,
        [Default("#ml-sweeps")] Param<string> channel)
    {
        p.ExitHandler(
            exitTask: () => SweepStepsTasks.Notify(channel: channel),
            body: () =>
            {
                var data = SweepStepsTasks.MakeData(rows: rows);

                Value<SweepResult> result = null!;
                p.ParallelFor(LearningRates, rate =>
                {
                    var train = SweepStepsTasks.Train(data.Outputs.Train, learningRate: rate);
                    result = SweepStepsTasks.Evaluate(train.Outputs.Model, data.Outputs.Test).Output;
                }, parallelism: 2);

                var best = SweepStepsTasks.PickBest(p.Collected(result));
                var final = SweepStepsTasks.Train(data.Outputs.Train, learningRate: best.Outputs.LearningRate)
                    .WithDisplayName("Train with the best learning rate");

                p.If(best.Outputs.Accuracy >= accuracyThreshold,
                        // Deploying needs credentials and a node that may serve: Kubernetes settings
                        // go to the YAML's second document (the platform spec).
                        () => SweepStepsTasks.Deploy(final.Outputs.Model, accuracy: best.Outputs.Accuracy)
                                .WithSecretAsEnv("model-registry", "token", "MODEL_REGISTRY_TOKEN")
                                .WithNodeSelector("workload", "serving"))
                 .Else(() => SweepStepsTasks.Reject(best.Outputs.Accuracy, accuracyThreshold));
            });
    }
}

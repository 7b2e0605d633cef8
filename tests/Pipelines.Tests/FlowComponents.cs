using System.Globalization;

namespace Pipelines.Tests;

// Components of the control-flow tests (conditions, loops, exit handlers, collected outputs), in
// the shapes of KFP's own test pipelines (flip-coin, double/add, print); the generator writes
// FlowTasks. A [Pipeline] used as a task of others: NestedPipelinesTasks.

/// <summary>A loop item of the sweep tests: a record, so its fields are selected by JSON name.</summary>
public sealed record SweepPoint(double LearningRate, int Epochs);

public static class Flow
{
    [Component]
    public static string FlipCoin(int seed = 0) => (seed % 2 == 0) ? "heads" : "tails";

    [Component]
    public static string Print(string message) => message;

    [Component]
    public static int Double(int num) => 2 * num;

    [Component]
    public static int Add(List<int> nums) => nums.Sum();

    [Component]
    public static List<double> MakeRates(int count) => [.. Enumerable.Range(1, count).Select(i => i / 10.0)];

    [Component]
    public static double Fit(Input<Dataset> data, Output<Model> model, double learningRate = 0.1, int epochs = 1)
    {
        File.WriteAllText(model.Path, string.Create(CultureInfo.InvariantCulture, $"lr={learningRate};epochs={epochs}"));
        return Math.Round(1 - Math.Abs(learningRate - 0.3), 3);
    }

    [Component]
    public static (int Index, double Accuracy) PickBest(List<double> accuracies)
    {
        var best = accuracies.IndexOf(accuracies.Max());
        return (best, accuracies[best]);
    }

    [Component]
    public static void Ensemble(InputList<Model> models, Output<Model> ensemble) =>
        File.WriteAllText(ensemble.Path, string.Join("\n", models.Select(m => m.Path)));

    [Component]
    public static string Deploy(Input<Model> model, string target = "staging") => $"{target}:{model.Path}";

    /// <summary>An exit task: KFP fills <paramref name="status"/> (TASK_FINAL_STATUS).</summary>
    [Component]
    public static string Notify(PipelineTaskFinalStatus status, string channel = "#ml") =>
        $"{channel}: {status.PipelineTaskName} {status.State}{(status.ErrorMessage is { } m ? ": " + m : "")}";
}

/// <summary>A pipeline used as a task of other pipelines (the generator writes <c>NestedPipelinesTasks</c>).</summary>
public static class NestedPipelines
{
    /// <summary>A pipeline with an input parameter, an input artifact, a condition and two outputs.</summary>
    [Pipeline(Name = "train-and-check", Description = "Fits and checks a model.")]
    public static (Value<double> Accuracy, ArtifactRef<Model> Model) TrainAndCheck(PipelineBuilder p, Param<double> learningRate, ArtifactRef<Dataset> data)
    {
        var fit = FlowTasks.Fit(data, learningRate);
        p.If(fit.Output < 0.5, () => FlowTasks.Print("low accuracy"));
        return (fit.Output, fit.Outputs.Model);
    }
}

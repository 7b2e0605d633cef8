using Pipelines;

namespace HyperparameterSweep;

/// <summary>The result of one point of the sweep (a STRUCT parameter: JSON with snake_case keys).</summary>
public sealed record SweepResult(double LearningRate, double Accuracy, double LogLoss);

/// <summary>The sweep's components. Task factories: <c>SweepStepsTasks</c>.</summary>
public static class SweepSteps
{
    [Component(Description = "Synthesise a two-feature classification data set and split it into train and test")]
    public static int MakeData(Output<Dataset> train, Output<Dataset> test, int rows = 1000, int seed = 7, double testFraction = 0.25)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 10);
        if (testFraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "Use a fraction between 0 and 1.");
        var data = ExampleData.Generate(rows, seed);
        int testRows = (int)Math.Round(rows * testFraction);
        ExampleData.Write(train.Path, data.Skip(testRows));
        ExampleData.Write(test.Path, data.Take(testRows));
        train.Metadata["rows"] = rows - testRows;
        test.Metadata["rows"] = testRows;
        return rows;
    }

    [Component(Description = "Train a logistic regression by batch gradient descent")]
    public static void Train(Input<Dataset> train, Output<Model> model, double learningRate, int epochs = 200)
    {
        var fitted = LogisticRegression.Fit(ExampleData.Read(train.Path), learningRate, epochs);
        fitted.Save(model.Path);
        model.Metadata["learning_rate"] = learningRate;
        model.Metadata["epochs"] = epochs;
    }

    [Component(Description = "Accuracy and log-loss of a model on held-out data")]
    public static SweepResult Evaluate(Input<Model> model, Input<Dataset> test, Output<Metrics> metrics)
    {
        var fitted = LogisticRegression.Load(model.Path);
        var data = ExampleData.Read(test.Path);
        double accuracy = Math.Round(fitted.Accuracy(data), 4), logLoss = Math.Round(fitted.LogLoss(data), 4);
        metrics.Log("accuracy", accuracy);
        metrics.Log("log_loss", logLoss);
        metrics.Log("learning_rate", fitted.LearningRate);
        return new SweepResult(fitted.LearningRate, accuracy, logLoss);
    }

    [Component(Description = "Pick the learning rate with the best accuracy (ties: the lower log-loss)")]
    public static (double LearningRate, double Accuracy) PickBest(List<SweepResult> results)
    {
        if (results is null || results.Count == 0) throw new ArgumentException("The sweep produced no results.", nameof(results));
        var best = results.OrderByDescending(r => r.Accuracy).ThenBy(r => r.LogLoss).First();
        return (best.LearningRate, best.Accuracy);
    }

    [Component(Description = "Publish the model to the (simulated) model registry")]
    public static string Deploy(Input<Model> model, Output<Model> deployed, double accuracy, string registry = "registry/sweep")
    {
        if (Path.GetDirectoryName(deployed.Path) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
        File.Copy(model.Path, deployed.Path, overwrite: true);
        string version = $"{registry}:acc-{accuracy:0.0000}";
        deployed.Metadata["accuracy"] = accuracy;
        deployed.Metadata["version"] = version;
        return version;
    }

    [Component(Description = "Record why the best model was not deployed")]
    public static string Reject(double accuracy, double threshold) =>
        $"not deployed: best accuracy {accuracy:0.0000} is below the threshold {threshold:0.0000}";

    /// <summary>The exit task: KFP fills <paramref name="status"/> with how the sweep ended.</summary>
    [Component(Description = "Report how the sweep ended")]
    public static string Notify(PipelineTaskFinalStatus status, string channel = "#ml")
    {
        string message = status.Succeeded
            ? $"{channel}: sweep {status.PipelineJobResourceName} finished ({status.State})"
            : $"{channel}: sweep {status.PipelineJobResourceName} ended {status.State} in {status.PipelineTaskName}: {status.ErrorMessage ?? "no message"}";
        Console.WriteLine(message);
        return message;
    }
}

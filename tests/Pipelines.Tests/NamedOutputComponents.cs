namespace Pipelines.Tests;

// Components with outputs named the way KFP components name them (an OutputPath(str) called
// `scalar`, NamedTuple-like fields): [return: Output("scalar")] and OutputParameter<T> beside an
// artifact. The generator writes NamedTasks.

public static class Named
{
    [Component(Name = "named-train")]
    [return: Output("scalar")]
    public static string Train(int rows, Output<Model> model, OutputParameter<double> accuracy, OutputParameter<List<int>> sizes)
    {
        File.WriteAllText(model.Path, "model");
        accuracy.Value = rows / 4.0;
        sizes.Value = [rows, rows * 2];
        return "123";
    }

    /// <summary>Sets its output only when told to: unset, the task must fail.</summary>
    [Component(Name = "named-maybe")]
    public static async Task Maybe(bool set, OutputParameter<string> message)
    {
        await Task.Yield();
        if (set) message.Value = "hi";
    }
}

public static class NamedPipelines
{
    /// <summary>A nested pipeline whose single output is named by <c>[return: Output]</c>.</summary>
    [Pipeline(Name = "train-named")]
    [return: Output("best")]
    public static Value<string> TrainNamed(PipelineBuilder p, Param<int> rows) => NamedTasks.Train(rows).Outputs.Scalar;
}

namespace Pipelines.Tests;

// XML documentation as KFP descriptions: what KFP's compiler does with a docstring's Args: and
// Returns: sections (test_data/components/*: inputDefinitions.parameters.x.description).

public static class Documented
{
    /// <summary>Trains a model (the summary is not a description: [Component(Description)] is).</summary>
    /// <param name="data">The training
    ///     data, one row per <see cref="Dataset"/> record.</param>
    /// <param name="rows">Rows to read; <c>0</c> reads all of them.</param>
    /// <param name="model">The trained <paramref name="model"/>.</param>
    /// <param name="loss">Final training loss.</param>
    /// <param name="notes"></param>
    /// <returns>Accuracy on the held-out rows, between 0 and 1.</returns>
    [Component(Name = "documented-train")]
    public static double Train(Input<Dataset> data, Output<Model> model, OutputParameter<double> loss, int rows = 0, string notes = "")
    {
        File.WriteAllText(model.Path, "m");
        loss.Value = 0.5;
        return 0.9;
    }

    /// <param name="a">First.</param>
    /// <returns>Not used: a tuple's elements have no tag of their own.</returns>
    [Component(Name = "documented-split")]
    public static (int Left, int Right) Split(int a) => (a, a);
}

public static class DocumentedPipelines
{
    /// <param name="rows">How many rows each training task reads.</param>
    [Pipeline(Name = "documented-pipeline")]
    public static void Define(PipelineBuilder p, [Default(100)] Param<int> rows, Param<string> comment)
    {
        var make = FlowTasks.FlipCoin();
        DocumentedTasks.Split(1);
    }
}

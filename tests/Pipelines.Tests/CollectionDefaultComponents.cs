namespace Pipelines.Tests;

// LIST and STRUCT defaults written as [Default] JSON, on a component and on a pipeline: the
// generator checks the JSON against the C# types and writes it as KFP's compiler would.

public static class CollectionDefaults
{
    /// <summary>Sums the weighted sizes: a result that depends on every default.</summary>
    [Component(Name = "weigh")]
    public static double Weigh(
        [Default("[1, 2, 3]")] List<int> sizes,
        [Default("""{"a": 1, "b": 0.5}""")] Dictionary<string, double> weights,
        [Default("""{"learning_rate": 0.5, "layers": 2, "features": ["x"], "palette": "Blue"}""")] TrainConfig config) =>
        sizes.Sum() * weights.Values.Sum() * config.LearningRate * config.Layers + config.Features.Count + (int)config.Palette;
}

public static class CollectionDefaultPipelines
{
    [Pipeline(Name = "weigh-defaults")]
    public static void WeighDefaults(
        [Default("[4, 5]")] Param<List<int>> sizes,
        [Default("""{"A": 1.0, "B": 2}""")] Param<Dictionary<string, double>> weights)
    {
        CollectionDefaultsTasks.Weigh(sizes, weights);
    }
}

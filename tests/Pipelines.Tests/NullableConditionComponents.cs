namespace Pipelines.Tests;

// Conditions over nullable values: an optional pipeline parameter (Param<int?>) and a component
// that returns int? (KFP: a pipeline parameter `limit: Optional[int] = None` compared in dsl.If).

public static class Nullables
{
    [Component(Name = "maybe-count")]
    public static int? MaybeCount(int seed = 0) => seed == 0 ? null : seed;
}

public static class NullablePipelines
{
    [Pipeline(Name = "nullable-conditions")]
    public static void Define(PipelineBuilder p, Param<int?> limit, [Default(0.5)] Param<double?> ratio)
    {
        var count = NullablesTasks.MaybeCount(seed: 3);
        p.If(limit >= 3 & ratio < 0.75, () => FlowTasks.Print("big"));
        p.If(count.Output == 3 | count.Output > limit, () => FlowTasks.Print("three"));
    }
}

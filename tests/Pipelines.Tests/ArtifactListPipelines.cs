namespace Pipelines.Tests;

// A pipeline taking a list of artifacts (KFP: a @dsl.pipeline parameter `models: Input[List[Model]]`),
// used as a task of another pipeline that collects the models of a loop.

public static class ArtifactListPipelines
{
    /// <param name="models">The candidate models.</param>
    /// <returns>The ensemble of the candidates.</returns>
    [Pipeline(Name = "ensemble-models")]
    public static ArtifactRef<Model> Ensemble(PipelineBuilder p, ArtifactListRef<Model> models, Param<string> target) =>
        FlowTasks.Ensemble(models).Outputs.Ensemble;

    [Pipeline(Name = "train-and-ensemble")]
    public static void TrainAndEnsemble(PipelineBuilder p)
    {
        var data = p.Import<Dataset>("s3://bucket/data.csv");
        ArtifactRef<Model> model = default!;
        p.ParallelFor(new[] { 0.1, 0.2 }, rate => model = FlowTasks.Fit(data, learningRate: rate).Outputs.Model);
        var ensemble = ArtifactListPipelinesTasks.Ensemble(p.Collected(model), target: "prod");
        FlowTasks.Deploy(ensemble.Output);
    }
}

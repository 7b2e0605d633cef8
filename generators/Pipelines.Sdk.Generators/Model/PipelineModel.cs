namespace Pipelines.Sdk.Generators
{
    /// <summary>A <c>[Pipeline]</c> method as the emitters need it (immutable and equatable, like every model).</summary>
    /// <param name="MethodReference"><c>global::Churn.ChurnPipeline.Define</c>.</param>
    /// <param name="MethodDisplay"><c>Churn.ChurnPipeline.Define</c>, for ordering.</param>
    /// <param name="Parameters">Every method parameter, in declaration order.</param>
    internal sealed record PipelineModel(
        string KfpName,
        string? DisplayName,
        string? Description,
        string MethodReference,
        string MethodDisplay,
        EquatableArray<PipelineParameterModel> Parameters);
}

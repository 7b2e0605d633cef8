namespace Pipelines.Sdk.Generators
{
    /// <summary>One parameter of a <c>[Pipeline]</c> method: the builder, or a run parameter.</summary>
    /// <param name="KfpName">Run parameter name (snake_case); unused for the builder.</param>
    /// <param name="TypeName">The T of <c>Param&lt;T&gt;</c>, fully qualified.</param>
    internal sealed record PipelineParameterModel(bool IsBuilder, string KfpName, string TypeName, string? ParameterType, bool IsOptional, string? DefaultJson);
}

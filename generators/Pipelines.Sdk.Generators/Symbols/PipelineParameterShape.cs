namespace Pipelines.Sdk.Generators
{
    /// <summary>The classification of one pipeline parameter.</summary>
    /// <param name="Parameter">The T of Param&lt;T&gt;, for <see cref="PipelineParameterKind.Parameter"/>.</param>
    internal sealed record PipelineParameterShape(PipelineParameterKind Kind, ParameterTypeInfo? Parameter = null);
}

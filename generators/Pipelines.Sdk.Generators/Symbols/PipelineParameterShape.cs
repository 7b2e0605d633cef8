namespace Pipelines.Sdk.Generators
{
    /// <summary>The classification of one pipeline parameter.</summary>
    /// <param name="Parameter">The T of Param&lt;T&gt;, for <see cref="PipelineParameterKind.Parameter"/>.</param>
    /// <param name="ArtifactType">The X of <c>ArtifactRef&lt;X&gt;</c>, for <see cref="PipelineParameterKind.Artifact"/>.</param>
    /// <param name="SchemaTitle">KFP schema title of <paramref name="ArtifactType"/>.</param>
    internal sealed record PipelineParameterShape(PipelineParameterKind Kind, ParameterTypeInfo? Parameter = null, Microsoft.CodeAnalysis.ITypeSymbol? ArtifactType = null, string? SchemaTitle = null);
}

namespace Pipelines.Sdk.Generators;

/// <summary>The classification of one pipeline parameter.</summary>
/// <param name="Parameter">The T of Param&lt;T&gt;, for <see cref="PipelineParameterKind.Parameter"/>.</param>
/// <param name="ArtifactType">The X of <c>ArtifactRef&lt;X&gt;</c>, for <see cref="PipelineParameterKind.Artifact"/>.</param>
/// <param name="SchemaTitle">KFP schema title of <paramref name="ArtifactType"/>.</param>
/// <param name="IsArtifactList">An <c>ArtifactListRef&lt;X&gt;</c> parameter: a list of input artifacts (<c>isArtifactList</c>).</param>
internal sealed record PipelineParameterShape(PipelineParameterKind Kind, ParameterTypeInfo? Parameter = null, Microsoft.CodeAnalysis.ITypeSymbol? ArtifactType = null, string? SchemaTitle = null,
    bool IsArtifactList = false);

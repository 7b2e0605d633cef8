using Microsoft.CodeAnalysis;

namespace Pipelines.Sdk.Generators;

/// <summary>The classification of one component parameter.</summary>
/// <param name="Parameter">Set for <see cref="ComponentParameterKind.Parameter"/>.</param>
/// <param name="ArtifactType">The X of <c>Input&lt;X&gt;</c>/<c>Output&lt;X&gt;</c>.</param>
/// <param name="SchemaTitle">KFP schema title of <paramref name="ArtifactType"/>.</param>
/// <param name="IsNullable">An annotated <c>Input&lt;X&gt;?</c> (optional artifact) or a nullable parameter type.</param>
internal sealed record ComponentParameterShape(
    ComponentParameterKind Kind,
    ParameterTypeInfo? Parameter = null,
    ITypeSymbol? ArtifactType = null,
    string? SchemaTitle = null,
    bool IsNullable = false);

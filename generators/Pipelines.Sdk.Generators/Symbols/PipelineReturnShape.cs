using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Pipelines.Sdk.Generators;

/// <summary>What one output of a <c>[Pipeline]</c> method's return value is.</summary>
internal enum PipelineOutputKind
{
    /// <summary><c>Value&lt;T&gt;</c>: an output parameter.</summary>
    Parameter,
    /// <summary><c>ArtifactRef&lt;T&gt;</c>: an output artifact.</summary>
    Artifact,
    /// <summary><c>ArtifactListRef&lt;T&gt;</c>: an output artifact list.</summary>
    ArtifactList,
}

/// <summary>One output of a pipeline's return value: the single value (<c>Output</c>) or a tuple element.</summary>
/// <param name="Name">The tuple element name as written, or the single value's output name (<c>Output</c> unless
/// <c>[return: Output("name")]</c> says otherwise).</param>
/// <param name="Type">The T of <c>Value&lt;T&gt;</c>/<c>ArtifactRef&lt;T&gt;</c>/<c>ArtifactListRef&lt;T&gt;</c>.</param>
internal sealed record PipelineReturnElement(string Name, PipelineOutputKind Kind, ITypeSymbol Type);

/// <summary>The classification of a <c>[Pipeline]</c> method's return type.</summary>
/// <param name="Kind"><see cref="ReturnKind.None"/> for void, <see cref="ReturnKind.Single"/>, <see cref="ReturnKind.Tuple"/> or <see cref="ReturnKind.Unsupported"/>.</param>
/// <param name="OutputAttribute"><c>[return: Output("name")]</c> when present (see <see cref="ReturnShape"/>).</param>
internal sealed record PipelineReturnShape(ReturnKind Kind, ImmutableArray<PipelineReturnElement> Elements, string? Problem = null,
    AttributeData? OutputAttribute = null)
{
    public static PipelineReturnShape Unsupported(string problem) => new PipelineReturnShape(ReturnKind.Unsupported, ImmutableArray<PipelineReturnElement>.Empty, problem);
}

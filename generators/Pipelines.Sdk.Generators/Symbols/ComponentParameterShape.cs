using Microsoft.CodeAnalysis;

namespace Pipelines.Sdk.Generators
{
    /// <summary>What one parameter of a <c>[Component]</c> method is to KFP.</summary>
    internal enum ComponentParameterKind
    {
        /// <summary>A type KFP cannot carry (PIPE0004).</summary>
        Unsupported,
        /// <summary>ref/out/in or a pointer (PIPE0006).</summary>
        ByRefOrPointer,
        /// <summary>An input parameter (<c>inputDefinitions.parameters</c>).</summary>
        Parameter,
        /// <summary><c>Input&lt;X&gt;</c>: an input artifact.</summary>
        InputArtifact,
        /// <summary><c>Output&lt;X&gt;</c>: an output artifact.</summary>
        OutputArtifact,
    }

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
}

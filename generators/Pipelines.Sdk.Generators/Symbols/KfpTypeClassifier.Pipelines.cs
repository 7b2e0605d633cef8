using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Pipelines.Naming;

namespace Pipelines.Sdk.Generators;

internal sealed partial class KfpTypeClassifier
{
    /// <summary>
    /// A <c>[Pipeline]</c> return type: void, <c>Value&lt;T&gt;</c> (T a type KFP can carry),
    /// <c>ArtifactRef&lt;X&gt;</c>, <c>ArtifactListRef&lt;X&gt;</c>, or a tuple with named elements of those.
    /// </summary>
    public PipelineReturnShape ClassifyPipelineReturn(IMethodSymbol method)
    {
        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
            return PipelineReturnShape.Unsupported("ref returns cannot be carried");
        var outputAttribute = ReturnOutputAttribute(method);
        if (method.ReturnsVoid)
            return new PipelineReturnShape(ReturnKind.None, ImmutableArray<PipelineReturnElement>.Empty, OutputAttribute: outputAttribute);

        var type = method.ReturnType;
        if (type is INamedTypeSymbol { IsTupleType: true } tuple)
        {
            var elements = ImmutableArray.CreateBuilder<PipelineReturnElement>();
            foreach (var field in tuple.TupleElements)
            {
                if (!field.IsExplicitlyNamedTupleElement)
                    return PipelineReturnShape.Unsupported($"tuple element '{field.Name}' has no name; name every element, e.g. (Value<double> Accuracy, ArtifactRef<Model> Model)");
                var element = PipelineOutput(field.Name, field.Type);
                if (element is null)
                    return PipelineReturnShape.Unsupported($"tuple element '{field.Name}' has type '{Display(field.Type)}'");
                elements.Add(element);
            }
            return new PipelineReturnShape(ReturnKind.Tuple, elements.ToImmutable(), OutputAttribute: outputAttribute);
        }

        var single = PipelineOutput(ReturnOutputName(outputAttribute), type);
        return single is null
            ? PipelineReturnShape.Unsupported($"'{Display(type)}' is not a pipeline output")
            : new PipelineReturnShape(ReturnKind.Single, ImmutableArray.Create(single), OutputAttribute: outputAttribute);
    }

    /// <summary><c>ArtifactRef&lt;X&gt;</c> of a known artifact class: the X and its schema title; null otherwise.</summary>
    private (ITypeSymbol Artifact, string Title)? ArtifactRefOf(ITypeSymbol type, INamedTypeSymbol? definition)
    {
        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named &&
            KnownSymbols.Is(named.OriginalDefinition, definition) &&
            SchemaTitle(named.TypeArguments[0]) is { } title)
        {
            return (named.TypeArguments[0], title);
        }
        return null;
    }

    private PipelineReturnElement? PipelineOutput(string name, ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named) return null;
        var definition = named.OriginalDefinition;
        var argument = named.TypeArguments[0];
        if (KnownSymbols.Is(definition, _known.Value))
            return ClassifyParameterType(argument) is null ? null : new PipelineReturnElement(name, PipelineOutputKind.Parameter, argument);
        if (ArtifactRefOf(type, _known.ArtifactRef) is { } artifact)
            return new PipelineReturnElement(name, PipelineOutputKind.Artifact, artifact.Artifact);
        if (ArtifactRefOf(type, _known.ArtifactListRef) is { } list)
            return new PipelineReturnElement(name, PipelineOutputKind.ArtifactList, list.Artifact);
        return null;
    }

    /// <summary>A <c>[Pipeline]</c> parameter <c>ArtifactRef&lt;X&gt;</c> (an input artifact of the pipeline) or
    /// <c>ArtifactListRef&lt;X&gt;</c> (a list of them: KFP's <c>Input[List[X]]</c> pipeline input).</summary>
    private PipelineParameterShape? PipelineArtifactParameter(IParameterSymbol parameter) =>
        ArtifactRefOf(parameter.Type, _known.ArtifactRef) is { } artifact
            ? new PipelineParameterShape(PipelineParameterKind.Artifact, ArtifactType: artifact.Artifact, SchemaTitle: artifact.Title)
            : ArtifactRefOf(parameter.Type, _known.ArtifactListRef) is { } list
                ? new PipelineParameterShape(PipelineParameterKind.Artifact, ArtifactType: list.Artifact, SchemaTitle: list.Title, IsArtifactList: true)
                : null;
}

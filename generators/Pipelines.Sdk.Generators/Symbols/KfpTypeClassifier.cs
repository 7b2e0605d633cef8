using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Pipelines.Contracts;
using Pipelines.Naming;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// The one place that decides which C# types KFP can carry and how. The generator's parsers
/// and the shape analyzer both call it, so what the analyzer accepts is exactly what the
/// generator emits.
/// </summary>
internal sealed partial class KfpTypeClassifier
{
    private readonly KnownSymbols _known;
    private readonly RoslynTypeRules _rules;

    public KfpTypeClassifier(KnownSymbols known)
    {
        _known = known;
        _rules = new RoslynTypeRules(known.PipelinesAssembly);
    }

    /// <summary>A component parameter: input parameter, input or output artifact, or unsupported.</summary>
    public ComponentParameterShape ClassifyComponentParameter(IParameterSymbol parameter)
    {
        if (parameter.RefKind != RefKind.None || IsPointer(parameter.Type))
            return new ComponentParameterShape(ComponentParameterKind.ByRefOrPointer);

        var type = parameter.Type;
        if (KnownSymbols.Is(type.OriginalDefinition, _known.PipelineTaskFinalStatus))
            return new ComponentParameterShape(ComponentParameterKind.TaskFinalStatus);
        if (KnownSymbols.Is(type.OriginalDefinition, _known.TaskConfig))
            return new ComponentParameterShape(ComponentParameterKind.TaskConfig);
        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named)
        {
            var definition = named.OriginalDefinition;
            if (KnownSymbols.Is(definition, _known.InputList))
            {
                var listed = named.TypeArguments[0];
                var listTitle = SchemaTitle(listed);
                return listTitle is null
                    ? new ComponentParameterShape(ComponentParameterKind.Unsupported)
                    : new ComponentParameterShape(ComponentParameterKind.InputArtifactList, ArtifactType: listed, SchemaTitle: listTitle,
                        IsNullable: type.NullableAnnotation == NullableAnnotation.Annotated);
            }
            if (KnownSymbols.Is(definition, _known.OutputParameter))
            {
                var valueInfo = ClassifyParameterType(named.TypeArguments[0]);
                return valueInfo is null
                    ? new ComponentParameterShape(ComponentParameterKind.Unsupported)
                    : new ComponentParameterShape(ComponentParameterKind.OutputParameter, Parameter: valueInfo);
            }
            var isInput = KnownSymbols.Is(definition, _known.Input);
            if (isInput || KnownSymbols.Is(definition, _known.Output))
            {
                var artifact = named.TypeArguments[0];
                var title = SchemaTitle(artifact);
                if (title is null) return new ComponentParameterShape(ComponentParameterKind.Unsupported);
                return new ComponentParameterShape(
                    isInput ? ComponentParameterKind.InputArtifact : ComponentParameterKind.OutputArtifact,
                    ArtifactType: artifact,
                    SchemaTitle: title,
                    IsNullable: type.NullableAnnotation == NullableAnnotation.Annotated);
            }
        }

        var info = ClassifyParameterType(type);
        return info is null
            ? new ComponentParameterShape(ComponentParameterKind.Unsupported)
            : new ComponentParameterShape(ComponentParameterKind.Parameter, Parameter: info, IsNullable: info.IsNullable);
    }

    /// <summary>A pipeline method parameter: the builder, a <c>Param&lt;T&gt;</c>, or unsupported.</summary>
    public PipelineParameterShape ClassifyPipelineParameter(IParameterSymbol parameter)
    {
        if (parameter.RefKind != RefKind.None || IsPointer(parameter.Type))
            return new PipelineParameterShape(PipelineParameterKind.ByRefOrPointer);
        if (KnownSymbols.Is(parameter.Type, _known.PipelineBuilder))
            return new PipelineParameterShape(PipelineParameterKind.Builder);
        if (parameter.Type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named &&
            KnownSymbols.Is(named.OriginalDefinition, _known.Param) &&
            ClassifyParameterType(named.TypeArguments[0]) is { } info)
        {
            return new PipelineParameterShape(PipelineParameterKind.Parameter, info);
        }
        if (PipelineArtifactParameter(parameter) is { } artifact)
            return artifact;
        return new PipelineParameterShape(PipelineParameterKind.Unsupported);
    }

    /// <summary>A component return type: void/Task/ValueTask, one value, or a named tuple (optionally awaited).</summary>
    public ReturnShape ClassifyReturn(IMethodSymbol method)
    {
        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
            return ReturnShape.Unsupported("ref returns cannot be carried");
        var outputAttribute = ReturnOutputAttribute(method);
        if (method.ReturnsVoid)
            return new ReturnShape(ReturnKind.None, false, ImmutableArray<ReturnElement>.Empty, OutputAttribute: outputAttribute);

        var type = method.ReturnType;
        var awaitable = false;
        if (KnownSymbols.Is(type, _known.Task) || KnownSymbols.Is(type, _known.ValueTask))
            return new ReturnShape(ReturnKind.None, true, ImmutableArray<ReturnElement>.Empty, OutputAttribute: outputAttribute);
        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } task &&
            (KnownSymbols.Is(task.OriginalDefinition, _known.TaskOfT) || KnownSymbols.Is(task.OriginalDefinition, _known.ValueTaskOfT)))
        {
            awaitable = true;
            type = task.TypeArguments[0];
        }

        if (type is INamedTypeSymbol { IsTupleType: true } tuple)
        {
            var elements = ImmutableArray.CreateBuilder<ReturnElement>();
            foreach (var field in tuple.TupleElements)
            {
                if (!field.IsExplicitlyNamedTupleElement)
                    return ReturnShape.Unsupported($"tuple element '{field.Name}' has no name; name every element, e.g. (double Accuracy, int Rows)");
                var elementInfo = ClassifyParameterType(field.Type);
                if (elementInfo is null)
                    return ReturnShape.Unsupported($"tuple element '{field.Name}' has type '{Display(field.Type)}'");
                elements.Add(new ReturnElement(field.Name, field.Type, elementInfo));
            }
            return new ReturnShape(ReturnKind.Tuple, awaitable, elements.ToImmutable(), OutputAttribute: outputAttribute);
        }

        var info = ClassifyParameterType(type);
        if (info is null)
            return ReturnShape.Unsupported($"'{Display(type)}' is not a type KFP can carry");
        return new ReturnShape(ReturnKind.Single, awaitable, ImmutableArray.Create(new ReturnElement(ReturnOutputName(outputAttribute), type, info)),
            OutputAttribute: outputAttribute);
    }

    /// <summary><c>[return: Output("name")]</c> on the method, or null.</summary>
    public AttributeData? ReturnOutputAttribute(IMethodSymbol method)
    {
        if (_known.OutputAttribute is null) return null;
        foreach (var attribute in method.GetReturnTypeAttributes())
        {
            if (KnownSymbols.Is(attribute.AttributeClass, _known.OutputAttribute)) return attribute;
        }
        return null;
    }

    /// <summary>The output name of a single return value: the attribute's (an empty name when it is null or
    /// unreadable, which the name rule then rejects) or KFP's default <c>Output</c>.</summary>
    public static string ReturnOutputName(AttributeData? outputAttribute)
    {
        if (outputAttribute is null) return KfpNames.ReturnOutput;
        return outputAttribute.ConstructorArguments.Length == 1 && outputAttribute.ConstructorArguments[0].Value is string name ? name : "";
    }

    /// <summary>How a plain C# value type travels as a KFP parameter, or null when it cannot
    /// (the rules are <see cref="KfpParameterTypeRules{TType}"/>, shared with the runtime).</summary>
    public ParameterTypeInfo? ClassifyParameterType(ITypeSymbol type)
    {
        if (_rules.NullableUnderlying(type) is { } inner)
            return _rules.ParameterType(inner) is { } innerType ? new ParameterTypeInfo(innerType, true, inner) : null;
        var parameterType = _rules.ParameterType(type);
        if (parameterType is null) return null;
        var isNullable = type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated;
        return new ParameterTypeInfo(parameterType, isNullable, type);
    }

    /// <summary>KFP schema title of an artifact class: its own <c>[ArtifactSchema]</c>, or its nearest base's
    /// (the library's classes carry one too; the known names stand in for a library without it). Null when the
    /// class does not derive from a Pipelines artifact class.</summary>
    public string? SchemaTitle(ITypeSymbol artifact) => Schema(artifact)?.Title;

    /// <summary>KFP schema version of an artifact class (<c>0.0.1</c> unless its <c>[ArtifactSchema]</c> says otherwise).</summary>
    public string SchemaVersion(ITypeSymbol artifact) => Schema(artifact)?.Version ?? DefaultSchemaVersion;

    private const string DefaultSchemaVersion = "0.0.1";

    private (string Title, string Version)? Schema(ITypeSymbol artifact)
    {
        if (_known.Artifact is null || artifact.TypeKind == TypeKind.Error) return null;
        (string Title, string Version)? declared = null;
        for (var t = artifact; t is not null; t = t.BaseType)
        {
            if (declared is null) declared = DeclaredSchema(t);
            if (t is INamedTypeSymbol named && _known.ArtifactSchemaTitles.TryGetValue(named, out var title))
                return declared ?? (title, DefaultSchemaVersion);
        }
        return null;
    }

    /// <summary>The arguments of an <c>[ArtifactSchema(title, version)]</c> on <paramref name="type"/> itself.</summary>
    private (string Title, string Version)? DeclaredSchema(ITypeSymbol type)
    {
        if (_known.ArtifactSchemaAttribute is null) return null;
        foreach (var attribute in type.GetAttributes())
        {
            if (!KnownSymbols.Is(attribute.AttributeClass, _known.ArtifactSchemaAttribute) || attribute.ConstructorArguments.Length == 0) continue;
            var title = attribute.ConstructorArguments[0].Value as string ?? "";
            var version = attribute.ConstructorArguments.Length > 1 && attribute.ConstructorArguments[1].Value is string v ? v : DefaultSchemaVersion;
            return (title, version);
        }
        return null;
    }

    private static bool IsPointer(ITypeSymbol type) => type.TypeKind == TypeKind.Pointer || type.TypeKind == TypeKind.FunctionPointer;

    /// <summary>A type as diagnostics show it (<c>List&lt;object&gt;</c>).</summary>
    public static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
}

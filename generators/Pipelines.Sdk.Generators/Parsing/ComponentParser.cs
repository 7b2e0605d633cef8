using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Pipelines.Contracts;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// <c>[Component]</c> method symbol → <see cref="ComponentModel"/>. Returns null for anything
/// the generator cannot emit; <see cref="ComponentShapeAnalyzer"/> reports those, using the
/// same rules (<see cref="MethodRules"/>, <see cref="KfpTypeClassifier"/>, <see cref="KfpNaming"/>).
/// </summary>
internal static class ComponentParser
{
    public static Parsed<ComponentModel> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.Attributes.Length == 0) return Parsed<ComponentModel>.Skipped;
        try
        {
            var known = KnownSymbols.Create(context.SemanticModel.Compilation);
            return Parsed<ComponentModel>.Of(Parse(method, context.Attributes[0], known, cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A parser bug: never fail the compilation (that would cost every generated file), never hide it either.
            return new Parsed<ComponentModel>(null, GeneratorFailure.From(
                "component '" + TypeNames.MethodDisplay(method) + "'", e, SourceSpan.From(DiagnosticLocations.Of(method))));
        }
    }

    private static ComponentModel? Parse(IMethodSymbol method, AttributeData attribute, KnownSymbols known, CancellationToken cancellationToken)
    {
        if (!MethodRules.IsCandidate(method) || !method.IsStatic || MethodRules.IsGeneric(method) || !MethodRules.IsReachable(method) ||
            LoneSurrogates.Any(method, attribute, known, cancellationToken) || KnownSymbols.Has(method, known.ContainerComponentAttribute))
        {
            return null;
        }
        var classifier = new KfpTypeClassifier(known);
        var docs = DocumentationComments.Of(method, cancellationToken);

        var isPublic = MethodRules.IsPublicApi(method);
        var parameters = new List<ComponentParameterModel>(method.Parameters.Length);
        var ioNames = new List<string>();
        foreach (var parameter in method.Parameters)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var parameterShape = classifier.ClassifyComponentParameter(parameter);
            var model = ParseParameter(parameter, parameterShape, known, classifier);
            if (model is null) return null;
            if (model.Role is not (ComponentParameterRole.TaskFinalStatus or ComponentParameterRole.TaskConfig) && docs.Parameter(parameter.Name) is { } description)
                model = model with { Description = description };
            // Only an [ArtifactSchema] version other than KFP's usual one is carried (null keeps the models of the rest equal).
            if (parameterShape.ArtifactType is { } artifactType && classifier.SchemaVersion(artifactType) is var version && version != "0.0.1")
                model = model with { SchemaVersion = version };
            isPublic &= MethodRules.IsPublicType(parameter.Type);
            parameters.Add(model);
            ioNames.Add(model.KfpName);
        }

        var shape = classifier.ClassifyReturn(method);
        if (shape.Kind == ReturnKind.Unsupported) return null;
        // [return: Output] names a single value only (PIPE0027 elsewhere).
        if (shape.OutputAttribute is not null && shape.Kind != ReturnKind.Single) return null;
        var returnOutputs = new List<ReturnOutputModel>(shape.Elements.Length);
        string? singleReturnName = null;
        foreach (var element in shape.Elements)
        {
            var isTuple = shape.Kind == ReturnKind.Tuple;
            var kfpName = isTuple ? KfpNaming.IoName(element.Name) : element.Name;
            isPublic &= MethodRules.IsPublicType(element.Type);
            returnOutputs.Add(new ReturnOutputModel(
                kfpName,
                KfpNaming.ReturnPropertyName(element.Name, isTuple, shape.OutputAttribute is not null),
                TypeNames.FullyQualified(element.Type),
                element.Info.ParameterType,
                isTuple ? Identifiers.Escape(element.Name) : null,
                // <returns> is one text: it describes a single value; a tuple's elements have no tag of their own.
                isTuple ? null : docs.Returns));
            if (isTuple) ioNames.Add(kfpName);
            else if (!KfpNaming.IsValidIoName(kfpName)) return null;
            else singleReturnName = kfpName;
        }

        foreach (var name in ioNames)
        {
            if (!KfpNaming.IsValidIoName(name)) return null;
        }
        if (KfpNaming.FindCollision(ioNames, singleReturnName) is not null) return null;

        var passthroughs = new List<TaskConfigPassthroughModel>();
        foreach (var entry in TaskConfigPassthroughs.Read(method, known))
        {
            if (entry.Model is null) return null; // PIPE0030, or a malformed attribute the compiler reports
            passthroughs.Add(entry.Model);
        }

        return Model(method, attribute, isPublic, parameters) with
        {
            IsAwaitable = shape.IsAwaitable,
            ReturnOutputs = new EquatableArray<ReturnOutputModel>(returnOutputs),
            ReturnsTuple = shape.Kind == ReturnKind.Tuple,
            TaskConfigPassthroughs = new EquatableArray<TaskConfigPassthroughModel>(passthroughs),
        };
    }

    /// <summary>What every component's model takes from its method and attribute (C# and container components alike):
    /// names, visibility, inputs; no return outputs.</summary>
    internal static ComponentModel Model(IMethodSymbol method, AttributeData attribute, bool isPublic, List<ComponentParameterModel> parameters)
    {
        var containingType = method.ContainingType;
        return new ComponentModel(
            Namespace: TypeNames.Namespace(containingType),
            TasksClassName: containingType.Name + "Tasks",
            TasksClassIsPublic: MethodRules.IsPublicType(containingType),
            IsPublic: isPublic,
            ContainingType: containingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            MethodName: method.Name,
            MethodReference: TypeNames.MethodReference(method),
            MethodDisplay: TypeNames.MethodDisplay(method),
            KfpName: KfpNaming.ComponentOrPipelineName(method, attribute),
            Description: KfpNaming.NamedString(attribute, "Description"),
            Parameters: new EquatableArray<ComponentParameterModel>(parameters),
            IsAwaitable: false,
            ReturnOutputs: EquatableArray<ReturnOutputModel>.Empty,
            ReturnsTuple: false,
            Obsolete: ObsoleteAttributes.Of(method));
    }

    internal static ComponentParameterModel? ParseParameter(IParameterSymbol parameter, ComponentParameterShape shape, KnownSymbols known, KfpTypeClassifier classifier)
    {
        var name = Identifiers.Escape(parameter.Name);
        var kfpName = KfpNaming.IoName(parameter.Name);
        var propertyName = Identifiers.ToPascalCase(parameter.Name);
        switch (shape.Kind)
        {
            case ComponentParameterKind.Parameter:
                {
                    var info = shape.Parameter!;
                    DefaultValue? defaultValue;
                    if (PipelineParser.DefaultArgument(parameter, known) is { } argument)
                    {
                        // [Default] is for what C# cannot write as a parameter default: LIST and STRUCT (PIPE0029, PIPE0028).
                        if (!DefaultValues.AllowedOnComponent(info) || !DefaultValues.TryFromAttribute(argument, info, classifier, out defaultValue)) return null;
                    }
                    else
                    {
                        defaultValue = DefaultValues.FromParameter(parameter, info);
                    }
                    var optional = defaultValue is not null || info.IsNullable;
                    var fromJson = defaultValue is { Json: not null, CSharp: "" };
                    var defaultCSharp = fromJson ? null : defaultValue?.CSharp ?? (optional ? "null" : null);
                    return new ComponentParameterModel(
                        ComponentParameterRole.InputParameter, name, kfpName, TypeNames.FullyQualified(parameter.Type),
                        info.ParameterType, null, optional, defaultValue?.Json, defaultCSharp, propertyName, DefaultFromJson: fromJson);
                }
            case ComponentParameterKind.InputArtifact:
                return new ComponentParameterModel(
                    ComponentParameterRole.InputArtifact, name, kfpName, TypeNames.FullyQualified(shape.ArtifactType!.WithNullableAnnotation(NullableAnnotation.NotAnnotated)),
                    null, shape.SchemaTitle, shape.IsNullable || parameter.HasExplicitDefaultValue, null, null, propertyName);
            case ComponentParameterKind.InputArtifactList:
                return new ComponentParameterModel(
                    ComponentParameterRole.InputArtifactList, name, kfpName, TypeNames.FullyQualified(shape.ArtifactType!.WithNullableAnnotation(NullableAnnotation.NotAnnotated)),
                    null, shape.SchemaTitle, shape.IsNullable || parameter.HasExplicitDefaultValue, null, null, propertyName);
            case ComponentParameterKind.TaskFinalStatus:
                return new ComponentParameterModel(
                    ComponentParameterRole.TaskFinalStatus, name, kfpName, "global::Pipelines.PipelineTaskFinalStatus",
                    KfpParameterType.TaskFinalStatus, null, true, null, null, propertyName);
            case ComponentParameterKind.TaskConfig:
                return new ComponentParameterModel(
                    ComponentParameterRole.TaskConfig, name, kfpName, "global::Pipelines.TaskConfig",
                    KfpParameterType.TaskConfig, null, true, null, null, propertyName);
            case ComponentParameterKind.OutputParameter:
                {
                    var info = shape.Parameter!;
                    // The T as written (string?, int?): the executor's GetOutputParameter<T> must produce exactly the parameter's type.
                    return new ComponentParameterModel(
                        ComponentParameterRole.OutputParameter, name, kfpName, TypeNames.FullyQualified(((INamedTypeSymbol)parameter.Type).TypeArguments[0]),
                        info.ParameterType, null, false, null, null, propertyName);
                }
            case ComponentParameterKind.OutputArtifact:
                return new ComponentParameterModel(
                    ComponentParameterRole.OutputArtifact, name, kfpName, TypeNames.FullyQualified(shape.ArtifactType!.WithNullableAnnotation(NullableAnnotation.NotAnnotated)),
                    null, shape.SchemaTitle, false, null, null, propertyName);
            default:
                return null;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// <c>[Pipeline]</c> method symbol → <see cref="PipelineModel"/>. Returns null for anything
/// the generator cannot emit; <see cref="ComponentShapeAnalyzer"/> reports those with the same rules.
/// </summary>
internal static class PipelineParser
{
    public static Parsed<PipelineModel> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.Attributes.Length == 0) return Parsed<PipelineModel>.Skipped;
        try
        {
            var known = KnownSymbols.Create(context.SemanticModel.Compilation);
            return Parsed<PipelineModel>.Of(Parse(method, context.Attributes[0], known, cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A parser bug: never fail the compilation (that would cost every generated file), never hide it either.
            return new Parsed<PipelineModel>(null, GeneratorFailure.From(
                "pipeline '" + TypeNames.MethodDisplay(method) + "'", e, SourceSpan.From(DiagnosticLocations.Of(method))));
        }
    }

    private static PipelineModel? Parse(IMethodSymbol method, AttributeData attribute, KnownSymbols known, CancellationToken cancellationToken)
    {
        if (!MethodRules.IsCandidate(method) || !method.IsStatic || MethodRules.IsGeneric(method) || !MethodRules.IsReachable(method) ||
            LoneSurrogates.Any(method, attribute, known, cancellationToken))
        {
            return null;
        }

        var classifier = new KfpTypeClassifier(known);
        var returnShape = classifier.ClassifyPipelineReturn(method);
        if (returnShape.Kind == ReturnKind.Unsupported) return null;
        // [return: Output] names a single value only (PIPE0027 elsewhere).
        if (returnShape.OutputAttribute is not null && returnShape.Kind != ReturnKind.Single) return null;

        var isPublic = MethodRules.IsPublicApi(method);
        var parameters = new List<PipelineParameterModel>(method.Parameters.Length);
        var docs = DocumentationComments.Of(method, cancellationToken);
        var names = new List<string>();
        foreach (var parameter in method.Parameters)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var shape = classifier.ClassifyPipelineParameter(parameter);
            if (shape.Kind == PipelineParameterKind.Builder)
            {
                parameters.Add(new PipelineParameterModel(true, "", "", null, false, null));
                continue;
            }
            var kfpName = KfpNaming.IoName(parameter.Name);
            if (!KfpNaming.IsValidIoName(kfpName)) return null;
            isPublic &= MethodRules.IsPublicType(parameter.Type);
            if (shape.Kind == PipelineParameterKind.Artifact)
            {
                names.Add(kfpName);
                parameters.Add(new PipelineParameterModel(
                    false, kfpName, TypeNames.FullyQualified(shape.ArtifactType!.WithNullableAnnotation(NullableAnnotation.NotAnnotated)),
                    null, false, null, Identifiers.Escape(parameter.Name), IsArtifact: true, SchemaTitle: shape.SchemaTitle,
                    Description: docs.Parameter(parameter.Name),
                    SchemaVersion: classifier.SchemaVersion(shape.ArtifactType!) is var version && version != "0.0.1" ? version : null,
                    IsArtifactList: shape.IsArtifactList));
                continue;
            }
            if (shape.Kind != PipelineParameterKind.Parameter) return null;

            var info = shape.Parameter!;
            DefaultValue? defaultValue = null;
            if (DefaultArgument(parameter, known) is { } argument &&
                !DefaultValues.TryFromAttribute(argument, info, classifier, out defaultValue))
            {
                return null;
            }
            names.Add(kfpName);
            parameters.Add(new PipelineParameterModel(
                false,
                kfpName,
                TypeNames.FullyQualified(((INamedTypeSymbol)parameter.Type).TypeArguments[0]),
                info.ParameterType,
                defaultValue is not null || info.IsNullable,
                defaultValue?.Json,
                Identifiers.Escape(parameter.Name),
                Description: docs.Parameter(parameter.Name)));
        }

        var isTuple = returnShape.Kind == ReturnKind.Tuple;
        var outputs = new List<PipelineOutputModel>(returnShape.Elements.Length);
        string? singleReturnName = null;
        foreach (var element in returnShape.Elements)
        {
            var kfpName = isTuple ? KfpNaming.IoName(element.Name) : element.Name;
            if (!KfpNaming.IsValidIoName(kfpName)) return null;
            if (isTuple) names.Add(kfpName);
            else singleReturnName = kfpName;
            isPublic &= MethodRules.IsPublicType(element.Type);
            outputs.Add(new PipelineOutputModel(
                kfpName,
                KfpNaming.ReturnPropertyName(element.Name, isTuple, returnShape.OutputAttribute is not null),
                element.Kind,
                TypeNames.FullyQualified(element.Kind == PipelineOutputKind.Parameter ? element.Type : element.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated)),
                isTuple ? Identifiers.Escape(element.Name) : null,
                isTuple ? null : docs.Returns));
        }
        if (KfpNaming.FindCollision(names, singleReturnName) is not null) return null;

        var containingType = method.ContainingType;
        return new PipelineModel(
            KfpName: KfpNaming.ComponentOrPipelineName(method, attribute),
            DisplayName: KfpNaming.NamedString(attribute, "DisplayName"),
            Description: KfpNaming.NamedString(attribute, "Description"),
            MethodReference: TypeNames.MethodReference(method),
            MethodDisplay: TypeNames.MethodDisplay(method),
            Parameters: new EquatableArray<PipelineParameterModel>(parameters),
            Namespace: TypeNames.Namespace(containingType),
            TasksClassName: containingType.Name + "Tasks",
            TasksClassIsPublic: MethodRules.IsPublicType(containingType),
            IsPublic: isPublic,
            MethodName: method.Name,
            Outputs: new EquatableArray<PipelineOutputModel>(outputs),
            ReturnsTuple: isTuple,
            Obsolete: ObsoleteAttributes.Of(method));
    }

    /// <summary>The argument of <c>[Default(x)]</c> on a pipeline parameter, if any.</summary>
    public static TypedConstant? DefaultArgument(IParameterSymbol parameter, KnownSymbols known)
    {
        foreach (var attribute in parameter.GetAttributes())
        {
            if (KnownSymbols.Is(attribute.AttributeClass, known.DefaultAttribute) && attribute.ConstructorArguments.Length == 1)
                return attribute.ConstructorArguments[0];
        }
        return null;
    }
}

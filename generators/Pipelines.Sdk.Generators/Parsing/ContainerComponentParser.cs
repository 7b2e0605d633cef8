using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// <c>[ContainerComponent]</c> method → <see cref="ComponentModel"/> with its evaluated container
/// (<see cref="ComponentModel.ContainerJson"/>). Parameters follow the rules of <c>[Component]</c>
/// (<see cref="ComponentParser.ParseParameter"/>); there is no return-value output, the method returns
/// the container. Returns null for anything <see cref="ComponentShapeAnalyzer"/> or
/// <see cref="ContainerComponentAnalyzer"/> reports.
/// </summary>
internal static class ContainerComponentParser
{
    public static Parsed<ComponentModel> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.Attributes.Length == 0 || context.TargetNode is not MethodDeclarationSyntax syntax)
            return Parsed<ComponentModel>.Skipped;
        try
        {
            var known = KnownSymbols.Create(context.SemanticModel.Compilation);
            return Parsed<ComponentModel>.Of(Parse(method, syntax, context.SemanticModel, context.Attributes[0], known, cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new Parsed<ComponentModel>(null, GeneratorFailure.From(
                "container component '" + TypeNames.MethodDisplay(method) + "'", e, SourceSpan.From(DiagnosticLocations.Of(method))));
        }
    }

    private static ComponentModel? Parse(IMethodSymbol method, MethodDeclarationSyntax syntax, SemanticModel semanticModel, AttributeData attribute,
        KnownSymbols known, CancellationToken cancellationToken)
    {
        if (!MethodRules.IsCandidate(method) || !method.IsStatic || MethodRules.IsGeneric(method) || !MethodRules.IsReachable(method) ||
            LoneSurrogates.Any(method, attribute, known, cancellationToken) || KnownSymbols.Has(method, known.ComponentAttribute) ||
            !KnownSymbols.Is(method.ReturnType, known.ContainerSpec) ||
            TaskConfigPassthroughs.Read(method, known).Count > 0) // PIPE0030: passthroughs reach only a [Component]'s code
        {
            return null;
        }
        var classifier = new KfpTypeClassifier(known);

        var isPublic = MethodRules.IsPublicApi(method);
        var parameters = new List<ComponentParameterModel>(method.Parameters.Length);
        var ioNames = new List<string>();
        foreach (var parameter in method.Parameters)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var model = ComponentParser.ParseParameter(parameter, classifier.ClassifyComponentParameter(parameter), known, classifier);
            // A TaskConfig reaches only a [Component]'s code (PIPE0030).
            if (model is null || model.Role == ComponentParameterRole.TaskConfig || !KfpNaming.IsValidIoName(model.KfpName)) return null;
            isPublic &= MethodRules.IsPublicType(parameter.Type);
            parameters.Add(model);
            ioNames.Add(model.KfpName);
        }
        if (KfpNaming.FindCollision(ioNames, null) is not null) return null;

        var evaluation = ContainerSpecEvaluator.Evaluate(known, method, syntax, semanticModel, ContainerIo.Of(method, classifier), cancellationToken);
        if (evaluation.ContainerJson is null) return null;

        return ComponentParser.Model(method, attribute, isPublic, parameters) with { ContainerJson = evaluation.ContainerJson };
    }
}

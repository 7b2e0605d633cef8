using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Pipelines.Sdk.Generators
{
    /// <summary>
    /// <c>[Pipeline]</c> method symbol → <see cref="PipelineModel"/>. Returns null for anything
    /// the generator cannot emit; <see cref="ComponentShapeAnalyzer"/> reports those with the same rules.
    /// </summary>
    internal static class PipelineParser
    {
        public static PipelineModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            try
            {
                if (context.TargetSymbol is not IMethodSymbol method || context.Attributes.Length == 0) return null;
                var known = KnownSymbols.Create(context.SemanticModel.Compilation);
                return Parse(method, context.Attributes[0], known, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return null;
            }
        }

        private static PipelineModel? Parse(IMethodSymbol method, AttributeData attribute, KnownSymbols known, CancellationToken cancellationToken)
        {
            if (!MethodRules.IsCandidate(method) || !method.IsStatic || MethodRules.IsGeneric(method) || !MethodRules.IsReachable(method) || !method.ReturnsVoid)
                return null;

            var classifier = new KfpTypeClassifier(known);
            var parameters = new List<PipelineParameterModel>(method.Parameters.Length);
            var names = new List<string>();
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                cancellationToken.ThrowIfCancellationRequested();
                PipelineParameterShape shape = classifier.ClassifyPipelineParameter(parameter);
                if (shape.Kind == PipelineParameterKind.Builder)
                {
                    parameters.Add(new PipelineParameterModel(true, "", "", null, false, null));
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
                string kfpName = KfpNaming.IoName(parameter.Name);
                if (!KfpNaming.IsValidIoName(kfpName)) return null;
                names.Add(kfpName);
                parameters.Add(new PipelineParameterModel(
                    false,
                    kfpName,
                    TypeNames.FullyQualified(((INamedTypeSymbol)parameter.Type).TypeArguments[0]),
                    info.ParameterType,
                    defaultValue is not null || info.IsNullable,
                    defaultValue?.Json));
            }
            if (KfpNaming.FindCollision(names, hasSingleReturn: false) is not null) return null;

            return new PipelineModel(
                KfpName: KfpNaming.ComponentOrPipelineName(method, attribute),
                DisplayName: KfpNaming.NamedString(attribute, "DisplayName"),
                Description: KfpNaming.NamedString(attribute, "Description"),
                MethodReference: TypeNames.MethodReference(method),
                MethodDisplay: TypeNames.MethodDisplay(method),
                Parameters: new EquatableArray<PipelineParameterModel>(parameters));
        }

        /// <summary>The argument of <c>[Default(x)]</c> on a pipeline parameter, if any.</summary>
        public static TypedConstant? DefaultArgument(IParameterSymbol parameter, KnownSymbols known)
        {
            foreach (AttributeData attribute in parameter.GetAttributes())
            {
                if (KnownSymbols.Is(attribute.AttributeClass, known.DefaultAttribute) && attribute.ConstructorArguments.Length == 1)
                    return attribute.ConstructorArguments[0];
            }
            return null;
        }
    }
}

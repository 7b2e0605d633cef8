using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// Reports <c>[ContainerComponent]</c> methods whose <c>ContainerSpec</c> cannot be compiled to KFP's
/// container (PIPE0043–PIPE0047) and methods marked both ways (PIPE0048). The body is evaluated by
/// <see cref="ContainerSpecEvaluator"/>, the generator's own evaluator, so a container component is
/// either generated or reported. The parameter rules are <see cref="ComponentShapeAnalyzer"/>'s.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ContainerComponentAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ContainerDiagnosticDescriptors.All;

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            var known = KnownSymbols.Create(start.Compilation);
            if (known.ContainerComponentAttribute is null) return;
            var classifier = new KfpTypeClassifier(known);
            start.RegisterSyntaxNodeAction(context => Analyze(context, known, classifier), SyntaxKind.MethodDeclaration);
        });
    }

    private static void Analyze(SyntaxNodeAnalysisContext context, KnownSymbols known, KfpTypeClassifier classifier)
    {
        var syntax = (MethodDeclarationSyntax)context.Node;
        if (syntax.AttributeLists.Count == 0) return;
        if (!(context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is IMethodSymbol method)) return;
        bool isContainer = false, isComponent = false;
        foreach (var attribute in method.GetAttributes())
        {
            isContainer |= KnownSymbols.Is(attribute.AttributeClass, known.ContainerComponentAttribute);
            isComponent |= KnownSymbols.Is(attribute.AttributeClass, known.ComponentAttribute);
        }
        if (!isContainer) return;
        if (isComponent)
        {
            context.ReportDiagnostic(Diagnostic.Create(ContainerDiagnosticDescriptors.ComponentAndContainerComponent, syntax.Identifier.GetLocation(), method.Name));
            return;
        }
        if (!KnownSymbols.Is(method.ReturnType, known.ContainerSpec))
        {
            // An error type is the compiler's to report.
            if (method.ReturnType.TypeKind != TypeKind.Error)
            {
                context.ReportDiagnostic(Diagnostic.Create(ContainerDiagnosticDescriptors.BodyNotEvaluable, syntax.ReturnType.GetLocation(), method.Name,
                    "it returns '" + method.ReturnType.ToDisplayString() + "'; a container component returns the ContainerSpec (image, command, args) it runs"));
            }
            return;
        }
        var evaluation = ContainerSpecEvaluator.Evaluate(known, method, syntax, context.SemanticModel,
            ContainerIo.Of(method, classifier), context.CancellationToken);
        foreach (var problem in evaluation.Problems) context.ReportDiagnostic(problem.ToDiagnostic());
    }
}

using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// PIPE0015: a <c>[Component]</c> body calls another <c>[Component]</c> method (it runs in-process,
/// not as a task). PIPE0016: a <c>[Pipeline]</c> body calls a <c>[Component]</c> method instead
/// of its generated task factory <c>&lt;Class&gt;Tasks.&lt;Method&gt;</c>. The pipeline rule also
/// looks at calls that do not compile (passing a task output where the method wants an
/// <c>Input&lt;T&gt;</c>), which is how the mistake usually shows up.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ComponentCallAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the namespace of the task factory class ("" for the global namespace).</summary>
    public const string TasksNamespaceProperty = "TasksNamespace";

    /// <summary>Diagnostic property: the task factory class name (<c>StepsTasks</c>).</summary>
    public const string TasksClassProperty = "TasksClass";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(BodyDiagnosticDescriptors.ComponentCallsComponent, BodyDiagnosticDescriptors.PipelineCallsComponent);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            if (ComponentBodies.Create(start.Compilation) is not { } bodies) return;
            start.RegisterOperationBlockStartAction(block =>
            {
                var kind = bodies.Classify(block.OwningSymbol);
                if (kind == BodyKind.None) return;
                var owner = (IMethodSymbol)block.OwningSymbol;
                block.RegisterOperationAction(c => AnalyzeInvocation(c, bodies, owner, kind), OperationKind.Invocation);
                if (kind == BodyKind.Pipeline)
                    block.RegisterOperationAction(c => AnalyzeInvalid(c, bodies, owner), OperationKind.Invalid);
            });
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, ComponentBodies bodies, IMethodSymbol owner, BodyKind kind)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var target = invocation.TargetMethod;
        if (!bodies.IsComponent(target)) return;
        if (kind == BodyKind.Component)
        {
            if (SymbolEqualityComparer.Default.Equals(target.OriginalDefinition, owner)) return; // recursion stays in one container
            context.ReportDiagnostic(Diagnostic.Create(BodyDiagnosticDescriptors.ComponentCallsComponent, invocation.Syntax.GetLocation(),
                owner.Name, TypeNames.MethodDisplay(target)));
        }
        else
        {
            ReportPipelineCall(context, invocation.Syntax, owner, target);
        }
    }

    /// <summary>A call in a pipeline that does not bind, e.g. <c>Steps.Train(split.Outputs.Train)</c> (ArtifactRef is not Input).</summary>
    private static void AnalyzeInvalid(OperationAnalysisContext context, ComponentBodies bodies, IMethodSymbol owner)
    {
        if (context.Operation.Syntax is not InvocationExpressionSyntax syntax || context.Operation.SemanticModel is not { } model) return;
        var info = model.GetSymbolInfo(syntax, context.CancellationToken);
        foreach (var candidate in info.CandidateSymbols)
        {
            if (candidate is IMethodSymbol method && bodies.IsComponent(method))
            {
                ReportPipelineCall(context, syntax, owner, method);
                return;
            }
        }
    }

    private static void ReportPipelineCall(OperationAnalysisContext context, SyntaxNode syntax, IMethodSymbol pipeline, IMethodSymbol component)
    {
        var tasksClass = component.ContainingType.Name + "Tasks";
        var properties = ImmutableDictionary.CreateRange(new[]
        {
            new System.Collections.Generic.KeyValuePair<string, string?>(TasksNamespaceProperty, TypeNames.Namespace(component.ContainingType)),
            new System.Collections.Generic.KeyValuePair<string, string?>(TasksClassProperty, tasksClass),
        });
        context.ReportDiagnostic(Diagnostic.Create(BodyDiagnosticDescriptors.PipelineCallsComponent, syntax.GetLocation(), properties,
            pipeline.Name, TypeNames.MethodDisplay(component), tasksClass + "." + component.Name));
    }
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using Pipelines.Sdk.Generators;

namespace Pipelines.Sdk.CodeFixes;

/// <summary>
/// PIPE0016: rewrites <c>Steps.Clean(raw, cleaned, fillValue: 0.5)</c> in a <c>[Pipeline]</c> body
/// to <c>StepsTasks.Clean(raw, fillValue: 0.5)</c>. Input artifacts and parameters map 1:1 to the
/// factory's parameters (by name when the factory's order differs), <c>Output&lt;T&gt;</c>
/// arguments are dropped. The fix is only offered when the rewritten call binds to the factory,
/// i.e. every remaining argument converts to the factory's <c>ArtifactRef&lt;T&gt;</c>/<c>Value&lt;T&gt;</c>,
/// and when the fixed document has no new compile error (the factory returns a task, which does not
/// fit where the component's value was expected, e.g. a lambda converted to <c>Func&lt;double&gt;</c>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PipelineCallCodeFixProvider)), Shared]
public sealed class PipelineCallCodeFixProvider : CodeFixProvider
{
    private const string OutputTypeName = "Pipelines.Output`1";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.PipelineCallsComponent);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;

        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation) continue;
            if (!diagnostic.Properties.TryGetValue(ComponentCallAnalyzer.TasksClassProperty, out var tasksClass) || tasksClass is null) continue;
            diagnostic.Properties.TryGetValue(ComponentCallAnalyzer.TasksNamespaceProperty, out var tasksNamespace);

            if (Rewrite(invocation, model, tasksNamespace ?? "", tasksClass, context.CancellationToken) is not { } rewritten) continue;
            var fixedRoot = root.ReplaceNode(invocation, rewritten.Syntax);
            if (!await FixedCode.AddsNoErrorsAsync(context.Document, fixedRoot, context.CancellationToken).ConfigureAwait(false)) continue;
            var title = $"Call task factory {tasksClass}.{rewritten.Method}";
            context.RegisterCodeFix(
                CodeAction.Create(title, _ => Task.FromResult(context.Document.WithSyntaxRoot(fixedRoot)),
                    equivalenceKey: nameof(PipelineCallCodeFixProvider)),
                diagnostic);
        }
    }

    private static (InvocationExpressionSyntax Syntax, string Method)? Rewrite(
        InvocationExpressionSyntax invocation, SemanticModel model, string tasksNamespace, string tasksClass, CancellationToken cancellationToken)
    {
        var info = model.GetSymbolInfo(invocation, cancellationToken);
        if ((info.Symbol ?? info.CandidateSymbols.FirstOrDefault()) is not IMethodSymbol component) return null;

        var tasksMetadataName = tasksNamespace.Length > 0 ? tasksNamespace + "." + tasksClass : tasksClass;
        var tasks = model.Compilation.GetTypeByMetadataName(tasksMetadataName);
        var factory = tasks?.GetMembers(component.Name).OfType<IMethodSymbol>().FirstOrDefault(static m => m.IsStatic);
        if (factory is null) return null;
        var output = model.Compilation.GetTypeByMetadataName(OutputTypeName);

        // Which component parameter each argument binds to; drop the Output<T> ones.
        var kept = new List<(ArgumentSyntax Argument, string Parameter)>();
        var arguments = invocation.ArgumentList.Arguments;
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (!argument.RefKindKeyword.IsKind(SyntaxKind.None)) return null;
            var parameter = argument.NameColon is { } nameColon
                ? component.Parameters.FirstOrDefault(p => p.Name == nameColon.Name.Identifier.ValueText)
                : i < component.Parameters.Length ? component.Parameters[i] : null;
            if (parameter is null) return null;
            if (parameter.Type is INamedTypeSymbol { IsGenericType: true } type && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, output)) continue;
            if (!factory.Parameters.Any(p => p.Name == parameter.Name)) return null;
            kept.Add((argument, parameter.Name));
        }

        // Positional while the factory's order matches, named from the first mismatch on.
        var newArguments = new List<ArgumentSyntax>();
        var named = false;
        for (var i = 0; i < kept.Count; i++)
        {
            (var argument, var parameter) = kept[i];
            if (argument.NameColon is not null) named = true;
            else if (named || factory.Parameters[i].Name != parameter) named = true;
            newArguments.Add(named && argument.NameColon is null
                ? argument.WithNameColon(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(parameter))).WithLeadingTrivia(argument.GetLeadingTrivia())
                : argument);
        }

        var qualified = "global::" + (tasksNamespace.Length > 0 ? tasksNamespace + "." : "") + tasksClass + "." + factory.Name;
        var target = SyntaxFactory.ParseExpression(qualified).WithTriviaFrom(invocation.Expression).WithAdditionalAnnotations(Simplifier.Annotation);
        var separators = Enumerable.Repeat(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space), System.Math.Max(0, newArguments.Count - 1));
        var rewritten = invocation
            .WithExpression(target)
            .WithArgumentList(invocation.ArgumentList.WithArguments(SyntaxFactory.SeparatedList(newArguments.Select(a => a.WithoutTrivia()), separators)));

        // Only offer what compiles: the new call must bind to the factory.
        var speculative = model.GetSpeculativeSymbolInfo(invocation.SpanStart, rewritten, SpeculativeBindingOption.BindAsExpression);
        if (!SymbolEqualityComparer.Default.Equals(speculative.Symbol, factory)) return null;
        return (rewritten, factory.Name);
    }
}

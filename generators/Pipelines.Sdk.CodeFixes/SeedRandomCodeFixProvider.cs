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
using Microsoft.CodeAnalysis.Formatting;
using Pipelines.Sdk.Generators;

namespace Pipelines.Sdk.CodeFixes;

/// <summary>
/// PIPE0019: turns <c>new Random()</c> into <c>new Random(seed)</c> and, when the component has
/// no <c>seed</c> parameter yet, adds <c>int seed = 42</c> (a new optional component input, before a
/// <c>params</c> array if there is one). Offered only when the fixed code compiles. Not
/// offered for <c>Random.Shared</c> (a fresh generator per call would repeat values), inside a
/// static lambda or local function (cannot capture the parameter), or when the name <c>seed</c>
/// already means something else in the method.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SeedRandomCodeFixProvider)), Shared]
public sealed class SeedRandomCodeFixProvider : CodeFixProvider
{
    private const string SeedName = "seed";
    private const int DefaultSeed = 42;

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UnseededRandom);

    // Fixes in one component would each add the parameter: fix them one at a time.
    public override FixAllProvider? GetFixAllProvider() => null;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;

        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (node is not BaseObjectCreationExpressionSyntax creation) continue;
            if (Fix(creation, model, context.CancellationToken) is not { } method) continue;
            var fixedRoot = root.ReplaceNode(method.Original, method.Fixed);
            if (!await FixedCode.AddsNoErrorsAsync(context.Document, fixedRoot, context.CancellationToken).ConfigureAwait(false)) continue;
            var title = method.AddsParameter ? "Seed the random generator from a new 'seed' parameter" : "Seed the random generator from the 'seed' parameter";
            context.RegisterCodeFix(
                CodeAction.Create(title, _ => Task.FromResult(context.Document.WithSyntaxRoot(fixedRoot)),
                    equivalenceKey: nameof(SeedRandomCodeFixProvider)),
                diagnostic);
        }
    }

    private static (MethodDeclarationSyntax Original, MethodDeclarationSyntax Fixed, bool AddsParameter)? Fix(
        BaseObjectCreationExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken)
    {
        if (creation.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } method) return null;
        foreach (var ancestor in creation.Ancestors())
        {
            if (ancestor == method) break;
            if (ancestor is AnonymousFunctionExpressionSyntax lambda && lambda.Modifiers.Any(SyntaxKind.StaticKeyword)) return null;
            if (ancestor is LocalFunctionStatementSyntax local && local.Modifiers.Any(SyntaxKind.StaticKeyword)) return null;
        }
        if (model.GetDeclaredSymbol(method, cancellationToken) is not { } symbol) return null;

        var existing = symbol.Parameters.FirstOrDefault(static p => p.Name == SeedName);
        var visible = model.LookupSymbols(creation.SpanStart, name: SeedName);
        bool addParameter;
        if (existing is not null)
        {
            // Use it if it is an int and nothing closer hides it.
            if (existing.Type.SpecialType != SpecialType.System_Int32) return null;
            if (visible.Length != 1 || !SymbolEqualityComparer.Default.Equals(visible[0], existing)) return null;
            addParameter = false;
        }
        else
        {
            // A new parameter must not hide a field or clash with a local of the same name.
            if (visible.Length > 0 || DeclaresSeed(method)) return null;
            addParameter = true;
        }

        var seedArgument = SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(SeedName))));
        var seeded = creation.ArgumentList is { } list
            ? creation.WithArgumentList(seedArgument.WithTriviaFrom(list))
            : creation.WithArgumentList(seedArgument);
        if (creation is ObjectCreationExpressionSyntax { ArgumentList: null } withoutList)
        {
            // new Random { } : the type name carries the trailing space.
            seeded = withoutList.WithType(withoutList.Type.WithoutTrailingTrivia()).WithArgumentList(seedArgument.WithTrailingTrivia(withoutList.Type.GetTrailingTrivia()));
        }

        var fixedMethod = method.ReplaceNode(creation, seeded);
        if (addParameter)
        {
            var parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(SeedName))
                .WithType(SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.IntKeyword)))
                .WithDefault(SyntaxFactory.EqualsValueClause(SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(DefaultSeed))));
            // Optional parameters go last, but before a params array (CS0231 after it).
            var parameters = fixedMethod.ParameterList.Parameters;
            var index = parameters.Count > 0 && parameters[parameters.Count - 1].Modifiers.Any(SyntaxKind.ParamsKeyword) ? parameters.Count - 1 : parameters.Count;
            fixedMethod = fixedMethod.WithParameterList(fixedMethod.ParameterList.WithParameters(parameters.Insert(index, parameter)).WithAdditionalAnnotations(Formatter.Annotation));
        }
        return (method, fixedMethod, addParameter);
    }

    private static bool DeclaresSeed(MethodDeclarationSyntax method)
    {
        foreach (var token in method.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == SeedName &&
                (token.Parent is VariableDeclaratorSyntax || token.Parent is SingleVariableDesignationSyntax || token.Parent is ParameterSyntax ||
                 token.Parent is ForEachStatementSyntax || token.Parent is LocalFunctionStatementSyntax || token.Parent is CatchDeclarationSyntax))
            {
                return true;
            }
        }
        return false;
    }
}

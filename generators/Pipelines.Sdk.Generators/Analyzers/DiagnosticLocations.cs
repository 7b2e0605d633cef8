using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Pipelines.Sdk.Generators;

/// <summary>Where to put a diagnostic: on the narrowest syntax that is wrong.</summary>
internal static class DiagnosticLocations
{
    public static Location Of(ISymbol symbol) => symbol.Locations.Length > 0 ? symbol.Locations[0] : Location.None;

    public static Location OfType(IParameterSymbol parameter, CancellationToken cancellationToken) =>
        Syntax(parameter, cancellationToken) is ParameterSyntax { Type: { } type } ? type.GetLocation() : Of(parameter);

    public static Location OfReturnType(IMethodSymbol method, CancellationToken cancellationToken) =>
        Syntax(method, cancellationToken) is MethodDeclarationSyntax declaration ? declaration.ReturnType.GetLocation() : Of(method);

    public static Location OfTupleElement(IMethodSymbol method, string name, CancellationToken cancellationToken)
    {
        if (Syntax(method, cancellationToken) is MethodDeclarationSyntax declaration)
        {
            foreach (var element in declaration.ReturnType.DescendantNodesAndSelf().OfType<TupleElementSyntax>())
            {
                if (element.Identifier.ValueText == name) return element.Identifier.GetLocation();
            }
            return declaration.ReturnType.GetLocation();
        }
        return Of(method);
    }

    public static Location? OfNamedArgument(AttributeData attribute, string name, CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax { ArgumentList: { } arguments })
        {
            foreach (var argument in arguments.Arguments)
            {
                if (argument.NameEquals?.Name.Identifier.ValueText == name) return argument.Expression.GetLocation();
            }
        }
        return null;
    }

    /// <summary>An attribute as written (<c>Output("scalar")</c>), or the method when it has no syntax.</summary>
    public static Location OfAttribute(AttributeData attribute, IMethodSymbol method, CancellationToken cancellationToken) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax syntax ? syntax.GetLocation() : Of(method);

    public static Location OfDefaultAttribute(IParameterSymbol parameter, KnownSymbols known, CancellationToken cancellationToken)
    {
        foreach (var attribute in parameter.GetAttributes())
        {
            if (KnownSymbols.Is(attribute.AttributeClass, known.DefaultAttribute) &&
                attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax syntax)
            {
                return syntax.GetLocation();
            }
        }
        return Of(parameter);
    }

    /// <summary>
    /// True when the type is (or contains) an error type, which the compiler reports, or a
    /// type parameter, which PIPE0002 reports: one diagnostic per mistake.
    /// </summary>
    public static bool IsReportedElsewhere(ITypeSymbol type)
    {
        switch (type)
        {
            case IErrorTypeSymbol _:
            case ITypeParameterSymbol _:
                return true;
            case IArrayTypeSymbol array:
                return IsReportedElsewhere(array.ElementType);
            case INamedTypeSymbol named:
                return named.TypeArguments.Any(IsReportedElsewhere);
            default:
                return false;
        }
    }

    private static SyntaxNode? Syntax(ISymbol symbol, CancellationToken cancellationToken) =>
        symbol.DeclaringSyntaxReferences.Length > 0 ? symbol.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) : null;
}

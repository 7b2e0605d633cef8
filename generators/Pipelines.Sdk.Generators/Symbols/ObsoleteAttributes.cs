using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// <c>[Obsolete]</c> on a component or pipeline (or on a class that holds it). The generated entry
/// point and registrations must still call the method: code inside a member that is itself
/// obsolete may use obsolete members without CS0618/CS0619, so the generated callers are marked
/// <c>[Obsolete]</c>, and the task factory carries the user's attribute, so that a pipeline using
/// the component gets the warning (or error) the user asked for.
/// </summary>
internal static class ObsoleteAttributes
{
    /// <summary>Marks a generated member whose body calls an obsolete method (no message: never seen by users).</summary>
    public const string GeneratedCaller = "[global::System.Obsolete]";

    /// <summary>The user's attribute as C# (<c>[global::System.Obsolete("message", true)]</c>), or null when neither the method nor a containing type is obsolete.</summary>
    public static string? Of(IMethodSymbol method)
    {
        for (ISymbol? symbol = method; symbol is IMethodSymbol || symbol is INamedTypeSymbol; symbol = symbol.ContainingSymbol)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: "ObsoleteAttribute", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
                    return Write(attribute);
            }
        }
        return null;
    }

    private static string Write(AttributeData attribute)
    {
        var arguments = attribute.ConstructorArguments;
        var message = arguments.Length > 0 ? arguments[0].Value as string : null;
        var isError = arguments.Length > 1 && arguments[1].Value is true;
        if (message is null && !isError) return "[global::System.Obsolete]";
        var literal = message is null ? "null" : SymbolDisplay.FormatLiteral(message, quote: true);
        return "[global::System.Obsolete(" + literal + (isError ? ", true" : "") + ")]";
    }
}

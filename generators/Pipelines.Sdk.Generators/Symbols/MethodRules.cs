using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// Method-level rules shared by the parsers (which skip a method that breaks one) and the
/// analyzer (which reports it): the generated entry point must be able to call the method.
/// </summary>
internal static class MethodRules
{
    /// <summary>
    /// A method generated code can call by name: an ordinary method (not a local function, lambda,
    /// accessor, operator or finalizer) of a type with a name (not a C# 14 extension block, nor the
    /// class the compiler makes up while a class name is still missing), and not a static virtual
    /// or abstract interface member (those can only be called through a type parameter, CS8926).
    /// </summary>
    public static bool IsCandidate(IMethodSymbol method) => WhyNotCandidate(method) is null;

    /// <summary>What the method is, when it is not a candidate ("a local function", ...); null when it is one.</summary>
    public static string? WhyNotCandidate(IMethodSymbol method)
    {
        switch (method.MethodKind)
        {
            case MethodKind.Ordinary: break;
            case MethodKind.LocalFunction: return "local function '" + method.Name + "'";
            case MethodKind.AnonymousFunction: return "a lambda";
            case MethodKind.UserDefinedOperator: return "operator '" + method.Name + "'";
            case MethodKind.Conversion: return "conversion operator '" + method.Name + "'";
            case MethodKind.PropertyGet:
            case MethodKind.PropertySet:
            case MethodKind.EventAdd:
            case MethodKind.EventRemove:
                return "accessor '" + method.Name + "'";
            case MethodKind.Destructor: return "a finalizer";
            default: return "'" + method.Name + "', which is not an ordinary method";
        }
        if (method.ContainingType is { TypeKind: TypeKind.Interface } && (method.IsAbstract || method.IsVirtual))
            return "static " + (method.IsAbstract ? "abstract" : "virtual") + " interface member '" + method.Name + "'";
        for (var t = method.ContainingType; t is not null; t = t.ContainingType)
        {
            if (!SyntaxFacts.IsValidIdentifier(t.Name))
                return "'" + method.Name + "', a member of " + (t.IsImplicitlyDeclared ? "no named class" : "an extension block");
        }
        return null;
    }

    /// <summary>PIPE0002: the method and its containing types must not be generic.</summary>
    public static bool IsGeneric(IMethodSymbol method)
    {
        if (method.IsGenericMethod) return true;
        for (var t = method.ContainingType; t is not null; t = t.ContainingType)
        {
            if (t.IsGenericType) return true;
        }
        return false;
    }

    /// <summary>PIPE0003: the method and every containing type are visible to other code in the assembly.</summary>
    public static bool IsReachable(IMethodSymbol method) => FirstUnreachable(method) is null;

    /// <summary>The method, or the outermost containing type, that generated code cannot see; null when all are visible.</summary>
    public static ISymbol? FirstUnreachable(IMethodSymbol method)
    {
        ISymbol? offender = null;
        for (var t = method.ContainingType; t is not null; t = t.ContainingType)
        {
            if (t.IsFileLocal || !IsVisibleInAssembly(t.DeclaredAccessibility)) offender = t;
        }
        return IsVisibleInAssembly(method.DeclaredAccessibility) ? offender : method;
    }

    /// <summary>True when the method and every containing type are public: generated task factories can be public too.</summary>
    public static bool IsPublicApi(IMethodSymbol method)
    {
        if (method.DeclaredAccessibility != Accessibility.Public) return false;
        return IsPublicType(method.ContainingType);
    }

    /// <summary>True when code outside the assembly can name <paramref name="type"/> (and its type arguments).</summary>
    public static bool IsPublicType(ITypeSymbol? type)
    {
        switch (type)
        {
            case null:
                return true;
            case IArrayTypeSymbol array:
                return IsPublicType(array.ElementType);
            case ITypeParameterSymbol:
                return true;
            case INamedTypeSymbol named:
                for (var t = named; t is not null; t = t.ContainingType)
                {
                    if (t.DeclaredAccessibility != Accessibility.Public) return false;
                }
                foreach (var argument in named.TypeArguments)
                {
                    if (!IsPublicType(argument)) return false;
                }
                return true;
            default:
                return type.DeclaredAccessibility == Accessibility.Public;
        }
    }

    private static bool IsVisibleInAssembly(Accessibility accessibility) =>
        accessibility == Accessibility.Public || accessibility == Accessibility.Internal || accessibility == Accessibility.ProtectedOrInternal;
}

using Microsoft.CodeAnalysis;

namespace Pipelines.Sdk.Generators
{
    /// <summary>
    /// Method-level rules shared by the parsers (which skip a method that breaks one) and the
    /// analyzer (which reports it): the generated entry point must be able to call the method.
    /// </summary>
    internal static class MethodRules
    {
        /// <summary>An ordinary method declared in source (not a local function, accessor or operator).</summary>
        public static bool IsCandidate(IMethodSymbol method) => method.MethodKind == MethodKind.Ordinary;

        /// <summary>PIPE0002: the method and its containing types must not be generic.</summary>
        public static bool IsGeneric(IMethodSymbol method)
        {
            if (method.IsGenericMethod) return true;
            for (INamedTypeSymbol? t = method.ContainingType; t is not null; t = t.ContainingType)
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
            for (INamedTypeSymbol? t = method.ContainingType; t is not null; t = t.ContainingType)
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
                    for (INamedTypeSymbol? t = named; t is not null; t = t.ContainingType)
                    {
                        if (t.DeclaredAccessibility != Accessibility.Public) return false;
                    }
                    foreach (ITypeSymbol argument in named.TypeArguments)
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
}

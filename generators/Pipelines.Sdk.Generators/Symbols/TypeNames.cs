using Microsoft.CodeAnalysis;

namespace Pipelines.Sdk.Generators;

/// <summary>How generated code and manifests name types and methods.</summary>
internal static class TypeNames
{
    /// <summary><c>global::System.Collections.Generic.List&lt;string?&gt;</c>: keeps nullable annotations.</summary>
    private static readonly SymbolDisplayFormat s_fullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary><c>Churn.Steps</c>: namespace and containing types, no <c>global::</c>, for messages and manifests.</summary>
    private static readonly SymbolDisplayFormat s_display = new SymbolDisplayFormat(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters);

    public static string FullyQualified(ITypeSymbol type) => type.ToDisplayString(s_fullyQualified);

    /// <summary><c>global::Churn.Steps.Clean</c>: callable from anywhere in the assembly.</summary>
    public static string MethodReference(IMethodSymbol method) =>
        method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + Identifiers.Escape(method.Name);

    /// <summary><c>Churn.Steps.Clean</c>.</summary>
    public static string MethodDisplay(IMethodSymbol method) => method.ContainingType.ToDisplayString(s_display) + "." + method.Name;

    /// <summary>The namespace of a type, "" for the global namespace.</summary>
    public static string Namespace(ITypeSymbol type) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : "";
}

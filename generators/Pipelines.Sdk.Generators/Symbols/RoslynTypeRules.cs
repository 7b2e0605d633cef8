using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Pipelines.Contracts;

namespace Pipelines.Sdk.Generators;

/// <summary>The facts <see cref="KfpParameterTypeRules{TType}"/> needs, read from Roslyn symbols.
/// The runtime reads the same facts with reflection; the rules themselves are shared source.</summary>
internal sealed class RoslynTypeRules : KfpParameterTypeRules<ITypeSymbol>
{
    private readonly IAssemblySymbol? _pipelinesAssembly;

    public RoslynTypeRules(IAssemblySymbol? pipelinesAssembly) => _pipelinesAssembly = pipelinesAssembly;

    protected override string? DefinitionName(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol named) return null;
        var definition = named.OriginalDefinition;
        var name = definition.MetadataName;
        for (var outer = definition.ContainingType; outer is not null; outer = outer.ContainingType)
            name = outer.MetadataName + "+" + name;
        var ns = definition.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? name : ns.ToDisplayString() + "." + name;
    }

    protected override ClrTypeCategory Category(ITypeSymbol type)
    {
        switch (type.TypeKind)
        {
            case TypeKind.Class: return ClrTypeCategory.Class;
            case TypeKind.Struct: return ClrTypeCategory.Struct;
            case TypeKind.Interface: return ClrTypeCategory.Interface;
            case TypeKind.Enum: return ClrTypeCategory.Enum;
            case TypeKind.Array: return ClrTypeCategory.Array;
            default: return ClrTypeCategory.Other;
        }
    }

    protected override IReadOnlyList<ITypeSymbol> TypeArguments(ITypeSymbol type) =>
        type is INamedTypeSymbol { IsGenericType: true } named ? named.TypeArguments : (IReadOnlyList<ITypeSymbol>)System.Array.Empty<ITypeSymbol>();

    protected override ITypeSymbol ArrayElement(ITypeSymbol type, out bool isVector)
    {
        var array = (IArrayTypeSymbol)type;
        isVector = array.IsSZArray;
        return array.ElementType;
    }

    protected override bool CannotBeInstantiated(ITypeSymbol type) => type.IsAbstract || type.IsStatic || type.IsRefLikeType;

    protected override bool IsOpen(ITypeSymbol type) =>
        type is INamedTypeSymbol named &&
        (named.IsUnboundGenericType || named.TypeArguments.Any(a => a.TypeKind == TypeKind.TypeParameter || a.TypeKind == TypeKind.Error));

    protected override bool IsPipelinesLibraryType(ITypeSymbol type) =>
        _pipelinesAssembly is not null && SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, _pipelinesAssembly);

    protected override bool HasPublicReadableProperty(ITypeSymbol type)
    {
        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            foreach (var member in t.GetMembers())
            {
                if (member is IPropertySymbol { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public, GetMethod: { DeclaredAccessibility: Accessibility.Public } })
                    return true;
            }
        }
        return false;
    }
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Pipelines.Sdk.Generators;

/// <summary>Which kind of annotated method an operation block belongs to.</summary>
internal enum BodyKind
{
    None,
    Component,
    Pipeline,
}

/// <summary>
/// The attributes the body analyzers look for, resolved once per compilation. The analyzers
/// only register operation actions inside <c>[Component]</c> (and <c>[Pipeline]</c>) method
/// bodies, so code elsewhere costs one attribute check per method.
/// </summary>
internal sealed class ComponentBodies
{
    private readonly INamedTypeSymbol? _component;
    private readonly INamedTypeSymbol? _pipeline;
    private readonly INamedTypeSymbol? _containerComponent;

    private ComponentBodies(Compilation compilation)
    {
        _component = compilation.GetTypeByMetadataName(KnownSymbols.ComponentAttributeName);
        _pipeline = compilation.GetTypeByMetadataName(KnownSymbols.PipelineAttributeName);
        _containerComponent = compilation.GetTypeByMetadataName(KnownSymbols.ContainerComponentAttributeName);
    }

    /// <summary>Null when the compilation does not reference the Pipelines library.</summary>
    public static ComponentBodies? Create(Compilation compilation)
    {
        var bodies = new ComponentBodies(compilation);
        return bodies._component is null ? null : bodies;
    }

    /// <summary>
    /// The kind of the method that owns an operation block. Lambdas and local functions belong
    /// to the block of the method that declares them, so they are analysed with it.
    /// </summary>
    public BodyKind Classify(ISymbol owningSymbol)
    {
        if (owningSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method) return BodyKind.None;
        foreach (var attribute in method.GetAttributes())
        {
            if (KnownSymbols.Is(attribute.AttributeClass, _component)) return BodyKind.Component;
            if (KnownSymbols.Is(attribute.AttributeClass, _pipeline)) return BodyKind.Pipeline;
        }
        return BodyKind.None;
    }

    /// <summary>True when <paramref name="method"/> is a <c>[Component]</c> or <c>[ContainerComponent]</c> method (source or
    /// metadata): a pipeline runs either through its task factory, never by calling it.</summary>
    public bool IsComponent(IMethodSymbol method)
    {
        if (method.MethodKind != MethodKind.Ordinary) return false;
        foreach (var attribute in method.OriginalDefinition.GetAttributes())
        {
            if (KnownSymbols.Is(attribute.AttributeClass, _component) || KnownSymbols.Is(attribute.AttributeClass, _containerComponent)) return true;
        }
        return false;
    }

    /// <summary>Strips implicit conversions (and parentheses, which have no operation in C#).</summary>
    public static IOperation WithoutConversions(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion) operation = conversion.Operand;
        return operation;
    }

    /// <summary>True when a <c>return</c> belongs to the method itself, not to a lambda or local function in it.</summary>
    public static bool BelongsToMethod(IOperation operation)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation || parent is ILocalFunctionOperation) return false;
        }
        return true;
    }
}

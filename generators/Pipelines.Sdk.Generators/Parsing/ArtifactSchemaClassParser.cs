using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Pipelines.Naming;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// <c>[ArtifactSchema]</c> class → <see cref="ArtifactSchemaClassModel"/>, for imported components: null unless the
/// class is a usable artifact class (derived from <c>Pipelines.Artifact</c>, concrete, not generic, with a public
/// parameterless constructor, visible in the assembly) with a valid non-<c>system</c> title (the built-in classes own
/// the <c>system</c> types; PIPE0050 reports invalid titles).
/// </summary>
internal static class ArtifactSchemaClassParser
{
    public static ArtifactSchemaClassModel? Parse(GeneratorAttributeSyntaxContext context)
    {
        if (!(context.TargetSymbol is INamedTypeSymbol type) || context.Attributes.Length == 0) return null;
        var arguments = context.Attributes[0].ConstructorArguments;
        var title = arguments.Length > 0 ? arguments[0].Value as string : null;
        if (!KfpArtifactSchemas.IsValidTitle(title) || title!.StartsWith("system.", System.StringComparison.Ordinal)) return null;
        if (type.IsAbstract || type.IsGenericType || type.IsFileLocal || !DerivesFromArtifact(type)) return null;
        if (!type.InstanceConstructors.Any(static c => c.Parameters.Length == 0 && c.DeclaredAccessibility == Accessibility.Public)) return null;
        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (t.DeclaredAccessibility != Accessibility.Public && t.DeclaredAccessibility != Accessibility.Internal) return null;
        }
        return new ArtifactSchemaClassModel(title, TypeNames.FullyQualified(type), MethodRules.IsPublicType(type));
    }

    /// <summary><paramref name="component"/> (an imported one) with each <c>Artifact</c>-typed input or output whose
    /// title exactly one class declares typed as that class.</summary>
    public static ComponentModel Apply(ComponentModel component, IReadOnlyList<ArtifactSchemaClassModel> classes)
    {
        if (classes.Count == 0) return component;
        var changed = false;
        var parameters = new List<ComponentParameterModel>(component.Parameters.Count);
        foreach (var parameter in component.Parameters)
        {
            var candidates = parameter.SchemaTitle is null || parameter.TypeName != "global::Pipelines.Artifact"
                ? new List<ArtifactSchemaClassModel>()
                : classes.Where(c => c.Title == parameter.SchemaTitle && (c.IsPublic || !component.IsPublic)).ToList();
            if (candidates.Count == 1)
            {
                parameters.Add(parameter with { TypeName = candidates[0].TypeName });
                changed = true;
            }
            else
            {
                parameters.Add(parameter);
            }
        }
        return changed ? component with { Parameters = new EquatableArray<ComponentParameterModel>(parameters) } : component;
    }

    private static bool DerivesFromArtifact(INamedTypeSymbol type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.ToDisplayString() == "Pipelines.Artifact") return true;
        }
        return false;
    }
}

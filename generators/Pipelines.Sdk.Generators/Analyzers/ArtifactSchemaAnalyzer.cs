using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Pipelines.Naming;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// PIPE0050: an <c>[ArtifactSchema]</c> KFP would not load. The title must be <c>system.&lt;Name&gt;</c> or
/// <c>google.&lt;Name&gt;</c> (the namespaces KFP's SDK reads back from component YAML), the version three
/// numbers, and the class an artifact class (derived from <c>Pipelines.Artifact</c>). The generator writes
/// whatever the attribute says; this is where a bad value stops the build, with the attribute underlined.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ArtifactSchemaAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.InvalidArtifactSchema);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            var attributeType = start.Compilation.GetTypeByMetadataName(KnownSymbols.ArtifactSchemaAttributeName);
            var artifact = start.Compilation.GetTypeByMetadataName("Pipelines.Artifact");
            if (attributeType is null || artifact is null) return;
            start.RegisterSymbolAction(c => Analyze(c, attributeType, artifact), SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, INamedTypeSymbol attributeType, INamedTypeSymbol artifact)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        foreach (var attribute in type.GetAttributes())
        {
            if (!KnownSymbols.Is(attribute.AttributeClass, attributeType)) continue;
            var problem = Problem(type, attribute, artifact);
            if (problem is null) continue;
            var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation()
                ?? (type.Locations.Length > 0 ? type.Locations[0] : Location.None);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidArtifactSchema, location, type.Name, problem));
        }
    }

    private static string? Problem(INamedTypeSymbol type, AttributeData attribute, INamedTypeSymbol artifact)
    {
        if (!DerivesFrom(type, artifact))
            return "only artifact classes (derived from Pipelines.Artifact) have a KFP artifact type";
        var title = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string : null;
        if (!KfpArtifactSchemas.IsValidTitle(title))
            return $"title '{title}' is not system.<Name> or google.<Name>, the namespaces KFP's SDK loads artifact types from (letters, digits and '_' after the dot)";
        var version = attribute.ConstructorArguments.Length > 1 ? attribute.ConstructorArguments[1].Value as string : "0.0.1";
        if (!KfpArtifactSchemas.IsValidVersion(version))
            return $"version '{version}' is not three numbers such as 0.0.1";
        return null;
    }

    private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol artifact)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t, artifact)) return true;
        }
        return false;
    }
}

using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// PIPE0017: a <c>[Component]</c> body calls a <c>[DllImport]</c> or <c>[LibraryImport]</c>
/// method. The native library has to be in the component's image; nothing in the build checks
/// that. Native calls made by helper methods or referenced libraries are not followed.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NativeCodeAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(BodyDiagnosticDescriptors.NativeCode);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            if (ComponentBodies.Create(start.Compilation) is not { } bodies) return;
            var libraryImport = start.Compilation.GetTypeByMetadataName("System.Runtime.InteropServices.LibraryImportAttribute");
            start.RegisterOperationBlockStartAction(block =>
            {
                if (bodies.Classify(block.OwningSymbol) != BodyKind.Component) return;
                var component = block.OwningSymbol.Name;
                block.RegisterOperationAction(c => Analyze(c, libraryImport, component), OperationKind.Invocation);
            });
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol? libraryImport, string component)
    {
        var method = ((IInvocationOperation)context.Operation).TargetMethod;
        if (!method.IsStatic) return;
        var library = method.GetDllImportData()?.ModuleName ?? LibraryImportName(method, libraryImport);
        if (library is null) return;
        context.ReportDiagnostic(Diagnostic.Create(BodyDiagnosticDescriptors.NativeCode, context.Operation.Syntax.GetLocation(),
            component, method.ContainingType.Name + "." + method.Name, library));
    }

    private static string? LibraryImportName(IMethodSymbol method, INamedTypeSymbol? libraryImport)
    {
        // [LibraryImport] goes on a partial method declared in source (its generated part is the
        // implementation); only those are worth an attribute lookup.
        if (libraryImport is null || !(method.IsPartialDefinition || method.PartialDefinitionPart is not null || method.IsExtern)) return null;
        foreach (var attribute in (method.PartialDefinitionPart ?? method).GetAttributes())
        {
            if (KnownSymbols.Is(attribute.AttributeClass, libraryImport))
                return attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string name ? name : "?";
        }
        return null;
    }
}

using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// PIPE0012: a <c>[Component]</c> body reads or writes a static field that is not readonly or
/// const, or a static property with a setter, declared in the project itself. Every component
/// runs in its own container, so whatever one component stores there is gone for the next;
/// one diagnostic per access covers both "reads mutable state" and "another component writes it".
/// Framework statics with setters (<c>CultureInfo.CurrentCulture</c>, <c>Console.Out</c>) and
/// statics of referenced libraries are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StaticStateAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(BodyDiagnosticDescriptors.StaticMutableState);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            if (ComponentBodies.Create(start.Compilation) is not { } bodies) return;
            var assembly = start.Compilation.Assembly;
            start.RegisterOperationBlockStartAction(block =>
            {
                if (bodies.Classify(block.OwningSymbol) != BodyKind.Component) return;
                var component = block.OwningSymbol.Name;
                block.RegisterOperationAction(c => AnalyzeField(c, assembly, component), OperationKind.FieldReference);
                block.RegisterOperationAction(c => AnalyzeProperty(c, assembly, component), OperationKind.PropertyReference);
            });
        });
    }

    private static void AnalyzeField(OperationAnalysisContext context, IAssemblySymbol assembly, string component)
    {
        var reference = (IFieldReferenceOperation)context.Operation;
        var field = reference.Field;
        if (!field.IsStatic || field.IsConst || field.IsReadOnly || field.IsImplicitlyDeclared) return;
        if (!SymbolEqualityComparer.Default.Equals(field.ContainingAssembly, assembly)) return;
        Report(context, reference, component, "field", field);
    }

    private static void AnalyzeProperty(OperationAnalysisContext context, IAssemblySymbol assembly, string component)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        var property = reference.Property;
        if (!property.IsStatic || property.SetMethod is null) return;
        if (!SymbolEqualityComparer.Default.Equals(property.ContainingAssembly, assembly)) return;
        Report(context, reference, component, "property", property);
    }

    private static void Report(OperationAnalysisContext context, IOperation reference, string component, string kind, ISymbol member)
    {
        if (reference.Parent is INameOfOperation) return;
        context.ReportDiagnostic(Diagnostic.Create(BodyDiagnosticDescriptors.StaticMutableState, reference.Syntax.GetLocation(),
            component, Access(reference), kind, member.ContainingType.Name + "." + member.Name));
    }

    private static string Access(IOperation reference)
    {
        switch (reference.Parent)
        {
            case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                return "writes";
            case ICompoundAssignmentOperation compound when compound.Target == reference:
            case ICoalesceAssignmentOperation coalesce when coalesce.Target == reference:
            case IIncrementOrDecrementOperation _:
                return "updates";
            case IArgumentOperation { Parameter: { RefKind: RefKind.Out } }:
                return "writes";
            case IArgumentOperation { Parameter: { RefKind: RefKind.Ref } }:
                return "updates";
            default:
                return "reads";
        }
    }
}

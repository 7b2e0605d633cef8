using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// PIPE0022 (info): a <c>[Component]</c> passes bulk data as a KFP parameter. Two cases:
/// a parameter or return value that is a list of bytes KFP would carry as a JSON list of numbers
/// (<c>List&lt;byte&gt;</c>, <c>IEnumerable&lt;byte&gt;</c>...; <c>byte[]</c> is already PIPE0004/PIPE0005),
/// and a return value (or tuple element) that is the whole content of a file
/// (<c>File.ReadAllText/ReadAllLines</c>, <c>TextReader.ReadToEnd</c>, awaited or through a local).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DataPassingAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(BodyDiagnosticDescriptors.LargePayloadParameter);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            if (ComponentBodies.Create(start.Compilation) is not { } bodies) return;
            var known = KnownSymbols.Create(start.Compilation);
            var classifier = new KfpTypeClassifier(known);
            var file = start.Compilation.GetTypeByMetadataName("System.IO.File");
            var textReader = start.Compilation.GetTypeByMetadataName("System.IO.TextReader");

            start.RegisterSymbolAction(c => AnalyzeSignature(c, bodies, classifier), SymbolKind.Method);
            start.RegisterOperationBlockStartAction(block =>
            {
                if (bodies.Classify(block.OwningSymbol) != BodyKind.Component) return;
                var component = block.OwningSymbol.Name;
                block.RegisterOperationAction(c => AnalyzeReturn(c, file, textReader, component), OperationKind.Return);
            });
        });
    }

    private static void AnalyzeSignature(SymbolAnalysisContext context, ComponentBodies bodies, KfpTypeClassifier classifier)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (bodies.Classify(method) != BodyKind.Component) return;
        foreach (var parameter in method.Parameters)
        {
            if (IsByteList(parameter.Type, classifier))
            {
                context.ReportDiagnostic(Diagnostic.Create(BodyDiagnosticDescriptors.LargePayloadParameter, DiagnosticLocations.OfType(parameter, context.CancellationToken),
                    method.Name, $"takes parameter '{parameter.Name}' as a list of bytes ({KfpTypeClassifier.Display(parameter.Type)})"));
            }
        }
        var shape = classifier.ClassifyReturn(method);
        if (shape.Kind == ReturnKind.Unsupported) return;
        foreach (var element in shape.Elements)
        {
            if (IsByteList(element.Type, classifier))
            {
                context.ReportDiagnostic(Diagnostic.Create(BodyDiagnosticDescriptors.LargePayloadParameter, DiagnosticLocations.OfReturnType(method, context.CancellationToken),
                    method.Name, $"returns a list of bytes ({KfpTypeClassifier.Display(element.Type)})"));
            }
        }
    }

    /// <summary>A collection of bytes that KFP accepts (as a LIST of numbers); byte[] is not accepted at all.</summary>
    private static bool IsByteList(ITypeSymbol type, KfpTypeClassifier classifier)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable) type = nullable.TypeArguments[0];
        if (type is not INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named) return false;
        var element = named.TypeArguments[0].SpecialType;
        return (element == SpecialType.System_Byte || element == SpecialType.System_SByte) && classifier.ClassifyParameterType(type) is not null;
    }

    private static void AnalyzeReturn(OperationAnalysisContext context, INamedTypeSymbol? file, INamedTypeSymbol? textReader, string component)
    {
        var ret = (IReturnOperation)context.Operation;
        if (ret.ReturnedValue is null || ret.Kind != OperationKind.Return || !ComponentBodies.BelongsToMethod(ret)) return;
        var value = Unwrap(ret.ReturnedValue);
        if (value is ITupleOperation tuple)
        {
            foreach (var element in tuple.Elements) Check(context, Unwrap(element), file, textReader, component);
        }
        else
        {
            Check(context, value, file, textReader, component);
        }
    }

    private static void Check(OperationAnalysisContext context, IOperation value, INamedTypeSymbol? file, INamedTypeSymbol? textReader, string component)
    {
        var source = value;
        if (value is ILocalReferenceOperation local && Initializer(local, context) is { } initializer) source = Unwrap(initializer);
        if (source is not IInvocationOperation invocation) return;
        var method = invocation.TargetMethod;
        string? read = null;
        if (KnownSymbols.Is(method.ContainingType, file) && (method.Name.StartsWith("ReadAllText", System.StringComparison.Ordinal) || method.Name.StartsWith("ReadAllLines", System.StringComparison.Ordinal)))
            read = "File." + method.Name;
        else if (method.Name.StartsWith("ReadToEnd", System.StringComparison.Ordinal) && InheritsFrom(method.ContainingType, textReader))
            read = method.ContainingType.Name + "." + method.Name;
        if (read is null) return;
        context.ReportDiagnostic(Diagnostic.Create(BodyDiagnosticDescriptors.LargePayloadParameter, value.Syntax.GetLocation(),
            component, $"returns the whole content of a file ({read}) as an output parameter"));
    }

    /// <summary>The initializer of a local declared as <c>var text = ...;</c> in the same body.</summary>
    private static IOperation? Initializer(ILocalReferenceOperation local, OperationAnalysisContext context)
    {
        if (local.Local.DeclaringSyntaxReferences.Length != 1 || context.Operation.SemanticModel is not { } model) return null;
        if (local.Local.DeclaringSyntaxReferences[0].GetSyntax(context.CancellationToken) is not VariableDeclaratorSyntax { Initializer: { } equals }) return null;
        if (equals.SyntaxTree != model.SyntaxTree) return null;
        return model.GetOperation(equals.Value, context.CancellationToken);
    }

    private static IOperation Unwrap(IOperation operation)
    {
        for (var depth = 0; depth < 8; depth++)
        {
            operation = ComponentBodies.WithoutConversions(operation);
            if (operation is IAwaitOperation awaited) operation = awaited.Operation;
            else return operation;
        }
        return operation;
    }

    private static bool InheritsFrom(INamedTypeSymbol? type, INamedTypeSymbol? baseType)
    {
        for (; type is not null; type = type.BaseType)
        {
            if (KnownSymbols.Is(type, baseType)) return true;
        }
        return false;
    }
}

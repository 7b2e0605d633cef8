using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// PIPE0021, kept to the cases that are easy to see in one component body: a <c>foreach</c> over
/// a <c>HashSet&lt;T&gt;</c>, <c>Dictionary&lt;K,V&gt;</c> (or its <c>Keys</c>/<c>Values</c>),
/// <c>ConcurrentDictionary</c> or <c>ConcurrentBag</c> whose body writes text in order
/// (<c>TextWriter.Write*</c>, <c>StringBuilder.Append*</c>, <c>File.Append*</c>, <c>Stream.Write*</c>);
/// <c>File.WriteAllLines/AppendAllLines</c> of such a collection; and <c>string.Join</c> over one
/// passed straight to such a write. Setting artifact metadata or logging metrics in a loop is not
/// reported: those are keyed maps, so their order does not matter. Collections copied into a
/// list first, or written by a helper method, are not followed.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnorderedEnumerationAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(BodyDiagnosticDescriptors.UnorderedEnumeration);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            if (ComponentBodies.Create(start.Compilation) is not { } bodies) return;
            var symbols = new Symbols(start.Compilation);
            start.RegisterOperationBlockStartAction(block =>
            {
                if (bodies.Classify(block.OwningSymbol) != BodyKind.Component) return;
                var component = block.OwningSymbol.Name;
                block.RegisterOperationAction(c => AnalyzeLoop(c, symbols, component), OperationKind.Loop);
                block.RegisterOperationAction(c => AnalyzeInvocation(c, symbols, component), OperationKind.Invocation);
            });
        });
    }

    private static void AnalyzeLoop(OperationAnalysisContext context, Symbols symbols, string component)
    {
        if (context.Operation is not IForEachLoopOperation loop) return;
        var collection = ComponentBodies.WithoutConversions(loop.Collection);
        if (symbols.UnorderedName(collection.Type) is not { } name) return;
        foreach (var operation in loop.Body.Descendants())
        {
            if (operation is IInvocationOperation invocation && symbols.IsOrderedWrite(invocation, inLoop: true))
            {
                context.ReportDiagnostic(Diagnostic.Create(BodyDiagnosticDescriptors.UnorderedEnumeration, collection.Syntax.GetLocation(), component, name));
                return;
            }
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, Symbols symbols, string component)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var writesLines = KnownSymbols.Is(method.ContainingType, symbols.File) &&
            (method.Name.StartsWith("WriteAllLines", System.StringComparison.Ordinal) || method.Name.StartsWith("AppendAllLines", System.StringComparison.Ordinal));
        var joinsIntoWrite = method.ContainingType.SpecialType == SpecialType.System_String && method.Name == "Join" &&
            invocation.Parent is IArgumentOperation { Parent: IInvocationOperation write } && symbols.IsOrderedWrite(write, inLoop: false);
        if (!writesLines && !joinsIntoWrite) return;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { Ordinal: 1 }) continue;
            var value = ComponentBodies.WithoutConversions(argument.Value);
            if (symbols.UnorderedName(value.Type) is { } name)
                context.ReportDiagnostic(Diagnostic.Create(BodyDiagnosticDescriptors.UnorderedEnumeration, value.Syntax.GetLocation(), component, name));
        }
    }

    private sealed class Symbols
    {
        private readonly INamedTypeSymbol?[] _unordered;
        private readonly INamedTypeSymbol? _dictionary;
        private readonly INamedTypeSymbol? _textWriter;
        private readonly INamedTypeSymbol? _stringBuilder;
        private readonly INamedTypeSymbol? _stream;
        private readonly INamedTypeSymbol? _console;

        public Symbols(Compilation compilation)
        {
            _dictionary = compilation.GetTypeByMetadataName("System.Collections.Generic.Dictionary`2");
            _unordered = new[]
            {
                compilation.GetTypeByMetadataName("System.Collections.Generic.HashSet`1"),
                _dictionary,
                compilation.GetTypeByMetadataName("System.Collections.Concurrent.ConcurrentDictionary`2"),
                compilation.GetTypeByMetadataName("System.Collections.Concurrent.ConcurrentBag`1"),
            };
            File = compilation.GetTypeByMetadataName("System.IO.File");
            _textWriter = compilation.GetTypeByMetadataName("System.IO.TextWriter");
            _stringBuilder = compilation.GetTypeByMetadataName("System.Text.StringBuilder");
            _stream = compilation.GetTypeByMetadataName("System.IO.Stream");
            _console = compilation.GetTypeByMetadataName("System.Console");
        }

        public INamedTypeSymbol? File { get; }

        /// <summary>"HashSet&lt;T&gt;", "Dictionary&lt;TKey, TValue&gt;" ... when the type has no defined order, else null.</summary>
        public string? UnorderedName(ITypeSymbol? type)
        {
            if (type is not INamedTypeSymbol named) return null;
            var definition = named.OriginalDefinition;
            // Dictionary<K,V>.KeyCollection / ValueCollection
            if (definition.ContainingType is { } container && KnownSymbols.Is(container.OriginalDefinition, _dictionary))
                definition = container.OriginalDefinition;
            foreach (var unordered in _unordered)
            {
                if (KnownSymbols.Is(definition, unordered)) return definition.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            }
            return null;
        }

        /// <summary>
        /// A call that writes text or bytes in call order (not to the console). In a loop body,
        /// <c>File.WriteAll*</c> writes one whole file per element, so only appends count there.
        /// </summary>
        public bool IsOrderedWrite(IInvocationOperation invocation, bool inLoop)
        {
            var method = invocation.TargetMethod;
            var name = method.Name;
            if (KnownSymbols.Is(method.ContainingType, File))
                return name.StartsWith("Append", System.StringComparison.Ordinal) || (!inLoop && name.StartsWith("WriteAll", System.StringComparison.Ordinal));
            if (name.StartsWith("Append", System.StringComparison.Ordinal))
                return KnownSymbols.Is(method.ContainingType, _stringBuilder);
            if (!name.StartsWith("Write", System.StringComparison.Ordinal) || method.IsStatic) return false;
            if (invocation.Instance is IPropertyReferenceOperation property && KnownSymbols.Is(property.Property.ContainingType, _console)) return false;
            for (var type = method.ContainingType; type is not null; type = type.BaseType)
            {
                if (KnownSymbols.Is(type, _textWriter) || KnownSymbols.Is(type, _stream)) return true;
            }
            return false;
        }
    }
}

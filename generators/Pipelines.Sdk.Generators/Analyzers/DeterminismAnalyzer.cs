using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// PIPE0018 (clock: <c>DateTime.Now/UtcNow/Today</c>, <c>DateTimeOffset.Now/UtcNow</c>,
/// <c>Environment.TickCount/TickCount64</c>), PIPE0019 (<c>new Random()</c> without a seed,
/// <c>Random.Shared</c>) and PIPE0020 (<c>Guid.NewGuid()</c>, <c>Guid.CreateVersion7()</c>) in a
/// <c>[Component]</c> body. A clock read that goes straight into a log call
/// (<c>Console.WriteLine</c>, <c>Debug</c>, <c>Trace</c>, <c>ILogger</c>) is not reported: logs are not outputs.
/// <c>Stopwatch</c> is fine (durations).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DeterminismAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(BodyDiagnosticDescriptors.WallClock, BodyDiagnosticDescriptors.UnseededRandom, BodyDiagnosticDescriptors.NewGuid);

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
                block.RegisterOperationAction(c => AnalyzeProperty(c, symbols, component), OperationKind.PropertyReference);
                block.RegisterOperationAction(c => AnalyzeInvocation(c, symbols, component), OperationKind.Invocation);
                block.RegisterOperationAction(c => AnalyzeCreation(c, symbols, component), OperationKind.ObjectCreation);
            });
        });
    }

    private static void AnalyzeProperty(OperationAnalysisContext context, Symbols symbols, string component)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        if (!reference.Property.IsStatic) return;
        if (symbols.Clock.TryGetValue(reference.Property, out var clock))
        {
            if (symbols.FlowsIntoLog(reference)) return;
            context.ReportDiagnostic(Diagnostic.Create(BodyDiagnosticDescriptors.WallClock, reference.Syntax.GetLocation(), component, clock));
        }
        else if (KnownSymbols.Is(reference.Property, symbols.RandomShared))
        {
            context.ReportDiagnostic(Diagnostic.Create(BodyDiagnosticDescriptors.UnseededRandom, reference.Syntax.GetLocation(), component, "'Random.Shared'"));
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, Symbols symbols, string component)
    {
        var method = ((IInvocationOperation)context.Operation).TargetMethod;
        if (method.IsStatic && KnownSymbols.Is(method.ContainingType, symbols.Guid) && (method.Name == "NewGuid" || method.Name == "CreateVersion7"))
        {
            context.ReportDiagnostic(Diagnostic.Create(BodyDiagnosticDescriptors.NewGuid, context.Operation.Syntax.GetLocation(),
                component, "Guid." + method.Name));
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, Symbols symbols, string component)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Constructor is { Parameters.Length: 0 } constructor && KnownSymbols.Is(constructor.ContainingType, symbols.Random))
        {
            context.ReportDiagnostic(Diagnostic.Create(BodyDiagnosticDescriptors.UnseededRandom, creation.Syntax.GetLocation(),
                component, "'new Random()' without a seed"));
        }
    }

    private sealed class Symbols
    {
        private readonly INamedTypeSymbol?[] _logTypes;

        public Symbols(Compilation compilation)
        {
            Random = compilation.GetTypeByMetadataName("System.Random");
            Guid = compilation.GetTypeByMetadataName("System.Guid");
            RandomShared = Property(Random, "Shared");
            Clock = new Dictionary<ISymbol, string>(SymbolEqualityComparer.Default);
            AddClock(compilation, "System.DateTime", "DateTime", "Now", "UtcNow", "Today");
            AddClock(compilation, "System.DateTimeOffset", "DateTimeOffset", "Now", "UtcNow");
            AddClock(compilation, "System.Environment", "Environment", "TickCount", "TickCount64");
            _logTypes = new[]
            {
                compilation.GetTypeByMetadataName("System.Console"),
                compilation.GetTypeByMetadataName("System.Diagnostics.Debug"),
                compilation.GetTypeByMetadataName("System.Diagnostics.Trace"),
                compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.LoggerExtensions"),
                compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.ILogger"),
            };
        }

        public INamedTypeSymbol? Random { get; }
        public INamedTypeSymbol? Guid { get; }
        public IPropertySymbol? RandomShared { get; }

        /// <summary>Clock properties and how the message names them.</summary>
        public Dictionary<ISymbol, string> Clock { get; }

        /// <summary>True when the value is (part of) an argument of a log call in the same expression.</summary>
        public bool FlowsIntoLog(IOperation operation)
        {
            var depth = 0;
            for (var parent = operation.Parent; parent is not null && depth < 8; parent = parent.Parent, depth++)
            {
                if (parent is IInvocationOperation invocation)
                {
                    foreach (var type in _logTypes)
                    {
                        if (KnownSymbols.Is(invocation.TargetMethod.ContainingType, type)) return true;
                    }
                }
                if (parent is IBlockOperation || parent is IExpressionStatementOperation || parent is IVariableDeclaratorOperation ||
                    parent is IReturnOperation || parent is IAnonymousFunctionOperation)
                {
                    return false;
                }
            }
            return false;
        }

        private void AddClock(Compilation compilation, string metadataName, string display, params string[] names)
        {
            var type = compilation.GetTypeByMetadataName(metadataName);
            foreach (var name in names)
            {
                if (Property(type, name) is { } property) Clock[property] = display + "." + name;
            }
        }

        private static IPropertySymbol? Property(INamedTypeSymbol? type, string name)
        {
            if (type is null) return null;
            foreach (var member in type.GetMembers(name))
            {
                if (member is IPropertySymbol { IsStatic: true } property) return property;
            }
            return null;
        }
    }
}

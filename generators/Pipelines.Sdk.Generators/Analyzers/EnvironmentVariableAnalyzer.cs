using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Pipelines.Sdk.Generators;

/// <summary>
/// PIPE0014: a <c>[Component]</c> body calls <c>Environment.GetEnvironmentVariable</c>. A
/// component's container only has the variables of its image, the ones Kubernetes and KFP set in
/// every pod (allow-listed below) and the ones the pipeline sets with <c>.WithEnv</c>; whether the
/// pipeline does is not checked (that would need cross-method analysis), so the message says so.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EnvironmentVariableAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Set in every KFP pod: by Kubernetes, by KFP's launcher (downward API) or by the base image.</summary>
    private static readonly HashSet<string> s_alwaysSet = new HashSet<string>(StringComparer.Ordinal)
    {
        "HOSTNAME", "HOME", "PATH", "KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT", "KFP_POD_NAME", "KFP_POD_UID",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(BodyDiagnosticDescriptors.EnvironmentVariable);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            if (ComponentBodies.Create(start.Compilation) is not { } bodies) return;
            if (start.Compilation.GetTypeByMetadataName("System.Environment") is not { } environment) return;
            start.RegisterOperationBlockStartAction(block =>
            {
                if (bodies.Classify(block.OwningSymbol) != BodyKind.Component) return;
                var component = block.OwningSymbol.Name;
                block.RegisterOperationAction(c => Analyze(c, environment, component), OperationKind.Invocation);
            });
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol environment, string component)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.Name != "GetEnvironmentVariable" || !KnownSymbols.Is(method.ContainingType, environment)) return;

        var display = "(a computed name)";
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { Ordinal: 0 }) continue;
            if (argument.Value.ConstantValue is { HasValue: true, Value: string name })
            {
                if (s_alwaysSet.Contains(name)) return;
                display = "'" + name + "'";
            }
        }
        context.ReportDiagnostic(Diagnostic.Create(BodyDiagnosticDescriptors.EnvironmentVariable, invocation.Syntax.GetLocation(), component, display));
    }
}

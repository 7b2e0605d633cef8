using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Pipelines.Sdk.Generators.Tests;

/// <summary>
/// <see cref="ComponentShapeAnalyzer"/> under the Roslyn analyzer test harness. References come
/// from <see cref="TestReferences"/> (local reference pack + Pipelines.dll) instead of a NuGet download.
/// </summary>
internal static class AnalyzerVerifier
{
    private static readonly ReferenceAssemblies s_noPackages = new("net10.0");

    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) => VerifyAsync<ComponentShapeAnalyzer>(source, expected);

    public static Task VerifyAsync<TAnalyzer>(string source, params DiagnosticResult[] expected) where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = s_noPackages,
            TestCode = source,
        };
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}

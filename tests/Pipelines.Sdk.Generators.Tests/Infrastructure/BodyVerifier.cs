using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Pipelines.Sdk.Generators.Tests;

/// <summary>
/// The body analyzers (PIPE0012 on) and their code fixes under the Roslyn test harness, with the
/// same local references as <see cref="AnalyzerVerifier"/>. Code-fix tests can add the generator's
/// task factories (<c>&lt;Class&gt;Tasks.g.cs</c>, generated from the test source) as source files,
/// so the fix sees them as it does in the IDE and the fixed code is compiled against them. (The
/// harness runs source generators for diagnostics but not in the document the fix works on.)
/// </summary>
internal static class BodyVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Threading.Tasks;
        using Pipelines;

        """;

    private static readonly ReferenceAssemblies s_noPackages = new("net10.0");

    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = s_noPackages,
            TestCode = Usings + source,
        };
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Applies <typeparamref name="TFix"/>; pass <paramref name="fixedSource"/> = <paramref name="source"/> to assert no fix is offered.</summary>
    public static Task VerifyFixAsync<TFix>(string source, string fixedSource, DiagnosticResult[] expected, bool withTaskFactories = false)
        where TFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
        {
            ReferenceAssemblies = s_noPackages,
            TestCode = Usings + source,
            FixedCode = Usings + fixedSource,
        };
        if (withTaskFactories)
        {
            foreach (var generated in GeneratorRunner.Run([Usings + source]).Generated.Where(g => g.HintName.EndsWith("Tasks.g.cs", StringComparison.Ordinal)))
            {
                test.TestState.Sources.Add((generated.HintName, generated.SourceText));
                test.FixedState.Sources.Add((generated.HintName, generated.SourceText));
            }
        }
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        test.FixedState.AdditionalReferences.AddRange(TestReferences.All);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}

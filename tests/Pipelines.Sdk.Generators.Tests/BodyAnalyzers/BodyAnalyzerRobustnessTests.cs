using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Pipelines.Sdk.Generators.Tests;

/// <summary>Analyzers run on every keystroke: on broken code no analyzer may throw (AD0001).</summary>
[TestClass]
public sealed class BodyAnalyzerRobustnessTests
{
    public static IEnumerable<object[]> BrokenSources => RobustnessTests.BrokenSources.Concat(
    [
        ["broken component bodies", """
            using System;
            using System.IO;
            using Pipelines;
            public static class Steps
            {
                public static int s_x;
                [Component] public static string A(Input<Dataset> raw) { var r = new Random(; File.ReadAllText("x" + ; return File.ReadAllText(); }
                [Component] public static void B() { foreach (var x in ) { s_x++ } Environment.GetEnvironmentVariable(); Guid.NewGuid(1); }
                [Component] public static void C() { A(); Missing.Call("data.csv"); new System.Collections.Generic.HashSet<int>(). }
                [Component] public static string D() { var t = ; return t; }
                [Component] public static async System.Threading.Tasks.Task<string> E() { return await ; }
            }
            public static class Pipe
            {
                [Pipeline] public static void P(PipelineBuilder p) { Steps.A(; Steps.Nope(1); Steps.C(1, 2); StepsTasks.A(); }
            }
            """],
    ]);

    [TestMethod]
    [DynamicData(nameof(BrokenSources))]
    public async Task NoAnalyzerThrows(string name, string source)
    {
        var analyzers = typeof(ComponentShapeAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        var compilation = GeneratorRunner.CreateCompilation([source]);
        var exceptions = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]), (e, analyzer, _) => exceptions.Add($"{analyzer.GetType().Name}: {e}"),
            concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
        Assert.IsEmpty(exceptions, name);
        Assert.IsFalse(diagnostics.Any(d => d.Id == "AD0001"), $"{name}: {string.Join("\n", diagnostics)}");
    }
}

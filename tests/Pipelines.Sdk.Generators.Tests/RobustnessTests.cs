using Microsoft.CodeAnalysis;

namespace Pipelines.Sdk.Generators.Tests;

/// <summary>
/// The generator runs on every keystroke in an IDE: on broken or invalid code it must neither
/// throw nor report, and must skip what it cannot emit (the analyzer explains why).
/// </summary>
[TestClass]
public sealed class RobustnessTests
{
    public static IEnumerable<object[]> BrokenSources =>
    [
        ["syntax error", """
            using Pipelines;
            public static class Steps
            {
                [Component] public static int Broken(int x { return x
            """],
        ["unresolved types", """
            using Pipelines;
            public static class Steps
            {
                [Component] public static Missing Run(Unknown a, Input<NoSuchArtifact> b, List<Nope> c) => default!;
                [Pipeline] public static void P(PipelineBuilder p, Param<Unknown> x, [Default(Missing.Value)] Param<int> y) { }
            }
            """],
        ["attribute misuse", """
            using Pipelines;
            public static class Steps
            {
                [Component(Name = 5, Description = null)] public static void A() { }
                [Component(Nonsense = "x")] public static void B() { }
                [Pipeline(Name = null)] public static void C(PipelineBuilder p, [Default] Param<int> x, [Default(1, 2)] Param<int> y) { }
            }
            """],
        ["attribute on wrong targets", """
            using Pipelines;
            [Component] public static class Steps
            {
                [Component] public static int Property => 1;
                [Component] static Steps() { }
                public static void M() { [Component] static void Local() { } }
            }
            """],
        ["half-typed method", """
            using Pipelines;
            public static class Steps
            {
                [Component]
                public static
            }
            """],
        ["no body, weird modifiers", """
            using Pipelines;
            public static partial class Steps
            {
                [Component] public static partial int Declared(int x);
                [Component] public static extern int External(int x);
                [Component] public static unsafe void Pointer(int* p) { }
            }
            """],
    ];

    [TestMethod]
    [DynamicData(nameof(BrokenSources))]
    public void BrokenCodeNeitherThrowsNorReports(string name, string source)
    {
        // GeneratorRunner.Run fails the test on exceptions and on generator diagnostics.
        var result = GeneratorRunner.Run([source], OutputKind.ConsoleApplication);
        foreach (var generated in result.Generated)
        {
            var errors = generated.SyntaxTree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.IsEmpty(errors, $"{name}: {generated.HintName} does not parse: {string.Join("\n", errors)}");
        }
    }

    /// <summary>Each invalid method is skipped; the valid one next to it is still generated and everything compiles.</summary>
    [TestMethod]
    public void InvalidMethodsAreSkippedAndTheRestCompiles()
    {
        const string Source = """
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Pipelines;

            namespace Mixed;

            public class Steps
            {
                [Component] public static int Good(string text) => text.Length;

                [Component] public int NotStatic() => 1;
                [Component] public static T Generic<T>(T value) => value;
                [Component] private static void Hidden() { }
                [Component] public static void TakesObject(object value) { }
                [Component] public static void TakesBytes(byte[] data) { }
                [Component] public static void TakesDelegate(Func<int> f) { }
                [Component] public static (int, string) Unnamed() => (1, "a");
                [Component] public static Task<object> ReturnsObject() => Task.FromResult(new object());
                [Component] public static void ByRef(ref int x) { }
                [Component] public static int Clash(int fillValue, int fill_value) => 1;
                [Component] public static int ReservedOutput(Output<Model> output) => 1;
                [Component] public static void Overload(int x) { }
                [Component] public static void Overload(string x) { }
                [Component] public static void Keyed(Dictionary<int, string> map) { }
                [Component] public static void Foo() { }
                [Component] public static void FooTask() { }
                [Component] public static (int BarOutputs, int X) Bar() => (1, 2);
                [Component] public static void StepsTasks() { }

                [Pipeline] public static void BadParam(PipelineBuilder p, int plain) { }
                [Pipeline] public static int ReturnsValue(PipelineBuilder p) => 1;
                [Pipeline] public static void BadDefault([Default("five")] Param<int> epochs) { }
                [Pipeline] public static void GoodPipeline(PipelineBuilder p, Param<string> text) { }
            }
            """;
        var result = GeneratorRunner.Run([Source], OutputKind.ConsoleApplication);
        result.AssertCompiles();

        var tasks = result.Source("Mixed.StepsTasks.g.cs");
        StringAssert.Contains(tasks, "public static GoodTask Good(");
        foreach (var skipped in new[] { "NotStatic", "Generic", "Hidden", "TakesObject", "TakesBytes", "TakesDelegate", "Unnamed", "ReturnsObject", "ByRef", "Clash", "ReservedOutput", "Overload", "Keyed", "Foo", "FooTask", "Bar", "StepsTasks" })
            Assert.DoesNotContain(skipped + "Task", tasks, $"{skipped} should have been skipped");

        var manifest = result.Source("PipelinesManifest.g.cs");
        StringAssert.Contains(manifest, "good-pipeline");
        foreach (var skipped in new[] { "bad-param", "returns-value", "bad-default" })
            Assert.DoesNotContain(skipped, manifest);

        StringAssert.Contains(manifest, "foo-task", "Components whose factories clash are still components.");

        // Both overloads are real components (the analyzer reports PIPE0007 on both); only their task factories would clash.
        Assert.AreEqual(2, manifest.Split("\\\"name\\\":\\\"overload\\\"").Length - 1);
    }
}

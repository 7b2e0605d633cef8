using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Pipelines.Sdk.Generators.Tests;

/// <summary>
/// Sources that once compiled with no spec, no factory and no message, or made the generated code
/// fail to compile with no PIPE diagnostic first, or made the generator throw (CS8785, losing every
/// generated file). Each now gives compiling generated code and, where the user must act, a PIPE
/// diagnostic on the user's code.
/// </summary>
[TestClass]
public sealed class FailuresNeverSilentTests
{
    /// <summary>A well-formed component next to each case: it must keep its factory whatever happens to the rest.</summary>
    private const string Good = """
        namespace Fine
        {
            public static class Steps { [Pipelines.Component] public static int Count(string text) => text.Length; }
        }
        """;

    public static IEnumerable<object?[]> Cases =>
    [
        ["class name missing while typing", null, """
            using Pipelines;
            namespace N;
            public static class
            [Pipeline] public static void P(PipelineBuilder b) { }
            [Component] public static int C(int x) => x;
            """],
        ["local function", DiagnosticIds.NotAMethod, """
            using Pipelines;
            public static class Steps { public static int Host() { [Component] static int Local() => 1; return Local(); } }
            """],
        ["lambda", DiagnosticIds.NotAMethod, """
            using System;
            using Pipelines;
            public static class Steps { public static Func<int> Make() => [Pipeline] () => 1; }
            """],
        ["operator", DiagnosticIds.NotAMethod, """
            using Pipelines;
            public class Money { [Component] public static Money operator +(Money a, Money b) => a; }
            """],
        ["conversion operator", DiagnosticIds.NotAMethod, """
            using Pipelines;
            public class Money { [Component] public static implicit operator int(Money a) => 1; }
            """],
        ["static abstract interface member", DiagnosticIds.NotAMethod, """
            using Pipelines;
            public interface IScorer { [Component] static abstract int Score(int x); }
            """],
        ["static virtual interface member", DiagnosticIds.NotAMethod, """
            using Pipelines;
            public interface IScorer { [Component] static virtual int Score(int x) => x; }
            """],
        ["extension block member", DiagnosticIds.NotAMethod, """
            using Pipelines;
            public static class Extensions { extension(int value) { [Component] public static int Twice(int x) => 2 * x; } }
            """],
        ["user type named like the Tasks class", DiagnosticIds.TasksClassNameTaken, """
            using Pipelines;
            namespace Fine { public class StepsTasks { } }
            """],
        ["lone surrogate in a description", DiagnosticIds.LoneSurrogate, """
            using Pipelines;
            public static class Steps { [Component(Description = "bad \uD800")] public static int A(int x) => x; }
            """],
        ["lone surrogate in a default", DiagnosticIds.LoneSurrogate, """
            using Pipelines;
            public static class Steps
            {
                [Component] public static string A(string s = "\uDC00") => s;
                [Pipeline] public static void P([Default("\uD800")] Param<string> s) { }
            }
            """],
        ["obsolete as an error", null, """
            using System;
            using Pipelines;
            public static class Steps
            {
                [Obsolete("use B", true)] [Component] public static int A(int x) => x;
                [Obsolete("use Q", true)] [Pipeline] public static void P(PipelineBuilder b) { }
                [Component] public static void PTask() { }
            }
            [Obsolete("old class", true)]
            public static class Old
            {
                [Component] public static int C(int x) => x;
                [Pipeline] public static void Q(PipelineBuilder b) { }
            }
            """],
    ];

    /// <summary>
    /// The generator neither throws nor reports; the generated files have no error and no warning;
    /// the good component keeps its factory; the expected PIPE diagnostic is on the user's code.
    /// </summary>
    [TestMethod]
    [DynamicData(nameof(Cases))]
    public async Task EachCaseCompilesOrIsReported(string name, string? expectedId, string source)
    {
        var (result, diagnostics) = await RunAsync(source);

        var inGenerated = diagnostics.Where(d => d.Location.SourceTree is { } tree && result.Generated.Any(g => g.SyntaxTree.FilePath == tree.FilePath)).ToList();
        Assert.IsEmpty(inGenerated, $"{name}: generated code has diagnostics:\n{string.Join("\n", inGenerated)}\n\n" +
            string.Join("\n\n", result.Generated.Select(g => $"// {g.HintName}\n{g.SourceText}")));
        StringAssert.Contains(result.Source("Fine.StepsTasks.g.cs"), "public static CountTask Count(", $"{name}: the good component lost its factory");

        if (expectedId is not null)
        {
            var reported = diagnostics.Where(d => d.Id == expectedId).ToList();
            Assert.IsNotEmpty(reported, $"{name}: no {expectedId}; got:\n{string.Join("\n", diagnostics)}");
            Assert.IsTrue(reported.All(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath == "Source0.cs"), $"{name}: {string.Join("\n", reported)}");
        }
        else
        {
            var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("CS", StringComparison.Ordinal) &&
                d.GetMessage().Contains("Tasks", StringComparison.Ordinal)).ToList();
            Assert.IsEmpty(errors, $"{name}: {string.Join("\n", errors)}");
        }
    }

    /// <summary>A class whose name is still missing made <c>AddSource</c> throw on the hint name <c>N.&lt;invalid-global-code&gt;Tasks.g.cs</c>.</summary>
    [TestMethod]
    public async Task AMissingClassNameCostsNoOtherFile()
    {
        var (result, _) = await RunAsync((string)Cases.Single(c => (string?)c[0] == "class name missing while typing")[2]!);
        CollectionAssert.AreEquivalent(new[] { "Fine.StepsTasks.g.cs", "PipelinesManifest.g.cs", "PipelinesEntryPoint.g.cs" }, result.HintNames.ToArray());
        Assert.IsFalse(result.HintNames.Any(h => h.Contains('<') || h.Contains('>')));
    }

    [TestMethod]
    public void HintNamesAreSanitizedAndUniqueIgnoringCase()
    {
        Assert.AreEqual("N._invalid-global-code_Tasks.g.cs", HintNames.Sanitize("N.<invalid-global-code>Tasks") + ".g.cs");
        Assert.AreEqual("Größe_Tasks", HintNames.Sanitize("Größe Tasks").Replace("Gr__e", "Größe", StringComparison.Ordinal));
        var taken = HintNames.NewSet();
        Assert.AreEqual("N.StepsTasks.g.cs", HintNames.Unique("N.StepsTasks.g.cs", taken));
        Assert.AreEqual("n.stepsTasks_2.g.cs", HintNames.Unique("n.stepsTasks.g.cs", taken));
        Assert.AreEqual("N.StepsTasks_3.g.cs", HintNames.Unique("N.StepsTasks.g.cs", taken));
    }

    /// <summary>Namespaces that differ only in case give hint names that differ only in case, which <c>AddSource</c> refuses.</summary>
    [TestMethod]
    public void TasksClassesInNamespacesDifferingInCaseAreAllGenerated()
    {
        var result = GeneratorRunner.Run(["""
            using Pipelines;
            namespace Churn { public static class Steps { [Component] public static int A(int x) => x; } }
            namespace churn { public static class Steps { [Component] public static int B(int x) => x; } }
            """], OutputKind.ConsoleApplication);
        result.AssertCompiles();
        Assert.HasCount(2, result.HintNames.Where(h => h.Contains("StepsTasks", StringComparison.Ordinal)));
    }

    /// <summary>
    /// <c>[Obsolete]</c> reaches the task factory, so a pipeline that uses an obsolete component gets the
    /// user's warning or error at its own call, while the generated entry point still compiles.
    /// </summary>
    [TestMethod]
    public void ObsoleteComponentsWarnTheirUsersNotTheGeneratedCode()
    {
        var result = GeneratorRunner.Run(["""
            using System;
            using Pipelines;
            public static class Steps
            {
                [Obsolete("use Count2")] [Component] public static int Count(string text) => text.Length;
                [Obsolete("gone", true)] [Component] public static int Gone(string text) => 0;
            }
            public static class Pipes
            {
                [Pipeline] public static void P(PipelineBuilder b) { StepsTasks.Count("x"); }
            }
            """], OutputKind.ConsoleApplication);

        result.AssertCompiles();
        var warnings = result.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        var warning = warnings.Single(d => d.Id == "CS0618");
        StringAssert.Contains(warning.GetMessage(), "use Count2");
        Assert.AreEqual("Source0.cs", warning.Location.SourceTree!.FilePath, "the warning is on the pipeline's call");
        Assert.HasCount(1, warnings, string.Join("\n", warnings));
        StringAssert.Contains(result.Source("StepsTasks.g.cs"), "[global::System.Obsolete(\"gone\", true)]");
    }

    /// <summary>A lone surrogate is written as a <c>\u</c> escape: the JSON text is valid whatever the encoding.</summary>
    [TestMethod]
    public void JsonStringsEscapeLoneSurrogatesAndKeepPairs()
    {
        Assert.AreEqual("\"a\\ud800b\\udc00\uD83D\uDE00\"", JsonObjectWriter.String("a\uD800b\uDC00\uD83D\uDE00"));
        Assert.AreEqual("\"\\ud83d\"", JsonObjectWriter.String("\uD83D"));
        var parsed = MiniJson.Parse(JsonObjectWriter.String("x\uDBFFy"));
        Assert.AreEqual("x\uDBFFy", parsed);
    }

    /// <summary>
    /// An emitter bug triggered by one component (here a model the parser would never make: an input
    /// parameter without a KFP type) costs that component only, and is reported as PIPE0026 naming it
    /// and the exception; the other component is still in every generated file, and they compile.
    /// </summary>
    [TestMethod]
    public void AnEmitterFailureCostsOneComponentAndIsReported()
    {
        var good = ParsedComponent(Good);
        var broken = good with
        {
            MethodName = "Broken",
            MethodDisplay = "Fine.Steps.Broken",
            MethodReference = "global::Fine.Steps.Broken",
            KfpName = "broken",
            Parameters = new EquatableArray<ComponentParameterModel>([good.Parameters[0] with { ParameterType = null }]),
        };

        var failures = new EmitFailures();
        var tasks = TasksEmitter.Emit(new TasksClassModel("Fine", "StepsTasks", true, "Fine.StepsTasks.g.cs", new([broken, good])), failures);
        var model = new EntryPointModel(new([broken, good]), new([]));
        var entryPoint = EntryPointEmitter.Emit(model, failures);
        var manifest = ManifestEmitter.Emit(model, failures);

        StringAssert.Contains(tasks, "public static CountTask Count(");
        StringAssert.Contains(entryPoint, "Execute_Fine_Steps_Count");
        StringAssert.Contains(manifest, "Fine.Steps.Count");
        foreach (var text in new[] { tasks, entryPoint, manifest })
            Assert.DoesNotContain("Broken", text);

        Assert.HasCount(3, failures);
        foreach (var failure in failures)
        {
            Assert.AreEqual("component 'Fine.Steps.Broken'", failure.Subject);
            var diagnostic = GeneratorDiagnosticDescriptors.Create(failure);
            Assert.AreEqual(DiagnosticIds.GeneratorFailed, diagnostic.Id);
            Assert.AreEqual(DiagnosticSeverity.Error, diagnostic.Severity);
            StringAssert.Contains(diagnostic.GetMessage(), "component 'Fine.Steps.Broken'");
            StringAssert.Contains(diagnostic.GetMessage(), "NullReferenceException");
        }

        var compilation = GeneratorRunner.CreateCompilation([Good, tasks, entryPoint, manifest], OutputKind.ConsoleApplication);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.IsEmpty(errors, string.Join("\n", errors));
    }

    /// <summary>A failure outside any one component (here the file name) is reported for the whole file instead of thrown.</summary>
    [TestMethod]
    public void AFileThatCannotBeAddedIsReported()
    {
        var failures = new EmitFailures();
        failures.TryWrite(SourceWriter.Indented(0), "the task factories of 'StepsTasks'", _ => throw new InvalidOperationException("boom"));
        var failure = failures.Single();
        StringAssert.Contains(GeneratorDiagnosticDescriptors.Create(failure).GetMessage(), "the task factories of 'StepsTasks'");
        StringAssert.Contains(failure.Error, "InvalidOperationException: boom");
    }

    private static ComponentModel ParsedComponent(string source)
    {
        var compilation = GeneratorRunner.CreateCompilation([source]);
        var run = GeneratorRunner.CreateDriver(trackSteps: true).RunGenerators(compilation).GetRunResult().Results[0];
        return run.TrackedSteps[TrackingNames.ComponentModels].SelectMany(s => s.Outputs).Select(o => ((Parsed<ComponentModel>)o.Value).Model!).Single();
    }

    private static async Task<(GeneratorResult Result, ImmutableArray<Diagnostic> Diagnostics)> RunAsync(string source)
    {
        // Preview: C# 14 extension blocks (the Roslyn the tests reference calls them a preview feature).
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var compilation = CSharpCompilation.Create("UserProject",
            [CSharpSyntaxTree.ParseText(source, options, path: "Source0.cs"), CSharpSyntaxTree.ParseText(Good, options, path: "Good.cs")],
            TestReferences.All,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        var driver = CSharpGeneratorDriver.Create([new PipelinesGenerator().AsSourceGenerator()], parseOptions: options,
            optionsProvider: new TestOptionsProvider(GeneratorRunner.SdkProjectOptions))
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var driverDiagnostics);
        var run = driver.GetRunResult().Results[0];
        Assert.IsNull(run.Exception, $"The generator threw: {run.Exception}");
        Assert.IsEmpty(driverDiagnostics, string.Join("\n", driverDiagnostics));
        Assert.IsEmpty(run.Diagnostics, string.Join("\n", run.Diagnostics));

        var analyzers = typeof(ComponentShapeAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        var diagnostics = await output.WithAnalyzers(analyzers).GetAllDiagnosticsAsync();
        return (new GeneratorResult(compilation, output, run.GeneratedSources), diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray());
    }
}

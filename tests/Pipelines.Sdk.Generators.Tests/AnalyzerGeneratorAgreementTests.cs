using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Pipelines.Sdk.Generators.Tests;

/// <summary>
/// The generator skips a method exactly when the analyzer reports it: both use the same rules,
/// and this keeps it that way (no silently missing task factory, no error for generated code).
/// </summary>
[TestClass]
public sealed class AnalyzerGeneratorAgreementTests
{
    public static IEnumerable<object[]> Components =>
    [
        ["public static int M(string text, Input<Dataset> raw, Output<Model> model, double x = 1) => 1;", true],
        ["public static (int A, string B) M() => (1, \"\");", true],
        ["public static System.Threading.Tasks.Task<List<int>> M(Dictionary<string, double> d) => null!;", true],
        ["public static void M(Output<Model> output) { }", true],
        ["public int M() => 1;", false],
        ["public static T M<T>(T x) => x;", false],
        ["private static void M() { }", false],
        ["public static void M(object o) { }", false],
        ["public static void M(byte[] b) { }", false],
        ["public static (int, string B) M() => (1, \"\");", false],
        ["public static object M() => 1;", false],
        ["public static void M(ref int x) { }", false],
        ["public static void M(int a, int A) { }", false],
        ["public static int M(Output<Model> output) => 1;", false],
        ["public static void M(int _) { }", false],
        ["protected internal static void M() { }", true],
        ["private protected static void M() { }", false],
        ["public static string M(PipelineTaskFinalStatus status, string channel = \"#ml\") => \"\";", true],
        ["public static int M(InputList<Model> models, InputList<Dataset>? more) => 1;", true],
        ["public static void M(InputList<Input<Model>> models) { }", false],
        ["public static void M(PipelineTaskFinalStatus status, int Status) { }", false],
        ["public static int M(string text = \"\\uD800\") => 1;", false],
        ["public static int M(string text = \"\\uD83D\\uDE00\") => 1;", true],
        ["[System.Obsolete(\"gone\", true)] public static int M() => 1;", true],
        // Named outputs: [return: Output("name")] and OutputParameter<T>.
        ["[return: Output(\"scalar\")] public static string M(OutputParameter<int> count, Output<Model> model) => \"\";", true],
        ["[return: Output(\"Output\")] public static string M() => \"\";", true],
        ["public static void M(OutputParameter<List<int>> sizes, OutputParameter<string?> note) { }", true],
        ["[return: Output(\"scalar\")] public static void M() { }", false],
        ["[return: Output(\"scalar\")] public static (int A, int B) M() => (1, 2);", false],
        ["[return: Output(\"not valid\")] public static int M() => 1;", false],
        ["[return: Output(null!)] public static int M() => 1;", false],
        ["[return: Output(\"scalar\")] public static int M(OutputParameter<int> Scalar) => 1;", false],
        ["[return: Output(\"scalar\")] public static int M(int output) => 1;", true],
        ["public static int M(OutputParameter<int> output) => 1;", false],
        ["public static void M(OutputParameter<int> a, string A) { }", false],
        ["public static void M(OutputParameter<object> value) { }", false],
        ["public static void M(OutputParameter<Model> value) { }", false],
        // [Default] on component parameters: JSON (or arrays) for LIST and STRUCT only.
        ["public static void M([Default(\"[1, 2, 3]\")] List<int> sizes, [Default(\"{\\\"a\\\": 1}\")] Dictionary<string, double> w) { }", true],
        ["public static void M([Default(new[] { 1, 2 })] int[] sizes, [Default(null)] List<int>? none = null) { }", true],
        ["public static void M([Default(\"[1, x]\")] List<int> sizes) { }", false],
        ["public static void M([Default(\"[1.5]\")] List<int> sizes) { }", false],
        ["public static void M([Default(5)] int epochs) { }", false],
        ["public static void M([Default(5)] List<int> sizes) { }", false],
        // TaskConfig passthroughs (a TaskConfig without passthroughs, or the reverse, is a warning: PIPE0031, analyzer tests).
        ["[TaskConfigPassthrough(TaskConfigField.Resources)] [TaskConfigPassthrough(TaskConfigField.Env, ApplyToTask = true)] public static int M(int rows, TaskConfig config, TaskConfig? again) => 1;", true],
        ["[TaskConfigPassthrough(TaskConfigField.KubernetesVolumes, ApplyToTask = false)] public static void M(TaskConfig config) { }", true],
        ["[TaskConfigPassthrough(TaskConfigField.Env)] [TaskConfigPassthrough(TaskConfigField.Env, ApplyToTask = true)] public static void M(TaskConfig config) { }", false],
        ["[TaskConfigPassthrough((TaskConfigField)9)] public static void M(TaskConfig config) { }", false],
        ["[TaskConfigPassthrough((TaskConfigField)0)] public static void M(TaskConfig config) { }", false],
    ];

    public static IEnumerable<object[]> ContainerComponents =>
    [
        ["public static ContainerSpec M(string text, Input<Dataset> data, Output<Model> model, OutputParameter<int> n, string? mode = null) => " +
            "new(\"alpine\", [\"sh\", \"-c\", text, data.Path, model.Uri, n.OutputFile, ContainerArg.IfPresent(mode, [\"--mode\", mode!])]);", true],
        ["public static ContainerSpec M() { return new ContainerSpec(\"alpine\", args: [\"a\"]); }", true],
        ["public static ContainerSpec M(int rows) => new(\"alpine\", [ContainerArg.Concat(\"-n\", rows, ContainerArg.IfPresent(rows, then: \"x\"))]);", true],
        ["public static ContainerSpec M(string image) => new(image);", false],
        ["public static ContainerSpec M(string text) => new(\"alpine\", [text.ToUpperInvariant()]);", false],
        ["public static ContainerSpec M(Input<Dataset> data) => new(\"alpine\", [data.Metadata.ToJsonString()]);", false],
        ["public static ContainerSpec M(OutputParameter<int> n) => new(\"alpine\", [ContainerArg.IfPresent(n, \"x\")]);", false],
        ["public static ContainerSpec M(string? a) => new(\"alpine\", [ContainerArg.Concat(ContainerArg.IfPresent(a, [\"x\"]))]);", false],
        ["public static ContainerSpec M() { var s = new ContainerSpec(\"alpine\"); return s; }", false],
        ["public static string M() => \"alpine\";", false],
        ["public ContainerSpec M() => new(\"alpine\");", false],
        ["public static ContainerSpec M(object o) => new(\"alpine\");", false],
        ["public static ContainerSpec M(int a, int A) => new(\"alpine\");", false],
        ["[Component] public static ContainerSpec M() => new(\"alpine\");", false],
        ["public static ContainerSpec M() => new(\"alpine\", [\"\\uD800\"]);", false],
        ["public static ContainerSpec M() => new(\"alpine\", [\"\\uD83D\\uDE00\", ContainerArg.Concat(\"\\u00e9\")]);", true],
        ["[TaskConfigPassthrough(TaskConfigField.Env)] public static ContainerSpec M() => new(\"alpine\");", false],
        ["public static ContainerSpec M(TaskConfig config) => new(\"alpine\");", false],
    ];

    public static IEnumerable<object[]> Pipelines =>
    [
        ["public static void M(PipelineBuilder p, Param<int> a, [Default(1)] Param<double> b) { }", true],
        ["public static void M(Param<string?> a, [Default(null)] Param<List<int>> b) { }", true],
        ["public static int M(PipelineBuilder p) => 1;", false],
        ["public static void M(int a) { }", false],
        ["public static void M([Default(\"x\")] Param<int> a) { }", false],
        ["public void M(PipelineBuilder p) { }", false],
        ["public static void M(Param<int> a, Param<int> A) { }", false],
        ["public static Value<int> M(PipelineBuilder p) => null!;", true],
        ["public static ArtifactListRef<Model> M(ArtifactRef<Dataset> data, Param<int> rows) => null!;", true],
        ["public static (Value<List<int>> Scores, ArtifactRef<Model> BestModel, ArtifactListRef<Dataset> Parts) M() => default;", true],
        ["internal static void M(ArtifactRef<Dataset> data) { }", true],
        ["public static (Value<int>, ArtifactRef<Model> B) M() => default;", false],
        ["public static Value<object> M() => null!;", false],
        ["public static Param<int> M(Param<int> a) => a;", false],
        ["public static ArtifactRef<Model> M(Param<int> output) => null!;", false],
        ["public static (Value<int> A, ArtifactRef<Model> a) M() => default;", false],
        ["public static void M(ArtifactListRef<Model> models) { }", true],
        ["public static void M(Input<Model> model) { }", false],
        ["public static void M([Default(new[] { \"\\uDC00\" })] Param<List<string>> a) { }", false],
        ["[System.Obsolete] public static void M(PipelineBuilder p) { }", true],
        ["[return: Output(\"accuracy\")] public static Value<double> M(Param<int> output) => null!;", true],
        ["[return: Output(\"accuracy\")] public static Value<double> M(Param<int> accuracy) => null!;", false],
        ["[return: Output(\"accuracy\")] public static void M(PipelineBuilder p) { }", false],
        ["[return: Output(\"\")] public static Value<double> M() => null!;", false],
        ["public static void M([Default(\"{\\\"a\\\": 1, \\\"b\\\": 2}\")] Param<Dictionary<string, double>> w, [Default(\"[[1]]\")] Param<List<List<int>>> g) { }", true],
        ["public static void M([Default(\"[\\\"a\\\", 1]\")] Param<List<string>> tags) { }", false],
        ["public static void M([Default(\"{}\")] Param<List<int>> sizes) { }", false],
        ["public static void M([Default(\"[\\\"\\\\uD800\\\"]\")] Param<List<string>> a) { }", false],
        ["public static void M([Default(\"[\\\"\\\\uD83D\\\\uDE00\\\"]\")] Param<List<string>> a) { }", true],
    ];

    [TestMethod]
    [DynamicData(nameof(Components))]
    public Task ComponentIsGeneratedIffAnalyzerIsSilent(string method, bool valid) => AssertAgreement("[Component] " + method, valid);

    [TestMethod]
    [DynamicData(nameof(ContainerComponents))]
    public Task ContainerComponentIsGeneratedIffAnalyzersAreSilent(string method, bool valid) => AssertAgreement("[ContainerComponent] " + method, valid);

    [TestMethod]
    [DynamicData(nameof(Pipelines))]
    public Task PipelineIsGeneratedIffAnalyzerIsSilent(string method, bool valid) => AssertAgreement("[Pipeline] " + method, valid);

    /// <summary><c>"name":"m"</c> as it appears inside the manifest's C# string literal.</summary>
    private const string ManifestEntry = "\\\"name\\\":\\\"m\\\"";

    private static async Task AssertAgreement(string member, bool valid)
    {
        var source = $$"""
            using System.Collections.Generic;
            using Pipelines;
            namespace Agree;
            public class C
            {
                {{member}}
            }
            """;
        var result = GeneratorRunner.Run([source]);
        var generated = result.Generated.Any(g => g.HintName == "PipelinesManifest.g.cs" && g.SourceText.ToString().Contains(ManifestEntry, StringComparison.Ordinal));

        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new ComponentShapeAnalyzer(), new ContainerComponentAnalyzer());
        var diagnostics = await result.Input.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();

        Assert.AreEqual(valid, generated, $"Generated: {generated} for: {member}");
        Assert.AreEqual(valid, diagnostics.IsEmpty, $"Analyzer: {string.Join("; ", diagnostics)} for: {member}");
    }
}

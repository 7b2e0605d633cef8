using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Pipelines.Sdk.Generators.Tests;

/// <summary>
/// Imported KFP components: the build turns each <c>&lt;PipelineComponent Include="x.yaml" /&gt;</c> into an
/// AdditionalFiles JSON flagged <c>PipelinesImportedComponent=true</c>; the generator writes a typed
/// factory from its definitions, so wiring is type-checked like for C# components.
/// </summary>
[TestClass]
public sealed class ImportedComponentTests
{
    private const string Describe = """
        {"class": "Python", "namespace": "My.Pipelines", "public": true, "source": "/src/kfp/describe-dataset.yaml",
         "spec": {"name": "describe-dataset", "description": "Describe a <dataset>", "method": "describe-dataset.yaml",
           "inputDefinitions": {
             "artifacts": {"data": {"artifactType": {"schemaTitle": "system.Dataset", "schemaVersion": "0.0.1"}},
                           "extra": {"artifactType": {"schemaTitle": "google.VertexModel", "schemaVersion": "0.0.1"}, "isOptional": true}},
             "parameters": {"title": {"defaultValue": "Dataset", "isOptional": true, "parameterType": "STRING"},
                            "max_rows": {"parameterType": "NUMBER_INTEGER"},
                            "ratio": {"parameterType": "NUMBER_DOUBLE", "defaultValue": 0.5},
                            "flags": {"parameterType": "LIST", "isOptional": true},
                            "options": {"parameterType": "STRUCT", "isOptional": true},
                            "verbose": {"parameterType": "BOOLEAN", "defaultValue": false},
                            "class": {"parameterType": "STRING", "isOptional": true}}},
           "outputDefinitions": {
             "artifacts": {"summary": {"artifactType": {"schemaTitle": "system.Markdown", "schemaVersion": "0.0.1"}}},
             "parameters": {"row_count": {"parameterType": "NUMBER_INTEGER"}}}},
         "container": {"image": "python:3", "command": ["python3"]}}
        """;

    private const string Score = """
        {"class": "Kfp", "namespace": "", "public": false, "source": "score.yaml",
         "spec": {"name": "score", "inputDefinitions": {"artifacts": {"model": {"artifactType": {"schemaTitle": "system.Model", "schemaVersion": "0.0.1"}}}},
                  "outputDefinitions": {"parameters": {"Output": {"parameterType": "NUMBER_DOUBLE"}}}},
         "container": {"image": "score:1", "command": ["score"]}}
        """;

    private const string Pipeline = """
        using Pipelines;
        namespace My.Pipelines;
        public static class Steps
        {
            [Component]
            public static void Make(Output<Dataset> data, Output<Model> model) { }
        }
        public static class Flow
        {
            [Pipeline(Name = "flow")]
            public static void Define()
            {
                var make = StepsTasks.Make();
                var described = PythonTasks.DescribeDataset(make.Outputs.Data, maxRows: 10, title: "t", ratio: 0.1, @class: "x");
                Value<int> rows = described.Outputs.RowCount;
                Value<int> sameRows = described.Output;       // the lone output parameter, as for a C# return value
                ArtifactRef<Markdown> summary = described.Outputs.Summary;
                Value<double> score = KfpTasks.Score(make.Outputs.Model).Output;
            }
        }
        """;

    private static GeneratorResult Run(string source, params (string Path, string Text, bool Flagged)[] files)
    {
        var (result, diagnostics) = RunWithDiagnostics(source, files);
        Assert.IsEmpty(diagnostics);
        return result;
    }

    private static (GeneratorResult Result, IReadOnlyList<Diagnostic> Diagnostics) RunWithDiagnostics(string source, params (string Path, string Text, bool Flagged)[] files)
    {
        var compilation = GeneratorRunner.CreateCompilation([source]);
        var texts = files.Select(f => (AdditionalText)new InMemoryText(f.Path, f.Text)).ToImmutableArray();
        var flagged = files.Where(f => f.Flagged).Select(f => f.Path).ToImmutableHashSet();
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new PipelinesGenerator().AsSourceGenerator()], texts, GeneratorRunner.ParseOptions, new FlaggedFiles(flagged));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var result = driver.GetRunResult();
        Assert.IsNull(result.Results[0].Exception, $"The generator threw: {result.Results[0].Exception}");
        return (new GeneratorResult(compilation, output, result.Results[0].GeneratedSources), diagnostics);
    }

    [TestMethod]
    public void Imported_components_get_typed_factories_that_wire_with_CSharp_components()
    {
        var result = Run(Pipeline, ("/obj/imported/describe-dataset.json", Describe, true), ("/obj/imported/score.json", Score, true));
        CollectionAssert.IsSubsetOf(new[] { "Imported.My.Pipelines.PythonTasks.g.cs", "Imported.KfpTasks.g.cs" }, result.HintNames.ToArray());
        result.AssertCompiles();

        var source = result.Source("Imported.My.Pipelines.PythonTasks.g.cs");
        StringAssert.Contains(source, "public static partial class PythonTasks");
        StringAssert.Contains(source, "public static DescribeDatasetTask DescribeDataset(global::Pipelines.ArtifactRef<global::Pipelines.Dataset> data, global::Pipelines.Value<int> maxRows, ");
        StringAssert.Contains(source, "global::Pipelines.ArtifactRef<global::Pipelines.Artifact>? extra = null");
        StringAssert.Contains(source, "global::Pipelines.Value<global::System.Text.Json.Nodes.JsonArray>? flags = null");
        StringAssert.Contains(source, "global::Pipelines.Value<string>? @class = null");
        StringAssert.Contains(source, "BindParameter(\"max_rows\", maxRows)");
        StringAssert.Contains(source, "Describe a &lt;dataset&gt;");
        Assert.IsFalse(result.HintNames.Any(h => h.Contains("EntryPoint") && result.Source(h).Contains("describe-dataset")), "imported components never run through this assembly");
        Assert.IsFalse(result.Source("PipelinesManifest.g.cs").Contains("describe-dataset"), "nor are they in its manifest");
        StringAssert.Contains(result.Source("Imported.KfpTasks.g.cs"), "internal static partial class KfpTasks");
        StringAssert.Contains(source, "public global::Pipelines.Value<int> Output => Outputs.RowCount;");
    }

    /// <summary>An imported input or output of a non-system type (google.VertexModel) is typed as the one C# class with
    /// that <c>[ArtifactSchema]</c> title, so it wires to components declared with that class; without one (or with an
    /// internal class and a public factory) it stays <c>Artifact</c>.</summary>
    [TestMethod]
    public void Imported_google_types_take_the_class_with_their_ArtifactSchema()
    {
        const string vertex = """
            {"class": "Kfp", "namespace": "", "public": false, "source": "vertex.yaml",
             "spec": {"name": "upload", "inputDefinitions": {"artifacts": {"model": {"artifactType": {"schemaTitle": "google.VertexModel", "schemaVersion": "0.0.1"}}}},
                      "outputDefinitions": {"artifacts": {"endpoint": {"artifactType": {"schemaTitle": "google.VertexEndpoint", "schemaVersion": "0.0.1"}},
                                                          "table": {"artifactType": {"schemaTitle": "google.BQTable", "schemaVersion": "0.0.1"}}}}},
             "container": {"image": "gcpc:1", "command": ["upload"]}}
            """;
        const string source = """
            using Pipelines;
            namespace Gcp;
            [ArtifactSchema("google.VertexModel")] public class VertexModel : Artifact;
            [ArtifactSchema("google.VertexEndpoint")] public class VertexEndpoint : Artifact;
            public static class Steps
            {
                [Component] public static void Train(Output<VertexModel> model) { }
                [Component] public static void Serve(Input<VertexEndpoint> endpoint) { }
            }
            public static class Flow
            {
                [Pipeline(Name = "vertex")]
                public static void Define()
                {
                    var upload = KfpTasks.Upload(StepsTasks.Train().Outputs.Model);
                    StepsTasks.Serve(upload.Outputs.Endpoint);
                    ArtifactRef<Artifact> table = upload.Outputs.Table;   // no class has google.BQTable
                }
            }
            """;
        var result = Run(source, ("/obj/imported/vertex.json", vertex, true));
        result.AssertCompiles();
        var tasks = result.Source("Imported.KfpTasks.g.cs");
        StringAssert.Contains(tasks, "Upload(global::Pipelines.ArtifactRef<global::Gcp.VertexModel> model)");
        StringAssert.Contains(tasks, "global::Pipelines.ArtifactRef<global::Gcp.VertexEndpoint> Endpoint");
        StringAssert.Contains(tasks, "global::Pipelines.ArtifactRef<global::Pipelines.Artifact> Table");
        StringAssert.Contains(tasks, """\"schemaTitle\":\"google.VertexModel""", "the spec stays the file's, verbatim");

        var publicFactory = Run(source.Replace("public class VertexModel", "internal class VertexModel"),
            ("/obj/imported/vertex.json", vertex.Replace("\"public\": false", "\"public\": true"), true));
        StringAssert.Contains(publicFactory.Source("Imported.KfpTasks.g.cs"), "Upload(global::Pipelines.ArtifactRef<global::Pipelines.Artifact> model)",
            "a public factory cannot expose an internal class");
    }

    /// <summary>An imported component with a <c>TASK_CONFIG</c> input (KFP's <c>dsl.TaskConfig</c>): its factory has no
    /// argument for it, as for a C# <c>TaskConfig</c> parameter, and the spec keeps the passthroughs verbatim.</summary>
    [TestMethod]
    public void An_imported_task_config_input_is_not_a_factory_argument()
    {
        const string launch = """
            {"class": "Kfp", "namespace": "", "public": false, "source": "launch.yaml",
             "spec": {"name": "launch", "inputDefinitions": {"parameters": {"image": {"parameterType": "STRING"}, "task_config": {"isOptional": true, "parameterType": "TASK_CONFIG"}}},
                      "taskConfigPassthroughs": [{"applyToTask": true, "field": "ENV"}, {"field": "RESOURCES"}]},
             "container": {"image": "launcher:1", "command": ["launch"]}}
            """;
        const string source = """
            using Pipelines;
            namespace Jobs;
            public static class Flow
            {
                [Pipeline(Name = "jobs")]
                public static void Define() => KfpTasks.Launch("trainer:1").WithCpuLimit("4").WithEnv("MODE", "fast");
            }
            """;
        var result = Run(source, ("/obj/imported/launch.json", launch, true));
        result.AssertCompiles();
        var tasks = result.Source("Imported.KfpTasks.g.cs");
        StringAssert.Contains(tasks, "Launch(global::Pipelines.Value<string> image)");
        Assert.IsFalse(tasks.Contains("BindParameter(\"task_config\"", StringComparison.Ordinal));
        StringAssert.Contains(tasks, """\"taskConfigPassthroughs\":[{\"applyToTask\":true,\"field\":\"ENV\"},{\"field\":\"RESOURCES\"}]""");
    }

    /// <summary>C# components expose a single returned value as <c>task.Output</c> whatever its name; imported
    /// ones do the same for a single output parameter. Two output parameters, or only artifacts, give none.</summary>
    [TestMethod]
    public void Only_a_single_output_parameter_of_an_imported_component_is_the_Output_shortcut()
    {
        const string twoOutputs = """
            {"class": "Kfp", "namespace": "", "public": false, "source": "two.yaml",
             "spec": {"name": "two", "outputDefinitions": {"parameters": {"a": {"parameterType": "STRING"}, "b": {"parameterType": "STRING"}}}},
             "container": {"image": "two:1", "command": ["two"]}}
            """;
        const string artifactOnly = """
            {"class": "Kfp", "namespace": "", "public": false, "source": "art.yaml",
             "spec": {"name": "art", "outputDefinitions": {"artifacts": {"model": {"artifactType": {"schemaTitle": "system.Model", "schemaVersion": "0.0.1"}}}}},
             "container": {"image": "art:1", "command": ["art"]}}
            """;
        const string uses = """
            using Pipelines;
            public static class Flow
            {
                [Pipeline(Name = "flow")]
                public static void Define()
                {
                    Value<string> a = KfpTasks.Two().Outputs.A;
                    ArtifactRef<Model> m = KfpTasks.Art().Outputs.Model;
                }
            }
            """;
        var result = Run(uses, ("/obj/imported/two.json", twoOutputs, true), ("/obj/imported/art.json", artifactOnly, true));
        result.AssertCompiles();
        var source = result.Source("Imported.KfpTasks.g.cs");
        Assert.DoesNotContain(" Output => ", source);

        var misuse = Run(uses.Replace("KfpTasks.Two().Outputs.A", "KfpTasks.Two().Output"), ("/obj/imported/two.json", twoOutputs, true), ("/obj/imported/art.json", artifactOnly, true));
        var errors = misuse.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.AreEqual("CS1061", errors.Single().Id, string.Join("\n", errors));
    }

    [TestMethod]
    public void Wrong_artifact_type_for_an_imported_input_does_not_compile()
    {
        var wrong = Pipeline.Replace("PythonTasks.DescribeDataset(make.Outputs.Data,", "PythonTasks.DescribeDataset(make.Outputs.Model,");
        var result = Run(wrong, ("/obj/imported/describe-dataset.json", Describe, true), ("/obj/imported/score.json", Score, true));
        var errors = result.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.AreEqual("CS1503", errors.Single().Id, string.Join("\n", errors));
        StringAssert.Contains(errors.Single().GetMessage(), "ArtifactRef<Pipelines.Model>");
    }

    [TestMethod]
    public void Unflagged_files_are_ignored()
    {
        var result = Run("class C { }", ("/obj/other.json", Describe, false));
        Assert.IsEmpty(result.Generated);
    }

    /// <summary>The build writes these files: one the generator cannot read is an SDK bug, reported (PIPE0026) with the file, not skipped.</summary>
    [TestMethod]
    public void Malformed_files_are_reported_and_the_others_still_generated()
    {
        var (result, diagnostics) = RunWithDiagnostics("class C { }",
            ("/obj/imported/bad.json", "{\"spec\": [1,", true), ("/obj/imported/empty.json", "{}", true), ("/obj/imported/describe.json", Describe, true));
        CollectionAssert.AreEquivalent(new[] { "Imported.My.Pipelines.PythonTasks.g.cs" }, result.HintNames.ToArray());
        Assert.HasCount(2, diagnostics);
        foreach (var diagnostic in diagnostics)
        {
            Assert.AreEqual(DiagnosticIds.GeneratorFailed, diagnostic.Id);
            Assert.AreEqual(DiagnosticSeverity.Error, diagnostic.Severity);
            Assert.Contains("FormatException", diagnostic.GetMessage());
        }
        CollectionAssert.AreEquivalent(new[] { "/obj/imported/bad.json", "/obj/imported/empty.json" },
            diagnostics.Select(d => d.Location.GetLineSpan().Path).ToArray());
        StringAssert.Contains(diagnostics.Single(d => d.Location.GetLineSpan().Path.EndsWith("bad.json")).GetMessage(), "imported component file '/obj/imported/bad.json'");
    }

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;
        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private sealed class FlaggedFiles(ImmutableHashSet<string> flagged) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(false);
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(false);
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(flagged.Contains(textFile.Path));

        private sealed class Options(bool flagged) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
            {
                value = flagged && key == "build_metadata.AdditionalFiles.PipelinesImportedComponent" ? "true" : null;
                return value is not null;
            }
        }
    }
}

using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Pipelines.Sdk.Generators.Tests;

/// <summary>
/// What the runtime's control flow and nested pipelines need from the generator: exit-task status
/// parameters, artifact-list inputs, [Pipeline] return values and input artifacts, and pipeline
/// task factories. Baselines, and compilation against the real runtime library.
/// </summary>
[TestClass]
public sealed class ControlFlowGeneratorTests
{
    /// <summary>An exit task taking <c>PipelineTaskFinalStatus</c>, and a fan-in component taking <c>InputList&lt;T&gt;</c>.</summary>
    public const string ExitAndLists = """
        using System.Collections.Generic;
        using Pipelines;

        namespace Flow.Exit;

        public static class Steps
        {
            [Component(Description = "Report how the run ended")]
            public static string Notify(PipelineTaskFinalStatus status, string channel = "#ml") => channel + status.State;

            [Component]
            public static void Train(Output<Model> model, double rate) { }

            [Component]
            public static int CountModels(InputList<Model> models, Input<Dataset>? extra = null, InputList<Dataset>? more = null) => models.Count + (more?.Count ?? 0);
        }

        public static class Definitions
        {
            [Pipeline(Name = "sweep")]
            public static void Sweep(PipelineBuilder p, [Default("#ml")] Param<string> channel)
            {
                p.ExitHandler(
                    exitTask: () => StepsTasks.Notify(channel: channel),
                    body: () =>
                    {
                        ArtifactRef<Model> model = null!;
                        p.ParallelFor(new[] { 0.1, 0.2 }, rate => { model = StepsTasks.Train(rate).Outputs.Model; });
                        StepsTasks.CountModels(p.Collected(model));
                    });
            }
        }
        """;

    /// <summary>Pipelines that return values and take input artifacts, used as tasks of other pipelines.</summary>
    public const string Nested = """
        using System.Collections.Generic;
        using Pipelines;

        namespace Flow.Nested;

        public static class Steps
        {
            [Component]
            public static void Prepare(Output<Dataset> data, int rows) { }

            [Component]
            public static double Train(Input<Dataset> data, Output<Model> model, double rate = 0.1) => 0.9;

            [Component]
            public static int Score(InputList<Model> models) => models.Count;
        }

        public static class Flows
        {
            [Pipeline(Name = "train-one", Description = "Train & score one model")]
            public static (Value<double> Accuracy, ArtifactRef<Model> TrainedModel) TrainOne(PipelineBuilder p, ArtifactRef<Dataset> data, [Default(0.1)] Param<double> rate)
            {
                var train = StepsTasks.Train(data, rate);
                return (train.Output, train.Outputs.Model);
            }

            [Pipeline(Name = "collect")]
            public static ArtifactListRef<Model> Collect(PipelineBuilder p, Param<int> rows)
            {
                var data = StepsTasks.Prepare(rows);
                ArtifactRef<Model> model = null!;
                p.ParallelFor(new[] { 0.1, 0.2 }, rate => { model = FlowsTasks.TrainOne(data.Outputs.Data, rate).Outputs.TrainedModel; });
                return p.Collected(model);
            }

            [Pipeline(Name = "best-accuracy")]
            internal static Value<double> BestAccuracy(ArtifactRef<Dataset> data, Param<double?> rate) => FlowsTasks.TrainOne(data).Outputs.Accuracy;

            /// <summary>As in docs/authoring.md: the factory takes the input artifacts first.</summary>
            [Pipeline]
            public static (Value<double> Accuracy, ArtifactRef<Model> Model) TrainAndCheck(PipelineBuilder p, Param<double> learningRate, ArtifactRef<Dataset> data)
            {
                var fit = StepsTasks.Train(data, learningRate);
                return (fit.Output, fit.Outputs.Model);
            }

            [Pipeline(Name = "outer")]
            public static void Outer(PipelineBuilder p, [Default(100)] Param<int> rows)
            {
                var collected = FlowsTasks.Collect(rows);
                StepsTasks.Score(collected.Output);
                var data = StepsTasks.Prepare(rows);
                FlowsTasks.BestAccuracy(data.Outputs.Data);
                var check = FlowsTasks.TrainAndCheck(data.Outputs.Data, learningRate: 0.1);
                StepsTasks.Train(data.Outputs.Data, rate: check.Outputs.Accuracy);
            }
        }

        /// <summary>A pipeline named like a component of the same class gets no factory; its neighbour does.</summary>
        public static class Mixed
        {
            [Component]
            public static int Clean(int value) => value;

            [Pipeline(Name = "clean-pipeline")]
            public static void Clean(PipelineBuilder p) { }

            [Pipeline(Name = "mixed-run")]
            public static Value<int> Run(Param<int> value) => MixedTasks.Clean(value).Output;
        }
        """;

    [TestMethod]
    public void ExitStatusAndArtifactLists()
    {
        var result = GeneratorRunner.Run([ExitAndLists], OutputKind.ConsoleApplication);
        result.AssertCompiles();
        Baselines.AssertMatches(result);

        var components = ManifestReader.Read(result.Output).Where(m => m.Key == "Pipelines.Component").Select(m => m.Value).ToList();
        StringAssert.Contains(components.Single(c => c.Contains("\"name\":\"notify\"")), "\"status\":{\"isOptional\":true,\"parameterType\":\"TASK_FINAL_STATUS\"}");
        StringAssert.Contains(components.Single(c => c.Contains("\"name\":\"count-models\"")),
            "\"models\":{\"artifactType\":{\"schemaTitle\":\"system.Model\",\"schemaVersion\":\"0.0.1\"},\"isArtifactList\":true}");

        var tasks = result.Source("Flow.Exit.StepsTasks.g.cs");
        StringAssert.Contains(tasks, "public static NotifyTask Notify(global::Pipelines.Value<string>? channel = null)");
        StringAssert.Contains(tasks, "CountModels(global::Pipelines.ArtifactListRef<global::Pipelines.Model> models,");
        StringAssert.Contains(tasks, "global::Pipelines.ArtifactListRef<global::Pipelines.Dataset>? more = null)");
        StringAssert.Contains(components.Single(c => c.Contains("\"name\":\"count-models\"")),
            "\"more\":{\"artifactType\":{\"schemaTitle\":\"system.Dataset\",\"schemaVersion\":\"0.0.1\"},\"isArtifactList\":true,\"isOptional\":true}");
        var entryPoint = result.Source("PipelinesEntryPoint.g.cs");
        StringAssert.Contains(entryPoint, "GetParameter<global::Pipelines.PipelineTaskFinalStatus>(\"status\")");
        StringAssert.Contains(entryPoint, "GetInputArtifactList<global::Pipelines.Model>(\"models\")");
    }

    [TestMethod]
    public void NestedPipelines()
    {
        var result = GeneratorRunner.Run([Nested], OutputKind.ConsoleApplication);
        CollectionAssert.AreEquivalent(
            new[] { "Flow.Nested.StepsTasks.g.cs", "Flow.Nested.MixedTasks.g.cs", "Flow.Nested.FlowsTasks.Pipelines.g.cs", "Flow.Nested.MixedTasks.Pipelines.g.cs", "PipelinesManifest.g.cs", "PipelinesEntryPoint.g.cs" },
            result.HintNames.ToArray());
        result.AssertCompiles();
        Baselines.AssertMatches(result);

        var pipelines = ManifestReader.Read(result.Output).Where(m => m.Key == "Pipelines.Pipeline").Select(m => m.Value).ToList();
        CollectionAssert.Contains(pipelines,
            """{"description":"Train & score one model","inputDefinitions":{"artifacts":{"data":{"artifactType":{"schemaTitle":"system.Dataset","schemaVersion":"0.0.1"}}},"parameters":{"rate":{"defaultValue":0.1,"isOptional":true,"parameterType":"NUMBER_DOUBLE"}}},"name":"train-one"}""");

        var flows = result.Source("Flow.Nested.FlowsTasks.Pipelines.g.cs");
        StringAssert.Contains(flows, "public static readonly global::Pipelines.PipelineRegistration TrainOnePipeline = new global::Pipelines.PipelineRegistration(");
        StringAssert.Contains(flows, "static b => { var r = global::Flow.Nested.Flows.TrainOne(b, b.ArtifactParameter<global::Pipelines.Dataset>(\"data\"), b.Parameter<double>(\"rate\"));");
        StringAssert.Contains(flows, "b.Output(\"accuracy\", r.Accuracy); b.Output(\"trained_model\", r.TrainedModel); }");
        StringAssert.Contains(flows, "public static TrainOneTask TrainOne(global::Pipelines.ArtifactRef<global::Pipelines.Dataset> data, global::Pipelines.Value<double>? rate = null)");
        StringAssert.Contains(flows, "global::Pipelines.PipelineBuilder.Current.AddPipelineTask(new TrainOneTask(), TrainOnePipeline);");
        StringAssert.Contains(flows, "public global::Pipelines.ArtifactListRef<global::Pipelines.Model> Output => Outputs.Output;");
        StringAssert.Contains(flows, "internal static BestAccuracyTask BestAccuracy(");

        var mixed = result.Source("Flow.Nested.MixedTasks.Pipelines.g.cs");
        StringAssert.Contains(mixed, "\n    static partial class MixedTasks");
        StringAssert.Contains(mixed, "RunPipeline");
        Assert.IsFalse(mixed.Contains("CleanPipeline", StringComparison.Ordinal), "A pipeline factory that clashes with a component factory is skipped.");

        // One registration instance: the entry point references the Tasks field, and inlines the pipeline without a factory.
        var entryPoint = result.Source("PipelinesEntryPoint.g.cs");
        StringAssert.Contains(entryPoint, "global::Flow.Nested.FlowsTasks.CollectPipeline,");
        Assert.IsFalse(entryPoint.Contains("TrainOnePipeline", StringComparison.Ordinal), "A pipeline taking artifacts only runs as a task.");
        StringAssert.Contains(entryPoint, "global::Flow.Nested.MixedTasks.RunPipeline,");
        StringAssert.Contains(entryPoint, "new global::Pipelines.PipelineRegistration(\"clean-pipeline\"");
    }

    [TestMethod]
    public void GeneratedCodeTracesNestedPipelinesAndExitHandlers()
    {
        // Run the generated entry point (--emit-pipelines) in-process: the runtime traces every pipeline,
        // including pipelines used as tasks through the generated factories.
        foreach (var sample in new[] { ExitAndLists, Nested })
        {
            var result = GeneratorRunner.Run([sample], OutputKind.ConsoleApplication);
            result.AssertCompiles();
            using var image = new MemoryStream();
            var emit = result.Output.Emit(image);
            Assert.IsTrue(emit.Success, string.Join("\n", emit.Diagnostics));

            var dir = Path.Combine(Path.GetTempPath(), "pipelines-trace-" + Guid.NewGuid().ToString("N"));
            var context = new System.Runtime.Loader.AssemblyLoadContext("trace", isCollectible: true);
            try
            {
                image.Position = 0;
                var assembly = context.LoadFromStream(image);
                var main = assembly.GetType("Pipelines.Generated.PipelinesEntryPoint")!.GetMethod("Main")!;
                Directory.CreateDirectory(dir);
                var executors = new System.Text.Json.Nodes.JsonObject();
                foreach (var (key, json) in ManifestReader.Read(result.Output).Where(m => m.Key == "Pipelines.Component"))
                    executors[global::Pipelines.ComponentInfo.Parse(json).Name] = System.Text.Json.Nodes.JsonNode.Parse("""{"image":"img:1","command":["dotnet","/app/X.dll"]}""");
                var executorsFile = Path.Combine(dir, "executors.txt");
                File.WriteAllText(executorsFile, executors.ToJsonString());
                var exitCode = (int)main.Invoke(null, [new[] { "--emit-pipelines", dir, "--executors", executorsFile }])!;
                Assert.AreEqual(0, exitCode);
                if (sample == Nested)
                {
                    CollectionAssert.AreEquivalent(
                        new[] { "clean-pipeline.json", "collect.json", "mixed-run.json", "outer.json" },
                        Directory.GetFiles(dir, "*.json").Select(Path.GetFileName).ToArray());
                    var outer = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "outer.json")))!;
                    var components = outer["components"]!.AsObject();
                    Assert.IsTrue(components.ContainsKey("comp-collect"), outer.ToJsonString());
                    Assert.IsNotNull(components["comp-collect"]!["dag"], "A pipeline used as a task is a DAG component.");
                    // Pipelines taking artifacts run only as tasks: no file of their own, a DAG component inside others.
                    var collect = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "collect.json")))!;
                    Assert.IsNotNull(collect["root"]!["outputDefinitions"]!["artifacts"]!["Output"], collect.ToJsonString());
                    var root = collect["components"]!["comp-train-one"]!;
                    Assert.IsNotNull(root["inputDefinitions"]!["artifacts"]!["data"], root.ToJsonString());
                    Assert.IsNotNull(root["outputDefinitions"]!["artifacts"]!["trained_model"], root.ToJsonString());
                    Assert.IsNotNull(root["outputDefinitions"]!["parameters"]!["accuracy"], root.ToJsonString());
                }
                else
                {
                    var sweep = File.ReadAllText(Path.Combine(dir, "sweep.json"));
                    StringAssert.Contains(sweep, "TASK_FINAL_STATUS");
                    StringAssert.Contains(sweep, "isArtifactList");
                }
            }
            finally
            {
                context.Unload();
                if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            }
        }
    }

    [TestMethod]
    public async Task AnalyzersAcceptWhatIsGenerated()
    {
        var analyzers = typeof(ComponentShapeAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer).IsAssignableFrom(t))
            .Select(t => (Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        foreach (var sample in new[] { ExitAndLists, Nested })
        {
            var result = GeneratorRunner.Run([sample], OutputKind.ConsoleApplication);
            var diagnostics = await result.Output.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();
            Assert.IsEmpty(diagnostics, string.Join("\n", diagnostics));
        }
    }
}

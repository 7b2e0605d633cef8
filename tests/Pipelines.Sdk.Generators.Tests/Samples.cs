namespace Pipelines.Sdk.Generators.Tests;

/// <summary>User code the generator tests run on, written as users write it.</summary>
internal static class Samples
{
    /// <summary>The example from the generator's contract: two components and a pipeline.</summary>
    public const string Churn = """
        using System.Threading.Tasks;
        using Pipelines;

        namespace Churn;

        public static class Steps
        {
            [Component(Description = "Impute missing features")]
            public static int Clean(Input<Dataset> raw, Output<Dataset> cleaned, double fillValue = 0.0)
            {
                return 42;
            }

            [Component]
            public static async Task<(double Accuracy, int Rows)> Evaluate(Input<Model> model, Output<Metrics> metrics, string? note = null)
            {
                await Task.Yield();
                return (0.9, 10);
            }
        }

        public static class ChurnPipeline
        {
            [Pipeline(Name = "churn-training", Description = "Trains the churn model")]
            public static void Define(PipelineBuilder p, Param<string> source, [Default(5)] Param<int> epochs)
            {
            }
        }
        """;

    /// <summary>Every kind of input parameter, with and without defaults.</summary>
    public const string ParameterKinds = """
        using System.Collections.Generic;
        using Pipelines;

        namespace Kinds.Parameters;

        public enum Mode { Fast, Thorough }

        public sealed record Options(string Region, int Retries);

        public struct Window
        {
            public int Start { get; set; }
            public int End { get; set; }
        }

        public static class Steps
        {
            [Component(Name = "all-scalars")]
            public static void Scalars(string text, bool flag, int count, long big, short small, byte tiny, sbyte signedTiny,
                ushort port, uint mask, double ratio, float weight, decimal price, Mode mode)
            {
            }

            [Component]
            public static void Defaults(string text = "a \"quoted\" \\ path\n", bool flag = true, int count = -3, long big = 9007199254740991L,
                uint mask = 7, double ratio = 2.5, double whole = 3, float weight = 0.1f, decimal price = 19.99m, Mode mode = Mode.Thorough,
                double notANumber = double.NaN)
            {
            }

            [Component]
            public static void Collections(List<string> names, int[] sizes, IReadOnlyList<double> scores, IEnumerable<Mode> modes,
                Dictionary<string, int> counts, IReadOnlyDictionary<string, List<string>> groups, List<Options> options)
            {
            }

            [Component]
            public static void Structs(Options options, Window window, Options? extra = null)
            {
            }

            [Component]
            public static void Nullables(int? limit, string? label, Mode? mode, double? threshold = 0.5, List<int>? ids = null, Window? window = null)
            {
            }
        }
        """;

    /// <summary>Input and output artifacts of every known type, a custom subclass, and an optional input.</summary>
    public const string ArtifactKinds = """
        using Pipelines;

        namespace Kinds.Artifacts;

        public class Report : Markdown { }

        public class Checkpoint : Artifact { }

        public static class Steps
        {
            [Component]
            public static void Inputs(Input<Artifact> artifact, Input<Dataset> dataset, Input<Model> model, Input<Metrics> metrics,
                Input<ClassificationMetrics> classification, Input<SlicedClassificationMetrics> sliced, Input<HTML> html, Input<Markdown> markdown)
            {
            }

            [Component]
            public static void Outputs(Output<Artifact> artifact, Output<Dataset> dataset, Output<Model> model, Output<Metrics> metrics,
                Output<ClassificationMetrics> classification, Output<SlicedClassificationMetrics> sliced, Output<HTML> html, Output<Markdown> markdown)
            {
            }

            [Component]
            public static void Custom(Input<Checkpoint> resumeFrom, Output<Report> report, Input<Dataset>? extra = null)
            {
            }
        }
        """;

    /// <summary>Every return shape: none, a value, a named tuple, synchronous and awaited.</summary>
    public const string ReturnKinds = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Pipelines;

        namespace Kinds.Returns;

        public static class Steps
        {
            [Component] public static void Nothing() { }

            [Component] public static Task NothingAsync() => Task.CompletedTask;

            [Component] public static ValueTask NothingValueTask() => default;

            [Component] public static string Value() => "x";

            [Component] public static Task<double> ValueAsync() => Task.FromResult(1.5);

            [Component] public static ValueTask<List<int>> ListValueTask() => new(new List<int>());

            [Component] public static (double Accuracy, int Rows, string ModelName) Tuple() => (1, 2, "m");

            [Component] public static async Task<(bool Passed, Dictionary<string, double> Scores)> TupleAsync(Input<Dataset> data, Output<Metrics> metrics)
            {
                await Task.Yield();
                return (true, new Dictionary<string, double>());
            }

            [Component] public static int? MaybeCount() => null;
        }
        """;

    /// <summary>Pipelines: [Default] of every kind, nullable run parameters, builder in any position.</summary>
    public const string Pipelines = """
        using System.Collections.Generic;
        using Pipelines;

        namespace Kinds.Pipelines;

        public enum Stage { Dev, Prod }

        public static class Definitions
        {
            [Pipeline(DisplayName = "Every default", Description = "Run parameters of\nevery kind")]
            public static void EveryDefault(
                [Default("eu-west")] Param<string> region,
                [Default(true)] Param<bool> dryRun,
                [Default(5)] Param<int> epochs,
                [Default(5)] Param<double> learningRate,
                [Default(0.25)] Param<float> dropout,
                [Default(Stage.Prod)] Param<Stage> stage,
                [Default("Dev")] Param<Stage> fallbackStage,
                [Default(new[] { "a", "b" })] Param<List<string>> tags,
                [Default(null)] Param<string?> note,
                Param<int?> limit,
                PipelineBuilder builder,
                Param<Dictionary<string, int>> quotas)
            {
            }

            [Pipeline]
            public static void NoParameters(PipelineBuilder p)
            {
            }

            [Pipeline(Name = "builderless")]
            internal static void WithoutBuilder(Param<string> input)
            {
            }
        }
        """;

    /// <summary>Named outputs: [return: Output("name")] and OutputParameter&lt;T&gt; beside artifacts, a keyword-named one, and the
    /// pipeline body that reads them by name (a condition, a one-of, a nested pipeline's named return).</summary>
    public const string NamedOutputs = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Pipelines;

        namespace Kinds.Named;

        public static class Steps
        {
            [Component]
            [return: Output("scalar")]
            public static string Train(int rows, Output<Model> model, OutputParameter<double> accuracy, OutputParameter<List<string>> labels)
            {
                accuracy.Value = 0.5;
                labels.Value = new List<string> { "a" };
                return "123";
            }

            [Component]
            public static async Task Measure(Input<Model> model, OutputParameter<int?> @checked, OutputParameter<string> best_model)
            {
                await Task.Yield();
                @checked.Value = null;
                best_model.Value = "m";
            }

            [Component]
            [return: Output("Output")]
            public static string Echo(string message) => message;
        }

        public static class Flows
        {
            [Pipeline]
            [return: Output("best")]
            public static Value<string> TrainAndPick(PipelineBuilder p, Param<int> rows)
            {
                var train = StepsTasks.Train(rows);
                p.If(train.Outputs.Scalar == "123", () => StepsTasks.Measure(train.Outputs.Model));
                var echo = StepsTasks.Echo(train.Output);
                Value<double> accuracy = train.Outputs.Accuracy;
                Value<List<string>> labels = train.Outputs.Labels;
                return StepsTasks.Measure(train.Outputs.Model).Outputs.Best_model;
            }

            [Pipeline]
            public static void Outer(PipelineBuilder p)
            {
                var inner = FlowsTasks.TrainAndPick(rows: 3);
                StepsTasks.Echo(inner.Outputs.Best);
                StepsTasks.Echo(inner.Output);
            }
        }
        """;

    /// <summary>TaskConfig passthroughs: a component that launches another workload receives the task's resources, env
    /// and volumes (KFP's task_config_passthroughs); the factory has no argument for the TaskConfig.</summary>
    public const string TaskConfigs = """
        using Pipelines;

        namespace Kinds.Passthrough;

        public static class Steps
        {
            /// <summary>Launches a training job.</summary>
            /// <param name="image">The trainer image.</param>
            /// <param name="config">Not a description: KFP fills it in.</param>
            [Component]
            [TaskConfigPassthrough(TaskConfigField.Resources)]
            [TaskConfigPassthrough(TaskConfigField.Env, ApplyToTask = true)]
            [TaskConfigPassthrough(TaskConfigField.KubernetesVolumes, ApplyToTask = true)]
            public static string Launch(string image, TaskConfig config, int workers = 2) => image + config.Limit("cpu") + workers;
        }

        public static class Flows
        {
            [Pipeline]
            public static void Train(PipelineBuilder p)
            {
                StepsTasks.Launch("trainer:1", workers: 4).WithCpuLimit("8").WithEnv("MODE", "fast").WithPvcMount("data", "/data");
            }
        }
        """;

    /// <summary>LIST and STRUCT defaults: [Default] JSON (and arrays) on component and pipeline parameters, normalised as
    /// KFP's compiler writes Python values.</summary>
    public const string CollectionDefaults = """"
        using System.Collections.Generic;
        using System.Text.Json.Nodes;
        using System.Text.Json.Serialization;
        using Pipelines;

        namespace Kinds.Defaults;

        public enum Mode { Fast, Thorough }
        public record Config(double LearningRate, [property: JsonPropertyName("n_layers")] int Layers, Mode Mode, List<string>? Tags);

        public static class Steps
        {
            [Component]
            public static int Fit(
                [Default("[1, 2, 3]")] List<int> sizes,
                [Default("""{"B": 2, "A": 1}""")] Dictionary<string, double> weights,
                [Default("""{"learning_rate": 0.5, "n_layers": 2, "mode": "Thorough", "tags": null}""")] Config config,
                [Default("""[{"x": [1, 2.5]}, {}]""")] JsonArray raw,
                [Default(new[] { 0.5, 1 })] double[] rates,
                [Default(null)] List<int>? none = null) => sizes.Count;
        }

        public static class Flows
        {
            [Pipeline]
            public static void Sweep(PipelineBuilder p,
                [Default("[1, 2, 3]")] Param<List<int>> sizes,
                [Default("""{"A": 1.0, "B": 2}""")] Param<Dictionary<string, double>> weights,
                [Default("""{"learning_rate": 1, "n_layers": 3, "mode": "Fast", "tags": ["a"]}""")] Param<Config> config)
            {
                StepsTasks.Fit(sizes, weights, config);
            }
        }
        """";

    /// <summary>Names that need care: keywords, generated-local clashes, internal and nested classes, the global namespace.</summary>
    public const string Naming = """
        using Pipelines;

        public static class GlobalSteps
        {
            [Component]
            public static int HTTPFetch(string @class, int task, string ctx, Output<Dataset> result, string? @event = null) => 1;
        }

        namespace Naming.Inner
        {
            internal static class Hidden
            {
                [Component(Name = "hidden-step")]
                public static void Step(Input<Model> _task) { }
            }

            public static class Outer
            {
                public static class Nested
                {
                    [Component]
                    internal static (int Count, string Task) CountWords(string text) => (1, "x");
                }
            }
        }
        """;

    /// <summary>A console program with its own Main, to test opting out of the generated one.</summary>
    public const string OwnMain = """
        using Pipelines;

        namespace App;

        public static class Program
        {
            public static int Main() => 0;

            [Component]
            public static void Step() { }
        }
        """;

    /// <summary>KFP's container components (sdk/python/test_data/components/container_*.py) written in C#.</summary>
    public const string ContainerComponents = """
        using Pipelines;

        namespace Kinds.Containers;

        public static class Tools
        {
            private const string Python = "public.ecr.aws/docker/library/python:3.12";

            [ContainerComponent]
            public static ContainerSpec ContainerIo(string text, OutputParameter<string> outputPath) =>
                new(Python, command: ["my_program", text], args: ["--output_path", outputPath.OutputFile]);

            [ContainerComponent]
            public static ContainerSpec ContainerWithIfPlaceholder(OutputParameter<string> outputPath, Output<Dataset> dataset, string optionalInput = "default")
            {
                return new ContainerSpec(Python,
                    command:
                    [
                        "my_program",
                        ContainerArg.IfPresent(optionalInput, then: [optionalInput], @else: ["bye"]),
                        "--dataset",
                        ContainerArg.IfPresent(optionalInput, then: [dataset.Uri], @else: ["bye"]),
                    ],
                    args: ["--output_path", outputPath.OutputFile]);
            }

            [ContainerComponent]
            public static ContainerSpec ContainerWithConcatPlaceholder(string text1, Output<Dataset> text2, OutputParameter<string> outputPath) =>
                new("python:3.7", ["my_program", ContainerArg.Concat("prefix-", text1, text2.Uri)], ["--output_path", outputPath.OutputFile]);

            [ContainerComponent]
            public static ContainerSpec ContainerWithPlaceholderInFstring(Output<Artifact> outputArtifact, string text1 = "text!") =>
                new(Python, command: ["my_program", $"prefix-{text1}", $"{outputArtifact.Uri}/0"]);

            [ContainerComponent(Name = "count-rows", Description = "Counts the rows of a CSV file with wc")]
            internal static ContainerSpec Count(Input<Dataset> data, OutputParameter<int> rows, Input<Model>? model = null, int? limit = null, long skip = 0) =>
                new("alpine:3.20",
                    command: ["sh", "-c", "tail -n +$((1 + $2)) \"$0\" | wc -l > \"$1\"", data.Path, rows.OutputFile, skip],
                    args: new ContainerArg[]
                    {
                        ContainerArg.IfPresent(model, then: ["--model", model!.Path]),
                        ContainerArg.Concat("--limit=", ContainerArg.IfPresent(limit, then: $"{limit}", @else: "none"), "-é\n"),
                        "--skip=" + skip,
                    });
        }

        public static class Flow
        {
            [Pipeline]
            public static void Run(PipelineBuilder p, Param<string> text)
            {
                var io = ToolsTasks.ContainerIo(text);
                var concat = ToolsTasks.ContainerWithConcatPlaceholder(io.Outputs.OutputPath);
                ToolsTasks.Count(concat.Outputs.Text2, limit: 3);
            }
        }
        """;
}

using System.Globalization;

namespace Pipelines.Tests;

// Hand-written equivalents of generated factories for the control-flow tests (conditions, loops,
// exit handlers, collected outputs), in the shapes of KFP's own test pipelines (flip-coin,
// double/add, print). As in TestComponents.cs, the methods carry no [Component] attribute.

/// <summary>A loop item of the sweep tests: a record, so its fields are selected by JSON name.</summary>
public sealed record SweepPoint(double LearningRate, int Epochs);

public static class Flow
{
    public static string FlipCoin(int seed = 0) => (seed % 2 == 0) ? "heads" : "tails";

    public static string Print(string message) => message;

    public static int Double(int num) => 2 * num;

    public static int Add(List<int> nums) => nums.Sum();

    public static List<double> MakeRates(int count) => [.. Enumerable.Range(1, count).Select(i => i / 10.0)];

    public static double Fit(Input<Dataset> data, Output<Model> model, double learningRate = 0.1, int epochs = 1)
    {
        File.WriteAllText(model.Path, string.Create(CultureInfo.InvariantCulture, $"lr={learningRate};epochs={epochs}"));
        return Math.Round(1 - Math.Abs(learningRate - 0.3), 3);
    }

    public static (int Index, double Accuracy) PickBest(List<double> accuracies)
    {
        int best = accuracies.IndexOf(accuracies.Max());
        return (best, accuracies[best]);
    }

    public static void Ensemble(InputList<Model> models, Output<Model> ensemble) =>
        File.WriteAllText(ensemble.Path, string.Join("\n", models.Select(m => m.Path)));

    public static string Deploy(Input<Model> model, string target = "staging") => $"{target}:{model.Path}";

    /// <summary>An exit task: KFP fills <paramref name="status"/> (TASK_FINAL_STATUS).</summary>
    public static string Notify(PipelineTaskFinalStatus status, string channel = "#ml") =>
        $"{channel}: {status.PipelineTaskName} {status.State}{(status.ErrorMessage is { } m ? ": " + m : "")}";
}

/// <summary>Marked generated, as the generator's factories are: errors then point at the pipeline body, not here.</summary>
[System.CodeDom.Compiler.GeneratedCode("Pipelines.Tests", "1.0")]
public static partial class FlowTasks
{
    public static readonly ComponentInfo FlipCoinComponent = ComponentInfo.Parse("""
        {"name":"flip-coin","method":"Flow.FlipCoin",
         "inputDefinitions":{"parameters":{"seed":{"defaultValue":0,"isOptional":true,"parameterType":"NUMBER_INTEGER"}}},
         "outputDefinitions":{"parameters":{"Output":{"parameterType":"STRING"}}}}
        """);

    public static readonly ComponentInfo PrintComponent = ComponentInfo.Parse("""
        {"name":"print","method":"Flow.Print",
         "inputDefinitions":{"parameters":{"message":{"parameterType":"STRING"}}},
         "outputDefinitions":{"parameters":{"Output":{"parameterType":"STRING"}}}}
        """);

    public static readonly ComponentInfo DoubleComponent = ComponentInfo.Parse("""
        {"name":"double","method":"Flow.Double",
         "inputDefinitions":{"parameters":{"num":{"parameterType":"NUMBER_INTEGER"}}},
         "outputDefinitions":{"parameters":{"Output":{"parameterType":"NUMBER_INTEGER"}}}}
        """);

    public static readonly ComponentInfo AddComponent = ComponentInfo.Parse("""
        {"name":"add","method":"Flow.Add",
         "inputDefinitions":{"parameters":{"nums":{"parameterType":"LIST"}}},
         "outputDefinitions":{"parameters":{"Output":{"parameterType":"NUMBER_INTEGER"}}}}
        """);

    public static readonly ComponentInfo MakeRatesComponent = ComponentInfo.Parse("""
        {"name":"make-rates","method":"Flow.MakeRates",
         "inputDefinitions":{"parameters":{"count":{"parameterType":"NUMBER_INTEGER"}}},
         "outputDefinitions":{"parameters":{"Output":{"parameterType":"LIST"}}}}
        """);

    public static readonly ComponentInfo FitComponent = ComponentInfo.Parse("""
        {"name":"fit","method":"Flow.Fit",
         "inputDefinitions":{"artifacts":{"data":{"artifactType":{"schemaTitle":"system.Dataset","schemaVersion":"0.0.1"}}},
                             "parameters":{"epochs":{"defaultValue":1,"isOptional":true,"parameterType":"NUMBER_INTEGER"},
                                           "learning_rate":{"defaultValue":0.1,"isOptional":true,"parameterType":"NUMBER_DOUBLE"}}},
         "outputDefinitions":{"artifacts":{"model":{"artifactType":{"schemaTitle":"system.Model","schemaVersion":"0.0.1"}}},
                              "parameters":{"Output":{"parameterType":"NUMBER_DOUBLE"}}}}
        """);

    public static readonly ComponentInfo PickBestComponent = ComponentInfo.Parse("""
        {"name":"pick-best","method":"Flow.PickBest",
         "inputDefinitions":{"parameters":{"accuracies":{"parameterType":"LIST"}}},
         "outputDefinitions":{"parameters":{"accuracy":{"parameterType":"NUMBER_DOUBLE"},"index":{"parameterType":"NUMBER_INTEGER"}}}}
        """);

    public static readonly ComponentInfo EnsembleComponent = ComponentInfo.Parse("""
        {"name":"ensemble","method":"Flow.Ensemble",
         "inputDefinitions":{"artifacts":{"models":{"artifactType":{"schemaTitle":"system.Model","schemaVersion":"0.0.1"},"isArtifactList":true}}},
         "outputDefinitions":{"artifacts":{"ensemble":{"artifactType":{"schemaTitle":"system.Model","schemaVersion":"0.0.1"}}}}}
        """);

    public static readonly ComponentInfo DeployComponent = ComponentInfo.Parse("""
        {"name":"deploy","method":"Flow.Deploy",
         "inputDefinitions":{"artifacts":{"model":{"artifactType":{"schemaTitle":"system.Model","schemaVersion":"0.0.1"}}},
                             "parameters":{"target":{"defaultValue":"staging","isOptional":true,"parameterType":"STRING"}}},
         "outputDefinitions":{"parameters":{"Output":{"parameterType":"STRING"}}}}
        """);

    public static readonly ComponentInfo NotifyComponent = ComponentInfo.Parse("""
        {"name":"notify","method":"Flow.Notify",
         "inputDefinitions":{"parameters":{"channel":{"defaultValue":"#ml","isOptional":true,"parameterType":"STRING"},
                                           "status":{"isOptional":true,"parameterType":"TASK_FINAL_STATUS"}}},
         "outputDefinitions":{"parameters":{"Output":{"parameterType":"STRING"}}}}
        """);

    public static FlipCoinTask FlipCoin(Value<int>? seed = null)
    {
        var task = PipelineBuilder.Current.AddTask(new FlipCoinTask(), FlipCoinComponent);
        task.BindParameter("seed", seed);
        return task;
    }

    public static PrintTask Print(Value<string> message)
    {
        var task = PipelineBuilder.Current.AddTask(new PrintTask(), PrintComponent);
        task.BindParameter("message", message);
        return task;
    }

    public static DoubleTask Double(Value<int> num)
    {
        var task = PipelineBuilder.Current.AddTask(new DoubleTask(), DoubleComponent);
        task.BindParameter("num", num);
        return task;
    }

    public static AddTask Add(Value<List<int>> nums)
    {
        var task = PipelineBuilder.Current.AddTask(new AddTask(), AddComponent);
        task.BindParameter("nums", nums);
        return task;
    }

    public static MakeRatesTask MakeRates(Value<int> count)
    {
        var task = PipelineBuilder.Current.AddTask(new MakeRatesTask(), MakeRatesComponent);
        task.BindParameter("count", count);
        return task;
    }

    public static FitTask Fit(ArtifactRef<Dataset> data, Value<double>? learningRate = null, Value<int>? epochs = null)
    {
        var task = PipelineBuilder.Current.AddTask(new FitTask(), FitComponent);
        task.BindArtifact("data", data);
        task.BindParameter("learning_rate", learningRate);
        task.BindParameter("epochs", epochs);
        return task;
    }

    public static PickBestTask PickBest(Value<List<double>> accuracies)
    {
        var task = PipelineBuilder.Current.AddTask(new PickBestTask(), PickBestComponent);
        task.BindParameter("accuracies", accuracies);
        return task;
    }

    public static EnsembleTask Ensemble(ArtifactListRef<Model> models)
    {
        var task = PipelineBuilder.Current.AddTask(new EnsembleTask(), EnsembleComponent);
        task.BindArtifact("models", models);
        return task;
    }

    public static DeployTask Deploy(ArtifactRef<Model> model, Value<string>? target = null)
    {
        var task = PipelineBuilder.Current.AddTask(new DeployTask(), DeployComponent);
        task.BindArtifact("model", model);
        task.BindParameter("target", target);
        return task;
    }

    /// <summary>As the generator emits it: no argument for the PipelineTaskFinalStatus parameter.</summary>
    public static NotifyTask Notify(Value<string>? channel = null)
    {
        var task = PipelineBuilder.Current.AddTask(new NotifyTask(), NotifyComponent);
        task.BindParameter("channel", channel);
        return task;
    }

    public sealed class FlipCoinTask : PipelineTask { public Value<string> Output => ParameterOutput<string>("Output"); }
    public sealed class PrintTask : PipelineTask { public Value<string> Output => ParameterOutput<string>("Output"); }
    public sealed class DoubleTask : PipelineTask { public Value<int> Output => ParameterOutput<int>("Output"); }
    public sealed class AddTask : PipelineTask { public Value<int> Output => ParameterOutput<int>("Output"); }
    public sealed class MakeRatesTask : PipelineTask { public Value<List<double>> Output => ParameterOutput<List<double>>("Output"); }
    public sealed class NotifyTask : PipelineTask { public Value<string> Output => ParameterOutput<string>("Output"); }

    public sealed class FitTask : PipelineTask
    {
        public FitTask() => Outputs = new FitOutputs(this);
        public FitOutputs Outputs { get; }
        public Value<double> Output => Outputs.Output;
    }

    public sealed class FitOutputs(PipelineTask t)
    {
        public ArtifactRef<Model> Model => t.ArtifactOutput<Model>("model");
        public Value<double> Output => t.ParameterOutput<double>("Output");
    }

    public sealed class PickBestTask : PipelineTask
    {
        public PickBestTask() => Outputs = new PickBestOutputs(this);
        public PickBestOutputs Outputs { get; }
    }

    public sealed class PickBestOutputs(PipelineTask t)
    {
        public Value<int> Index => t.ParameterOutput<int>("index");
        public Value<double> Accuracy => t.ParameterOutput<double>("accuracy");
    }

    public sealed class EnsembleTask : PipelineTask
    {
        public ArtifactRef<Model> Ensemble => ArtifactOutput<Model>("ensemble");
    }

    public sealed class DeployTask : PipelineTask { public Value<string> Output => ParameterOutput<string>("Output"); }

    /// <summary>The generated entry point's registrations of these components.</summary>
    public static IReadOnlyList<ComponentRegistration> Registrations { get; } =
    [
        new(FlipCoinComponent, ctx => { ctx.SetOutputParameter("Output", Flow.FlipCoin(ctx.GetParameter("seed", 0))); return Task.CompletedTask; }),
        new(PrintComponent, ctx => { ctx.SetOutputParameter("Output", Flow.Print(ctx.GetParameter<string>("message"))); return Task.CompletedTask; }),
        new(DoubleComponent, ctx => { ctx.SetOutputParameter("Output", Flow.Double(ctx.GetParameter<int>("num"))); return Task.CompletedTask; }),
        new(AddComponent, ctx => { ctx.SetOutputParameter("Output", Flow.Add(ctx.GetParameter<List<int>>("nums"))); return Task.CompletedTask; }),
        new(MakeRatesComponent, ctx => { ctx.SetOutputParameter("Output", Flow.MakeRates(ctx.GetParameter<int>("count"))); return Task.CompletedTask; }),
        new(FitComponent, ctx =>
        {
            var data = ctx.GetInputArtifact<Dataset>("data");
            var model = ctx.GetOutputArtifact<Model>("model");
            ctx.SetOutputParameter("Output", Flow.Fit(data, model, ctx.GetParameter("learning_rate", 0.1), ctx.GetParameter("epochs", 1)));
            return Task.CompletedTask;
        }),
        new(PickBestComponent, ctx =>
        {
            var result = Flow.PickBest(ctx.GetParameter<List<double>>("accuracies"));
            ctx.SetOutputParameter("index", result.Index);
            ctx.SetOutputParameter("accuracy", result.Accuracy);
            return Task.CompletedTask;
        }),
        new(EnsembleComponent, ctx =>
        {
            Flow.Ensemble(ctx.GetInputArtifactList<Model>("models"), ctx.GetOutputArtifact<Model>("ensemble"));
            return Task.CompletedTask;
        }),
        new(DeployComponent, ctx =>
        {
            ctx.SetOutputParameter("Output", Flow.Deploy(ctx.GetInputArtifact<Model>("model"), ctx.GetParameter("target", "staging")));
            return Task.CompletedTask;
        }),
        new(NotifyComponent, ctx =>
        {
            ctx.SetOutputParameter("Output", Flow.Notify(ctx.GetParameter<PipelineTaskFinalStatus>("status"), ctx.GetParameter("channel", "#ml")));
            return Task.CompletedTask;
        }),
    ];
}

/// <summary>Hand-written equivalents of what the generator would emit for [Pipeline] methods used as
/// tasks: a registration (with outputs from the method's return value) and a typed factory.</summary>
[System.CodeDom.Compiler.GeneratedCode("Pipelines.Tests", "1.0")]
public static class NestedPipelines
{
    /// <summary>A pipeline with an input parameter, an input artifact, a condition and two outputs.</summary>
    public static (Value<double> Accuracy, ArtifactRef<Model> Model) TrainAndCheck(PipelineBuilder p, Param<double> learningRate, ArtifactRef<Dataset> data)
    {
        var fit = FlowTasks.Fit(data, learningRate);
        p.If(fit.Output < 0.5, () => FlowTasks.Print("low accuracy"));
        return (fit.Output, fit.Outputs.Model);
    }

    public static readonly PipelineRegistration TrainAndCheckPipeline = new("train-and-check", null, "Fits and checks a model.",
        """{"artifacts":{"data":{"artifactType":{"schemaTitle":"system.Dataset","schemaVersion":"0.0.1"}}},"parameters":{"learning_rate":{"parameterType":"NUMBER_DOUBLE"}}}""",
        b =>
        {
            var result = TrainAndCheck(b, b.Parameter<double>("learning_rate"), b.ArtifactParameter<Dataset>("data"));
            b.Output("accuracy", result.Accuracy);
            b.Output("model", result.Model);
        });

    public static TrainAndCheckTask TrainAndCheck(ArtifactRef<Dataset> data, Value<double> learningRate)
    {
        var task = PipelineBuilder.Current.AddPipelineTask(new TrainAndCheckTask(), TrainAndCheckPipeline);
        task.BindArtifact("data", data);
        task.BindParameter("learning_rate", learningRate);
        return task;
    }

    public sealed class TrainAndCheckTask : PipelineTask
    {
        public TrainAndCheckTask() => Outputs = new TrainAndCheckOutputs(this);
        public TrainAndCheckOutputs Outputs { get; }
    }

    public sealed class TrainAndCheckOutputs(PipelineTask t)
    {
        public Value<double> Accuracy => t.ParameterOutput<double>("accuracy");
        public ArtifactRef<Model> Model => t.ArtifactOutput<Model>("model");
    }
}

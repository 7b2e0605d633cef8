using System.Globalization;

namespace Pipelines.Tests;

// Hand-written equivalent of what the generator emits for [Component] methods: the component
// spec (ComponentInfo JSON), typed task factories for pipeline bodies, and the entry point's
// ComponentRegistrations. The methods deliberately carry no [Component] attribute so the real
// generator (referenced as an analyzer) does not emit a second copy.

public enum Color { Red, Green, Blue }

/// <summary>A STRUCT parameter: travels as JSON with snake_case property names.</summary>
public sealed record TrainConfig(double LearningRate, int Layers, List<string> Features, Color Palette);

/// <summary>The components of docs/kfp-contract.md#worked-example (preprocess → train → evaluate).</summary>
public static class Churn
{
    public static void Preprocess(Output<Dataset> dataset)
    {
        File.WriteAllText(dataset.Path, "label,score\n1,0.9\n0,0.2\n");
        dataset.Metadata["rows"] = 2;
    }

    public static void Train(Input<Dataset> dataset, Output<Model> model, int epochs)
    {
        int rows = File.ReadAllLines(dataset.Path).Length - 1;
        File.WriteAllText(model.Path, string.Create(CultureInfo.InvariantCulture, $"epochs={epochs};rows={rows}"));
        model.Metadata["epochs"] = epochs;
        model.Metadata["framework"] = "ml.net";
    }

    public static double Evaluate(Input<Model> model, Input<Dataset> testData, Output<Metrics> metrics)
    {
        double accuracy = File.Exists(model.Path) && File.Exists(testData.Path) ? 0.91 : 0.0;
        metrics.Log("accuracy", accuracy);
        return accuracy;
    }
}

/// <summary>Components covering every parameter and artifact kind.</summary>
public static class Steps
{
    /// <summary>Replaces empty CSV cells with <paramref name="fillValue"/>; returns how many it filled.</summary>
    public static int Clean(Input<Dataset> raw, Output<Dataset> cleaned, double fillValue = 0.0)
    {
        int filled = 0;
        var lines = File.ReadAllLines(raw.Path).Select(line => string.Join(",", line.Split(',').Select(cell =>
        {
            if (cell.Length > 0) return cell;
            filled++;
            return fillValue.ToString(CultureInfo.InvariantCulture);
        }))).ToList();
        File.WriteAllLines(cleaned.Path, lines);
        cleaned.Metadata["rows"] = lines.Count;
        return filled;
    }

    public static string Describe(string text, bool flag, int count, long big, double ratio, float scale, Color color, int? limit = null, string? note = null) =>
        string.Create(CultureInfo.InvariantCulture,
            $"text={text}|flag={flag}|count={count}|big={big}|ratio={ratio:R}|scale={scale:R}|color={color}|limit={(limit is null ? "none" : limit.Value.ToString(CultureInfo.InvariantCulture))}|note={note ?? "none"}");

    public static TrainConfig Configure(List<string> features, Dictionary<string, int> weights, TrainConfig baseConfig) =>
        baseConfig with
        {
            Layers = baseConfig.Layers + weights.Values.Sum(),
            Features = [.. baseConfig.Features, .. features],
        };

    public static (int Count, double Mean, bool Ok, string Label, List<string> Tags, Dictionary<string, int> Histogram, long Total, float Ratio, Color Best) SummarizeValues(List<int> values)
    {
        var histogram = values.GroupBy(v => v % 2 == 0 ? "even" : "odd").ToDictionary(g => g.Key, g => g.Count());
        return (values.Count, values.Average(), values.All(v => v > 0), string.Create(CultureInfo.InvariantCulture, $"{values.Count} values"),
            [.. histogram.Keys], histogram, values.Sum(), (float)histogram.GetValueOrDefault("even") / values.Count, Color.Blue);
    }

    /// <summary>An async component with Model/Dataset inputs and Metrics/ClassificationMetrics outputs.</summary>
    public static async Task<double> ScoreAsync(Input<Model> model, Input<Dataset> testData, Output<Metrics> metrics, Output<ClassificationMetrics> classification, double threshold = 0.5)
    {
        await Task.Yield();
        var rows = (await File.ReadAllLinesAsync(testData.Path))
            .Select(l => l.Split(','))
            .Select(c => (Label: int.Parse(c[0], CultureInfo.InvariantCulture), Score: double.Parse(c[1], CultureInfo.InvariantCulture)))
            .ToList();
        var matrix = new[] { new int[2], new int[2] };
        foreach (var (label, score) in rows) matrix[label][score >= threshold ? 1 : 0]++;
        double accuracy = (double)(matrix[0][0] + matrix[1][1]) / rows.Count;

        metrics.Log("accuracy", accuracy);
        metrics.Log("rows", rows.Count);
        metrics.Log("model_version", model.Metadata["version"]?.GetValue<double>() ?? 0);
        classification.LogConfusionMatrix(["0", "1"], [matrix[0], matrix[1]]);
        classification.LogRocCurve([0.0, 0.5, 1.0], [0.0, 0.75, 1.0], [1.0, 0.5, 0.0]);
        return accuracy;
    }

    /// <summary>Reports where the host put an input artifact.</summary>
    public static string Inspect(Input<Artifact> item) => $"{item.Path}|{item.Artifact.Name}|{item.Uri}";

    public static string Explode(string message) => throw new InvalidOperationException(message);
}

public static partial class ChurnTasks
{
    public static readonly ComponentInfo PreprocessComponent = ComponentInfo.Parse("""
        {"name":"preprocess","method":"Churn.Preprocess",
         "outputDefinitions":{"artifacts":{"dataset":{"artifactType":{"schemaTitle":"system.Dataset","schemaVersion":"0.0.1"}}}}}
        """);

    public static readonly ComponentInfo TrainComponent = ComponentInfo.Parse("""
        {"name":"train","method":"Churn.Train",
         "inputDefinitions":{"artifacts":{"dataset":{"artifactType":{"schemaTitle":"system.Dataset","schemaVersion":"0.0.1"}}},
                             "parameters":{"epochs":{"parameterType":"NUMBER_INTEGER"}}},
         "outputDefinitions":{"artifacts":{"model":{"artifactType":{"schemaTitle":"system.Model","schemaVersion":"0.0.1"}}}}}
        """);

    public static readonly ComponentInfo EvaluateComponent = ComponentInfo.Parse("""
        {"name":"evaluate","method":"Churn.Evaluate",
         "inputDefinitions":{"artifacts":{"model":{"artifactType":{"schemaTitle":"system.Model","schemaVersion":"0.0.1"}},
                                          "test_data":{"artifactType":{"schemaTitle":"system.Dataset","schemaVersion":"0.0.1"}}}},
         "outputDefinitions":{"artifacts":{"metrics":{"artifactType":{"schemaTitle":"system.Metrics","schemaVersion":"0.0.1"}}},
                              "parameters":{"Output":{"parameterType":"NUMBER_DOUBLE"}}}}
        """);

    public static PreprocessTask Preprocess() => PipelineBuilder.Current.AddTask(new PreprocessTask(), PreprocessComponent);

    public static TrainTask Train(ArtifactRef<Dataset> dataset, Value<int> epochs)
    {
        var task = PipelineBuilder.Current.AddTask(new TrainTask(), TrainComponent);
        task.BindArtifact("dataset", dataset);
        task.BindParameter("epochs", epochs);
        return task;
    }

    public static EvaluateTask Evaluate(ArtifactRef<Model> model, ArtifactRef<Dataset> testData)
    {
        var task = PipelineBuilder.Current.AddTask(new EvaluateTask(), EvaluateComponent);
        task.BindArtifact("model", model);
        task.BindArtifact("test_data", testData);
        return task;
    }

    public sealed class PreprocessTask : PipelineTask
    {
        public PreprocessTask() => Outputs = new PreprocessOutputs(this);
        public PreprocessOutputs Outputs { get; }
    }

    public sealed class PreprocessOutputs(PipelineTask t)
    {
        public ArtifactRef<Dataset> Dataset => t.ArtifactOutput<Dataset>("dataset");
    }

    public sealed class TrainTask : PipelineTask
    {
        public TrainTask() => Outputs = new TrainOutputs(this);
        public TrainOutputs Outputs { get; }
    }

    public sealed class TrainOutputs(PipelineTask t)
    {
        public ArtifactRef<Model> Model => t.ArtifactOutput<Model>("model");
    }

    public sealed class EvaluateTask : PipelineTask
    {
        public EvaluateTask() => Outputs = new EvaluateOutputs(this);
        public EvaluateOutputs Outputs { get; }
        public Value<double> Output => Outputs.Output;
    }

    public sealed class EvaluateOutputs(PipelineTask t)
    {
        public ArtifactRef<Metrics> Metrics => t.ArtifactOutput<Metrics>("metrics");
        public Value<double> Output => t.ParameterOutput<double>("Output");
    }
}

public static partial class StepsTasks
{
    public static readonly ComponentInfo CleanComponent = ComponentInfo.Parse("""
        {"name":"clean","description":"Fills missing values.","method":"Steps.Clean",
         "inputDefinitions":{"artifacts":{"raw":{"artifactType":{"schemaTitle":"system.Dataset","schemaVersion":"0.0.1"}}},
                             "parameters":{"fill_value":{"defaultValue":0.0,"isOptional":true,"parameterType":"NUMBER_DOUBLE"}}},
         "outputDefinitions":{"artifacts":{"cleaned":{"artifactType":{"schemaTitle":"system.Dataset","schemaVersion":"0.0.1"}}},
                              "parameters":{"Output":{"parameterType":"NUMBER_INTEGER"}}}}
        """);

    public static readonly ComponentInfo DescribeComponent = ComponentInfo.Parse("""
        {"name":"describe","method":"Steps.Describe",
         "inputDefinitions":{"parameters":{
            "big":{"parameterType":"NUMBER_INTEGER"},
            "color":{"literals":["Red","Green","Blue"],"parameterType":"STRING"},
            "count":{"parameterType":"NUMBER_INTEGER"},
            "flag":{"parameterType":"BOOLEAN"},
            "limit":{"isOptional":true,"parameterType":"NUMBER_INTEGER"},
            "note":{"isOptional":true,"parameterType":"STRING"},
            "ratio":{"parameterType":"NUMBER_DOUBLE"},
            "scale":{"parameterType":"NUMBER_DOUBLE"},
            "text":{"parameterType":"STRING"}}},
         "outputDefinitions":{"parameters":{"Output":{"parameterType":"STRING"}}}}
        """);

    public static readonly ComponentInfo ConfigureComponent = ComponentInfo.Parse("""
        {"name":"configure","method":"Steps.Configure",
         "inputDefinitions":{"parameters":{
            "base_config":{"parameterType":"STRUCT"},
            "features":{"parameterType":"LIST"},
            "weights":{"parameterType":"STRUCT"}}},
         "outputDefinitions":{"parameters":{"Output":{"parameterType":"STRUCT"}}}}
        """);

    public static readonly ComponentInfo SummarizeValuesComponent = ComponentInfo.Parse("""
        {"name":"summarize-values","method":"Steps.SummarizeValues",
         "inputDefinitions":{"parameters":{"values":{"parameterType":"LIST"}}},
         "outputDefinitions":{"parameters":{
            "best":{"parameterType":"STRING"},
            "count":{"parameterType":"NUMBER_INTEGER"},
            "histogram":{"parameterType":"STRUCT"},
            "label":{"parameterType":"STRING"},
            "mean":{"parameterType":"NUMBER_DOUBLE"},
            "ok":{"parameterType":"BOOLEAN"},
            "ratio":{"parameterType":"NUMBER_DOUBLE"},
            "tags":{"parameterType":"LIST"},
            "total":{"parameterType":"NUMBER_INTEGER"}}}}
        """);

    public static readonly ComponentInfo ScoreComponent = ComponentInfo.Parse("""
        {"name":"score","method":"Steps.ScoreAsync",
         "inputDefinitions":{"artifacts":{"model":{"artifactType":{"schemaTitle":"system.Model","schemaVersion":"0.0.1"}},
                                          "test_data":{"artifactType":{"schemaTitle":"system.Dataset","schemaVersion":"0.0.1"}}},
                             "parameters":{"threshold":{"defaultValue":0.5,"isOptional":true,"parameterType":"NUMBER_DOUBLE"}}},
         "outputDefinitions":{"artifacts":{"classification":{"artifactType":{"schemaTitle":"system.ClassificationMetrics","schemaVersion":"0.0.1"}},
                                           "metrics":{"artifactType":{"schemaTitle":"system.Metrics","schemaVersion":"0.0.1"}}},
                              "parameters":{"Output":{"parameterType":"NUMBER_DOUBLE"}}}}
        """);

    public static readonly ComponentInfo InspectComponent = ComponentInfo.Parse("""
        {"name":"inspect","method":"Steps.Inspect",
         "inputDefinitions":{"artifacts":{"item":{"artifactType":{"schemaTitle":"system.Artifact","schemaVersion":"0.0.1"}}}},
         "outputDefinitions":{"parameters":{"Output":{"parameterType":"STRING"}}}}
        """);

    public static readonly ComponentInfo ExplodeComponent = ComponentInfo.Parse("""
        {"name":"explode","method":"Steps.Explode",
         "inputDefinitions":{"parameters":{"message":{"parameterType":"STRING"}}},
         "outputDefinitions":{"parameters":{"Output":{"parameterType":"STRING"}}}}
        """);

    /// <summary>A component whose entry point never sets its declared output (a broken generator, say).</summary>
    public static readonly ComponentInfo ForgetfulComponent = ComponentInfo.Parse("""
        {"name":"forgetful","method":"Steps.Forgetful",
         "outputDefinitions":{"parameters":{"Output":{"parameterType":"NUMBER_INTEGER"}}}}
        """);

    public static CleanTask Clean(ArtifactRef<Dataset> raw, Value<double>? fillValue = null)
    {
        var task = PipelineBuilder.Current.AddTask(new CleanTask(), CleanComponent);
        task.BindArtifact("raw", raw);
        task.BindParameter("fill_value", fillValue);
        return task;
    }

    public static DescribeTask Describe(Value<string> text, Value<bool> flag, Value<int> count, Value<long> big, Value<double> ratio, Value<float> scale,
        Value<Color> color, Value<int?>? limit = null, Value<string?>? note = null)
    {
        var task = PipelineBuilder.Current.AddTask(new DescribeTask(), DescribeComponent);
        task.BindParameter("text", text);
        task.BindParameter("flag", flag);
        task.BindParameter("count", count);
        task.BindParameter("big", big);
        task.BindParameter("ratio", ratio);
        task.BindParameter("scale", scale);
        task.BindParameter("color", color);
        task.BindParameter("limit", limit);
        task.BindParameter("note", note);
        return task;
    }

    public static ConfigureTask Configure(Value<List<string>> features, Value<Dictionary<string, int>> weights, Value<TrainConfig> baseConfig)
    {
        var task = PipelineBuilder.Current.AddTask(new ConfigureTask(), ConfigureComponent);
        task.BindParameter("features", features);
        task.BindParameter("weights", weights);
        task.BindParameter("base_config", baseConfig);
        return task;
    }

    public static SummarizeValuesTask SummarizeValues(Value<List<int>> values)
    {
        var task = PipelineBuilder.Current.AddTask(new SummarizeValuesTask(), SummarizeValuesComponent);
        task.BindParameter("values", values);
        return task;
    }

    public static ScoreTask Score(ArtifactRef<Model> model, ArtifactRef<Dataset> testData, Value<double>? threshold = null)
    {
        var task = PipelineBuilder.Current.AddTask(new ScoreTask(), ScoreComponent);
        task.BindArtifact("model", model);
        task.BindArtifact("test_data", testData);
        task.BindParameter("threshold", threshold);
        return task;
    }

    public static InspectTask Inspect(ArtifactRef<Artifact> item)
    {
        var task = PipelineBuilder.Current.AddTask(new InspectTask(), InspectComponent);
        task.BindArtifact("item", item);
        return task;
    }

    public sealed class CleanTask : PipelineTask
    {
        public CleanTask() => Outputs = new CleanOutputs(this);
        public CleanOutputs Outputs { get; }
        public Value<int> Output => Outputs.Output;
    }

    public sealed class CleanOutputs(PipelineTask t)
    {
        public ArtifactRef<Dataset> Cleaned => t.ArtifactOutput<Dataset>("cleaned");
        public Value<int> Output => t.ParameterOutput<int>("Output");
    }

    public sealed class DescribeTask : PipelineTask
    {
        public Value<string> Output => ParameterOutput<string>("Output");
    }

    public sealed class ConfigureTask : PipelineTask
    {
        public Value<TrainConfig> Output => ParameterOutput<TrainConfig>("Output");
    }

    public sealed class SummarizeValuesTask : PipelineTask
    {
        public SummarizeValuesTask() => Outputs = new SummarizeValuesOutputs(this);
        public SummarizeValuesOutputs Outputs { get; }
    }

    public sealed class SummarizeValuesOutputs(PipelineTask t)
    {
        public Value<int> Count => t.ParameterOutput<int>("count");
        public Value<double> Mean => t.ParameterOutput<double>("mean");
        public Value<bool> Ok => t.ParameterOutput<bool>("ok");
        public Value<string> Label => t.ParameterOutput<string>("label");
        public Value<List<string>> Tags => t.ParameterOutput<List<string>>("tags");
        public Value<Dictionary<string, int>> Histogram => t.ParameterOutput<Dictionary<string, int>>("histogram");
        public Value<long> Total => t.ParameterOutput<long>("total");
        public Value<float> Ratio => t.ParameterOutput<float>("ratio");
        public Value<Color> Best => t.ParameterOutput<Color>("best");
    }

    public sealed class ScoreTask : PipelineTask
    {
        public ScoreTask() => Outputs = new ScoreOutputs(this);
        public ScoreOutputs Outputs { get; }
        public Value<double> Output => Outputs.Output;
    }

    public sealed class ScoreOutputs(PipelineTask t)
    {
        public ArtifactRef<Metrics> Metrics => t.ArtifactOutput<Metrics>("metrics");
        public ArtifactRef<ClassificationMetrics> Classification => t.ArtifactOutput<ClassificationMetrics>("classification");
        public Value<double> Output => t.ParameterOutput<double>("Output");
    }

    public sealed class InspectTask : PipelineTask
    {
        public Value<string> Output => ParameterOutput<string>("Output");
    }
}

/// <summary>The generated entry point's registrations.</summary>
public static class TestRegistrations
{
    public static IReadOnlyList<ComponentRegistration> Components { get; } =
    [
        new(ChurnTasks.PreprocessComponent, ctx =>
        {
            var dataset = ctx.GetOutputArtifact<Dataset>("dataset");
            Churn.Preprocess(dataset);
            return Task.CompletedTask;
        }),
        new(ChurnTasks.TrainComponent, ctx =>
        {
            var dataset = ctx.GetInputArtifact<Dataset>("dataset");
            var model = ctx.GetOutputArtifact<Model>("model");
            var epochs = ctx.GetParameter<int>("epochs");
            Churn.Train(dataset, model, epochs);
            return Task.CompletedTask;
        }),
        new(ChurnTasks.EvaluateComponent, ctx =>
        {
            var model = ctx.GetInputArtifact<Model>("model");
            var testData = ctx.GetInputArtifact<Dataset>("test_data");
            var metrics = ctx.GetOutputArtifact<Metrics>("metrics");
            ctx.SetOutputParameter("Output", Churn.Evaluate(model, testData, metrics));
            return Task.CompletedTask;
        }),
        new(StepsTasks.CleanComponent, ctx =>
        {
            var raw = ctx.GetInputArtifact<Dataset>("raw");
            var cleaned = ctx.GetOutputArtifact<Dataset>("cleaned");
            var fillValue = ctx.GetParameter<double>("fill_value", 0.0);
            ctx.SetOutputParameter("Output", Steps.Clean(raw, cleaned, fillValue));
            return Task.CompletedTask;
        }),
        new(StepsTasks.DescribeComponent, ctx =>
        {
            var text = ctx.GetParameter<string>("text");
            var flag = ctx.GetParameter<bool>("flag");
            var count = ctx.GetParameter<int>("count");
            var big = ctx.GetParameter<long>("big");
            var ratio = ctx.GetParameter<double>("ratio");
            var scale = ctx.GetParameter<float>("scale");
            var color = ctx.GetParameter<Color>("color");
            var limit = ctx.GetParameter<int?>("limit", null);
            var note = ctx.GetParameter<string?>("note", null);
            ctx.SetOutputParameter("Output", Steps.Describe(text, flag, count, big, ratio, scale, color, limit, note));
            return Task.CompletedTask;
        }),
        new(StepsTasks.ConfigureComponent, ctx =>
        {
            var features = ctx.GetParameter<List<string>>("features");
            var weights = ctx.GetParameter<Dictionary<string, int>>("weights");
            var baseConfig = ctx.GetParameter<TrainConfig>("base_config");
            ctx.SetOutputParameter("Output", Steps.Configure(features, weights, baseConfig));
            return Task.CompletedTask;
        }),
        new(StepsTasks.SummarizeValuesComponent, ctx =>
        {
            var values = ctx.GetParameter<List<int>>("values");
            var result = Steps.SummarizeValues(values);
            ctx.SetOutputParameter("count", result.Count);
            ctx.SetOutputParameter("mean", result.Mean);
            ctx.SetOutputParameter("ok", result.Ok);
            ctx.SetOutputParameter("label", result.Label);
            ctx.SetOutputParameter("tags", result.Tags);
            ctx.SetOutputParameter("histogram", result.Histogram);
            ctx.SetOutputParameter("total", result.Total);
            ctx.SetOutputParameter("ratio", result.Ratio);
            ctx.SetOutputParameter("best", result.Best);
            return Task.CompletedTask;
        }),
        new(StepsTasks.ScoreComponent, async ctx =>
        {
            var model = ctx.GetInputArtifact<Model>("model");
            var testData = ctx.GetInputArtifact<Dataset>("test_data");
            var metrics = ctx.GetOutputArtifact<Metrics>("metrics");
            var classification = ctx.GetOutputArtifact<ClassificationMetrics>("classification");
            var threshold = ctx.GetParameter<double>("threshold", 0.5);
            ctx.SetOutputParameter("Output", await Steps.ScoreAsync(model, testData, metrics, classification, threshold));
        }),
        new(StepsTasks.InspectComponent, ctx =>
        {
            var item = ctx.GetInputArtifact<Artifact>("item");
            ctx.SetOutputParameter("Output", Steps.Inspect(item));
            return Task.CompletedTask;
        }),
        new(StepsTasks.ExplodeComponent, ctx =>
        {
            var message = ctx.GetParameter<string>("message");
            ctx.SetOutputParameter("Output", Steps.Explode(message));
            return Task.CompletedTask;
        }),
        new(StepsTasks.ForgetfulComponent, _ => Task.CompletedTask),
        .. FlowTasks.Registrations,
    ];

    /// <summary>Images and programs the build would hand to the tracer, one per component.</summary>
    internal static IReadOnlyDictionary<string, ExecutorTarget> Executors { get; } =
        Components.ToDictionary(
            c => c.Component.Name,
            c => new ExecutorTarget($"registry.example.com/tests/{c.Component.Name}@sha256:{new string('0', 63)}1", ["dotnet", "/app/Pipelines.Tests.dll"]));
}

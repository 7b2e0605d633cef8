using System.Globalization;
using System.Reflection;

namespace Pipelines.Tests;

// Real [Component] methods: the generator (referenced as an analyzer) writes their specs, the typed
// task factories (ChurnTasks, StepsTasks) and the entry point's registrations the tests run, so the
// tests break when the generator and the runtime drift apart.

public enum Color { Red, Green, Blue }

/// <summary>A STRUCT parameter: travels as JSON with snake_case property names.</summary>
public sealed record TrainConfig(double LearningRate, int Layers, List<string> Features, Color Palette);

/// <summary>The components of docs/kfp-contract.md#worked-example (preprocess → train → evaluate).</summary>
public static class Churn
{
    [Component]
    public static void Preprocess(Output<Dataset> dataset)
    {
        File.WriteAllText(dataset.Path, "label,score\n1,0.9\n0,0.2\n");
        dataset.Metadata["rows"] = 2;
    }

    [Component]
    public static void Train(Input<Dataset> dataset, Output<Model> model, int epochs)
    {
        var rows = File.ReadAllLines(dataset.Path).Length - 1;
        File.WriteAllText(model.Path, string.Create(CultureInfo.InvariantCulture, $"epochs={epochs};rows={rows}"));
        model.Metadata["epochs"] = epochs;
        model.Metadata["framework"] = "ml.net";
    }

    [Component]
    public static double Evaluate(Input<Model> model, Input<Dataset> testData, Output<Metrics> metrics)
    {
        var accuracy = File.Exists(model.Path) && File.Exists(testData.Path) ? 0.91 : 0.0;
        metrics.Log("accuracy", accuracy);
        return accuracy;
    }
}

/// <summary>Components covering every parameter and artifact kind.</summary>
public static class Steps
{
    /// <summary>Replaces empty CSV cells with <paramref name="fillValue"/>; returns how many it filled.</summary>
    [Component(Description = "Fills missing values.")]
    public static int Clean(Input<Dataset> raw, Output<Dataset> cleaned, double fillValue = 0.0)
    {
        var filled = 0;
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

    [Component]
    public static string Describe(string text, bool flag, int count, long big, double ratio, float scale, Color color, int? limit = null, string? note = null) =>
        string.Create(CultureInfo.InvariantCulture,
            $"text={text}|flag={flag}|count={count}|big={big}|ratio={ratio:R}|scale={scale:R}|color={color}|limit={(limit is null ? "none" : limit.Value.ToString(CultureInfo.InvariantCulture))}|note={note ?? "none"}");

    [Component]
    public static TrainConfig Configure(List<string> features, Dictionary<string, int> weights, TrainConfig baseConfig) =>
        baseConfig with
        {
            Layers = baseConfig.Layers + weights.Values.Sum(),
            Features = [.. baseConfig.Features, .. features],
        };

    [Component]
    public static (int Count, double Mean, bool Ok, string Label, List<string> Tags, Dictionary<string, int> Histogram, long Total, float Ratio, Color Best) SummarizeValues(List<int> values)
    {
        var histogram = values.GroupBy(v => v % 2 == 0 ? "even" : "odd").ToDictionary(g => g.Key, g => g.Count());
        return (values.Count, values.Average(), values.All(v => v > 0), string.Create(CultureInfo.InvariantCulture, $"{values.Count} values"),
            [.. histogram.Keys], histogram, values.Sum(), (float)histogram.GetValueOrDefault("even") / values.Count, Color.Blue);
    }

    /// <summary>An async component with Model/Dataset inputs and Metrics/ClassificationMetrics outputs.</summary>
    [Component]
    public static async Task<double> Score(Input<Model> model, Input<Dataset> testData, Output<Metrics> metrics, Output<ClassificationMetrics> classification, double threshold = 0.5)
    {
        await Task.Yield();
        var rows = (await File.ReadAllLinesAsync(testData.Path))
            .Select(l => l.Split(','))
            .Select(c => (Label: int.Parse(c[0], CultureInfo.InvariantCulture), Score: double.Parse(c[1], CultureInfo.InvariantCulture)))
            .ToList();
        var matrix = new[] { new int[2], new int[2] };
        foreach (var (label, score) in rows) matrix[label][score >= threshold ? 1 : 0]++;
        var accuracy = (double)(matrix[0][0] + matrix[1][1]) / rows.Count;

        metrics.Log("accuracy", accuracy);
        metrics.Log("rows", rows.Count);
        metrics.Log("model_version", model.Metadata["version"]?.GetValue<double>() ?? 0);
        classification.LogConfusionMatrix(["0", "1"], [matrix[0], matrix[1]]);
        classification.LogRocCurve([0.0, 0.5, 1.0], [0.0, 0.75, 1.0], [1.0, 0.5, 0.0]);
        return accuracy;
    }

    /// <summary>Reports where the host put an input artifact.</summary>
    [Component]
    public static string Inspect(Input<Artifact> item) => $"{item.Path}|{item.Artifact.Name}|{item.Uri}";

    [Component]
    public static string Explode(string message) => throw new InvalidOperationException(message);
}

/// <summary>The registrations the tests run: the generated entry point's, plus one the generator
/// would never write (a component whose executor forgets its declared output).</summary>
public static class TestRegistrations
{
    /// <summary>A component whose executor never sets its declared output (a broken generator, say).</summary>
    public static readonly ComponentInfo ForgetfulComponent = ComponentInfo.Parse("""
        {"name":"forgetful","method":"Steps.Forgetful",
         "outputDefinitions":{"parameters":{"Output":{"parameterType":"NUMBER_INTEGER"}}}}
        """);

    public static IReadOnlyList<ComponentRegistration> Components { get; } =
        [.. Generated<ComponentRegistration>("Components"), new(ForgetfulComponent, _ => Task.CompletedTask)];

    /// <summary>The <c>[Pipeline]</c> methods of this assembly, as the generated entry point registers them.</summary>
    public static IReadOnlyList<PipelineRegistration> Pipelines { get; } = Generated<PipelineRegistration>("Pipelines");

    /// <summary>Images and programs the build would hand to the tracer, one per component.</summary>
    internal static IReadOnlyDictionary<string, ExecutorTarget> Executors { get; } =
        Components.ToDictionary(
            c => c.Component.Name,
            c => new ExecutorTarget($"registry.example.com/tests/{c.Component.Name}@sha256:{new string('0', 63)}1", ["dotnet", "/app/Pipelines.Tests.dll"]));

    /// <summary>A registration array of the generated <c>PipelinesEntryPoint</c> (private: only its
    /// <c>Main</c> is meant to be called, which would use the console).</summary>
    private static T[] Generated<T>(string field) =>
        typeof(global::Pipelines.Generated.PipelinesEntryPoint).GetField(field, BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null) as T[]
        ?? throw new InvalidOperationException($"The generated entry point has no '{field}' array of {typeof(T).Name}: did the generator change?");
}

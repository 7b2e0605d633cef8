using System.Globalization;
using System.Text.Json;

namespace HyperparameterSweep;

/// <summary>One labelled example: two features and a 0/1 label.</summary>
public readonly record struct Example(double X1, double X2, int Label);

/// <summary>
/// A two-feature logistic regression trained by batch gradient descent: small enough to read in
/// one sitting, sensitive enough to the learning rate that a sweep is worth it.
/// </summary>
public sealed record LogisticRegression(double W1, double W2, double Bias, double LearningRate, int Epochs)
{
    public double Probability(Example e) => Sigmoid(W1 * e.X1 + W2 * e.X2 + Bias);

    public int Predict(Example e) => Probability(e) >= 0.5 ? 1 : 0;

    public double Accuracy(IReadOnlyList<Example> data) =>
        data.Count == 0 ? 0 : (double)data.Count(e => Predict(e) == e.Label) / data.Count;

    /// <summary>Mean cross-entropy; probabilities are clipped so a confident mistake costs ~16, not infinity.</summary>
    public double LogLoss(IReadOnlyList<Example> data) => data.Count == 0 ? 0 : data.Average(e =>
    {
        double p = Math.Clamp(Probability(e), 1e-7, 1 - 1e-7);
        return -(e.Label * Math.Log(p) + (1 - e.Label) * Math.Log(1 - p));
    });

    /// <summary>Fits weights and bias from zero by <paramref name="epochs"/> full-batch gradient steps.</summary>
    public static LogisticRegression Fit(IReadOnlyList<Example> data, double learningRate, int epochs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(learningRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        if (data.Count == 0) throw new ArgumentException("No training data.", nameof(data));
        double w1 = 0, w2 = 0, b = 0;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            double g1 = 0, g2 = 0, gb = 0;
            foreach (var e in data)
            {
                double error = Sigmoid(w1 * e.X1 + w2 * e.X2 + b) - e.Label;
                g1 += error * e.X1;
                g2 += error * e.X2;
                gb += error;
            }
            w1 -= learningRate * g1 / data.Count;
            w2 -= learningRate * g2 / data.Count;
            b -= learningRate * gb / data.Count;
        }
        return new LogisticRegression(w1, w2, b, learningRate, epochs);
    }

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    public static LogisticRegression Load(string path) =>
        JsonSerializer.Deserialize<LogisticRegression>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} holds no model.");

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}

/// <summary>Synthetic data and its CSV form (<c>x1,x2,label</c>).</summary>
public static class ExampleData
{
    /// <summary>Points around two centres; the label follows a noisy linear boundary.</summary>
    public static List<Example> Generate(int rows, int seed)
    {
        var random = new Random(seed);
        var result = new List<Example>(rows);
        for (int i = 0; i < rows; i++)
        {
            double x1 = random.NextDouble() * 6 - 3, x2 = random.NextDouble() * 6 - 3;
            double margin = 1.5 * x1 - 2.0 * x2 + 0.5 + Gaussian(random) * 0.8;
            result.Add(new Example(x1, x2, margin > 0 ? 1 : 0));
        }
        return result;
    }

    public static void Write(string path, IEnumerable<Example> rows)
    {
        if (Path.GetDirectoryName(path) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
        File.WriteAllLines(path, rows.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.X1:R},{e.X2:R},{e.Label}")).Prepend("x1,x2,label"));
    }

    public static List<Example> Read(string path) =>
    [
        .. File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            var cells = line.Split(',');
            return new Example(
                double.Parse(cells[0], CultureInfo.InvariantCulture),
                double.Parse(cells[1], CultureInfo.InvariantCulture),
                int.Parse(cells[2], CultureInfo.InvariantCulture));
        }),
    ];

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChurnPrediction.Features;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Pipelines;
using static ChurnPrediction.ChurnSchema;

namespace ChurnPrediction;

/// <summary>One training or scoring row as ML.NET sees it: the scaled feature vector and the label.</summary>
public sealed class ChurnExample
{
    [VectorType(FeatureCount)]
    public float[] Features { get; set; } = [];

    public bool Label { get; set; }
}

/// <summary>What the model predicts for one row.</summary>
public sealed class ChurnScore
{
    public bool PredictedLabel { get; set; }
    public float Probability { get; set; }
    public float Score { get; set; }
}

/// <summary>Model components: train and evaluate. Task factories: <c>ModelStepsTasks</c>.</summary>
public static class ModelSteps
{
    /// <summary>File names inside the Model artifact directory.</summary>
    public const string ModelFile = "model.zip";
    public const string ScalerFile = "scaler.json";
    public const string CardFile = "model-card.json";

    /// <summary>Fixed seed for ML.NET: same data and parameters give the same model.</summary>
    private const int MlSeed = 20240601;

    /// <summary>
    /// Standardises the features (scaler fitted on the training split only) and trains an
    /// L2-regularised logistic regression with SDCA. The Model artifact is a directory:
    /// <c>model.zip</c> (ML.NET), <c>scaler.json</c> (the scaling to apply before scoring) and
    /// <c>model-card.json</c> (features, coefficients, hyper-parameters).
    /// </summary>
    /// <param name="epochs">Passes of the SDCA solver over the data.</param>
    /// <param name="l2">L2 regularisation strength.</param>
    [Component(Description = "Scale features and train a logistic-regression churn model (ML.NET SDCA)")]
    public static void Train(Input<Dataset> train, Output<Model> model, int epochs = 20, double l2 = 0.01)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(l2);
        var table = Csv.Read(train.Path);
        EnsureComplete(table, "training");

        var scaler = StandardScaler.Fit(table, FeatureColumns);
        var ml = new MLContext(seed: MlSeed);
        var data = ml.Data.LoadFromEnumerable(ToExamples(table, scaler));
        var trainer = ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = nameof(ChurnExample.Label),
            FeatureColumnName = nameof(ChurnExample.Features),
            MaximumNumberOfIterations = epochs,
            L2Regularization = (float)l2,
            NumberOfThreads = 1,          // SDCA is only reproducible single-threaded
            Shuffle = true,
        });
        var fitted = trainer.Fit(data);

        Directory.CreateDirectory(model.Path);
        ml.Model.Save(fitted, data.Schema, Path.Combine(model.Path, ModelFile));
        scaler.Save(Path.Combine(model.Path, ScalerFile));

        var linear = fitted.Model.SubModel;
        var weights = linear.Weights.ToArray();
        var card = new JsonObject
        {
            ["trainer"] = "SdcaLogisticRegression",
            ["features"] = new JsonArray([.. FeatureColumns.Select(f => (JsonNode)f)]),
            ["weights"] = new JsonArray([.. weights.Select(w => (JsonNode)Math.Round((double)w, 6))]),
            ["bias"] = Math.Round((double)linear.Bias, 6),
            ["epochs"] = epochs,
            ["l2"] = l2,
            ["train_rows"] = table.RowCount,
            ["seed"] = MlSeed,
        };
        File.WriteAllText(Path.Combine(model.Path, CardFile), card.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        model.Metadata["framework"] = "ML.NET";
        model.Metadata["trainer"] = "SdcaLogisticRegression";
        model.Metadata["features"] = FeatureCount;
        model.Metadata["train_rows"] = table.RowCount;
        model.Metadata["epochs"] = epochs;
        model.Metadata["l2"] = l2;
        Console.WriteLine($"trained on {table.RowCount} rows, {epochs} epochs, l2={l2.ToString(CultureInfo.InvariantCulture)} -> {model.Path}");
    }

    /// <summary>
    /// Scores the test split with the trained model and records accuracy, AUC, F1, precision,
    /// recall and log-loss, the confusion matrix and the ROC curve (shown by the KFP UI), plus an
    /// HTML report with the model's coefficients as a bar chart. Returns the accuracy.
    /// </summary>
    [Component(Description = "Evaluate the churn model on the test split")]
    public static double Evaluate(Input<Dataset> test, Input<Model> model, Output<Metrics> metrics, Output<ClassificationMetrics> classification, Output<HTML> report)
    {
        var table = Csv.Read(test.Path);
        EnsureComplete(table, "test");
        var scaler = StandardScaler.Load(Path.Combine(model.Path, ScalerFile));
        if (!scaler.Columns.Select(c => c.Name).SequenceEqual(FeatureColumns))
            throw new InvalidOperationException($"The model was trained on features [{string.Join(", ", scaler.Columns.Select(c => c.Name))}] but this code expects [{string.Join(", ", FeatureColumns)}].");

        var ml = new MLContext(seed: MlSeed);
        var transformer = ml.Model.Load(Path.Combine(model.Path, ModelFile), out _);
        var scored = transformer.Transform(ml.Data.LoadFromEnumerable(ToExamples(table, scaler)));
        var m = ml.BinaryClassification.Evaluate(scored, labelColumnName: nameof(ChurnExample.Label));

        var predictions = ml.Data.CreateEnumerable<ChurnScore>(scored, reuseRowObject: false).ToList();
        var actual = table.Numeric(Churned).Select(v => v >= 0.5).ToArray();
        var confusion = BinaryMetrics.ConfusionMatrix(actual, [.. predictions.Select(p => p.PredictedLabel)]);
        var roc = BinaryMetrics.Roc(actual, [.. predictions.Select(p => (double)p.Probability)]).Thin(101);
        double baseline = Math.Max(actual.Count(a => a), actual.Count(a => !a)) / (double)actual.Length;

        metrics.Log("accuracy", Math.Round(m.Accuracy, 4));
        metrics.Log("auc", Math.Round(m.AreaUnderRocCurve, 4));
        metrics.Log("f1", Math.Round(m.F1Score, 4));
        metrics.Log("precision", Math.Round(m.PositivePrecision, 4));
        metrics.Log("recall", Math.Round(m.PositiveRecall, 4));
        metrics.Log("log_loss", Math.Round(m.LogLoss, 4));
        metrics.Log("majority_baseline", Math.Round(baseline, 4));

        string[] categories = ["stayed", "churned"];
        classification.LogConfusionMatrix(categories, confusion);
        classification.LogRocCurve(roc.FalsePositiveRate, roc.TruePositiveRate, roc.Thresholds);

        var card = JsonNode.Parse(File.ReadAllText(Path.Combine(model.Path, CardFile)))!;
        var weights = card["weights"]!.AsArray().Select(w => w!.GetValue<double>()).ToArray();
        var order = Enumerable.Range(0, weights.Length).OrderByDescending(i => Math.Abs(weights[i])).ToArray();
        string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

        var html = new Report("Churn model evaluation")
            .Paragraph($"Logistic regression (ML.NET SDCA, {card["epochs"]} epochs, L2 {card["l2"]}) trained on {card["train_rows"]} rows, evaluated on {table.RowCount} held-out rows.")
            .KeyValues("Metrics",
            [
                ("Accuracy", F(m.Accuracy)),
                ("Majority-class baseline", F(baseline)),
                ("ROC AUC", F(m.AreaUnderRocCurve)),
                ("F1 (churned)", F(m.F1Score)),
                ("Precision (churned)", F(m.PositivePrecision)),
                ("Recall (churned)", F(m.PositiveRecall)),
                ("Log-loss", F(m.LogLoss)),
            ])
            .ConfusionMatrix("Confusion matrix", categories, confusion)
            .Heading("What drives churn")
            .Paragraph("Coefficients on standardised features: the change in log-odds of churning for one standard deviation more of the feature. Positive bars raise churn risk.")
            .BarChart("Feature coefficients (standardised)", [.. order.Select(i => FeatureColumns[i])], [.. order.Select(i => weights[i])])
            .LineChart($"ROC curve (AUC {F(roc.Auc)})", roc.FalsePositiveRate, roc.TruePositiveRate, "False positive rate", "True positive rate", unitSquare: true);
        File.WriteAllText(report.Path, html.ToHtml());

        Console.WriteLine($"accuracy {m.Accuracy:0.####} (baseline {baseline:0.####}), AUC {m.AreaUnderRocCurve:0.####}, F1 {m.F1Score:0.####}");
        return m.Accuracy;
    }

    /// <summary>Rows as ML.NET examples with scaled features.</summary>
    private static IEnumerable<ChurnExample> ToExamples(Table table, StandardScaler scaler)
    {
        var features = scaler.ToMatrix(table);
        var label = table.Numeric(Churned);
        for (int r = 0; r < table.RowCount; r++)
            yield return new ChurnExample { Features = features[r], Label = label[r] >= 0.5 };
    }

    private static void EnsureComplete(Table table, string what)
    {
        if (table.RowCount == 0) throw new InvalidOperationException($"The {what} set is empty.");
        foreach (string column in FeatureColumns.Append(Churned))
        {
            int missing = table[column].MissingCount;
            if (missing > 0)
                throw new InvalidOperationException($"The {what} set has {missing} missing value(s) in '{column}': run it through the clean component first.");
        }
    }
}

using System.Text.Json.Nodes;
using ChurnPrediction.Features;
using Pipelines;

namespace ChurnPrediction.Tests;

/// <summary>
/// The components called as plain methods with local paths, exactly as the container's entry
/// point calls them with the paths KFP's launcher maps artifact URIs to.
/// </summary>
[TestClass]
public sealed class ComponentTests
{
    private string _dir = "";

    [TestInitialize]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("churn-components-").FullName;

    [TestCleanup]
    public void DeleteFolder()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private string P(string name) => Path.Combine(_dir, name);

    [TestMethod]
    public void The_whole_pipeline_runs_in_process_and_beats_the_baseline()
    {
        // generate
        var raw = new Output<Dataset>(P("raw.csv"));
        int rows = DataSteps.GenerateData(raw, rows: 2000, seed: 42);
        Assert.AreEqual(2000, rows);
        Assert.AreEqual(2000, (int)raw.Metadata["rows"]!);
        var rawTable = Csv.Read(raw.Path);
        Assert.AreEqual(2000, rawTable.RowCount);
        Assert.IsTrue(rawTable.Columns.Sum(c => c.MissingCount) > 50, "the synthetic data has missing values to impute");

        // clean
        var cleaned = new Output<Dataset>(P("cleaned.csv"));
        var quality = new Output<Markdown>(P("quality.md"));
        DataSteps.Clean(new Input<Dataset>(raw.Path), cleaned, quality);
        Assert.AreEqual(2000, (int)cleaned.Metadata["rows"]!);
        Assert.AreEqual("median", (string)cleaned.Metadata["imputation"]!);
        Assert.AreEqual(rawTable.Columns.Sum(c => c.MissingCount), (int)cleaned.Metadata["imputed_cells"]!);
        Assert.AreEqual(0, Csv.Read(cleaned.Path).Columns.Sum(c => c.MissingCount));
        Assert.IsTrue((bool)quality.Metadata["passed"]!);
        StringAssert.Contains(File.ReadAllText(quality.Path), "**Result: PASSED**");

        // split
        var train = new Output<Dataset>(P("train.csv"));
        var test = new Output<Dataset>(P("test.csv"));
        DataSteps.Split(new Input<Dataset>(cleaned.Path), train, test, testFraction: 0.2, seed: 42);
        Assert.AreEqual(1600, (int)train.Metadata["rows"]!);
        Assert.AreEqual(400, (int)test.Metadata["rows"]!);
        Assert.AreEqual((double)train.Metadata["churn_rate"]!, (double)test.Metadata["churn_rate"]!, 0.01, "stratified");

        // train: the Model artifact is a directory that does not exist yet
        var model = new Output<Model>(P("model"));
        ModelSteps.Train(new Input<Dataset>(train.Path), model, epochs: 20, l2: 0.01);
        Assert.IsTrue(File.Exists(Path.Combine(model.Path, ModelSteps.ModelFile)));
        Assert.IsTrue(File.Exists(Path.Combine(model.Path, ModelSteps.ScalerFile)));
        Assert.IsTrue(File.Exists(Path.Combine(model.Path, ModelSteps.CardFile)));
        Assert.AreEqual(1600, (int)model.Metadata["train_rows"]!);
        var scaler = StandardScaler.Load(Path.Combine(model.Path, ModelSteps.ScalerFile));
        CollectionAssert.AreEqual(ChurnSchema.FeatureColumns.ToArray(), scaler.Columns.Select(c => c.Name).ToArray());

        // evaluate
        var metrics = new Output<Metrics>(P("metrics"));
        var classification = new Output<ClassificationMetrics>(P("classification"));
        var report = new Output<HTML>(P("report.html"));
        double accuracy = ModelSteps.Evaluate(new Input<Dataset>(test.Path), new Input<Model>(model.Path), metrics, classification, report);

        double baseline = (double)metrics.Metadata["majority_baseline"]!;
        double auc = (double)metrics.Metadata["auc"]!;
        Console.WriteLine($"accuracy {accuracy:0.####}, baseline {baseline:0.####}, AUC {auc:0.####}, F1 {metrics.Metadata["f1"]}");
        Assert.IsTrue(accuracy > baseline + 0.08, $"accuracy {accuracy} should clearly beat the majority-class baseline {baseline}");
        Assert.IsTrue(accuracy > 0.78, $"accuracy {accuracy}");
        Assert.IsTrue(auc > 0.85, $"AUC {auc}");
        Assert.AreEqual(Math.Round(accuracy, 4), (double)metrics.Metadata["accuracy"]!, 1e-9);
        foreach (string key in new[] { "f1", "precision", "recall", "log_loss" })
            Assert.IsNotNull(metrics.Metadata[key], $"metric '{key}' is logged");

        var matrix = classification.Metadata["confusionMatrix"]!;
        Assert.AreEqual("stayed", (string)matrix["annotationSpecs"]![0]!["displayName"]!);
        int total = matrix["rows"]!.AsArray().Sum(r => r!["row"]!.AsArray().Sum(v => (int)v!));
        Assert.AreEqual(400, total, "the confusion matrix counts every test row");
        var roc = classification.Metadata["confidenceMetrics"]!.AsArray();
        Assert.IsTrue(roc.Count is > 10 and <= 101, $"{roc.Count} ROC points");
        Assert.AreEqual(1.0, (double)roc[^1]!["recall"]!);

        string html = File.ReadAllText(report.Path);
        StringAssert.StartsWith(html, "<!DOCTYPE html>");
        StringAssert.Contains(html, "Feature coefficients");
        StringAssert.Contains(html, ChurnSchema.SupportCalls);
    }

    [TestMethod]
    public void GenerateData_is_reproducible_from_its_seed()
    {
        DataSteps.GenerateData(new Output<Dataset>(P("a.csv")), rows: 300, seed: 7);
        DataSteps.GenerateData(new Output<Dataset>(P("b.csv")), rows: 300, seed: 7);
        DataSteps.GenerateData(new Output<Dataset>(P("c.csv")), rows: 300, seed: 8);
        Assert.AreEqual(File.ReadAllText(P("a.csv")), File.ReadAllText(P("b.csv")));
        Assert.AreNotEqual(File.ReadAllText(P("a.csv")), File.ReadAllText(P("c.csv")));
        double rate = Csv.Read(P("a.csv")).Numeric(ChurnSchema.Churned).Average();
        Assert.IsTrue(rate is > 0.15 and < 0.5, $"a realistic churn rate, got {rate}");
    }

    [TestMethod]
    public void Clean_fails_clearly_when_the_data_fails_the_quality_check()
    {
        DataSteps.GenerateData(new Output<Dataset>(P("raw.csv")), rows: 400, seed: 1);
        var quality = new Output<Markdown>(P("quality.md"));
        var e = Assert.ThrowsExactly<DataQualityException>(() =>
            DataSteps.Clean(new Input<Dataset>(P("raw.csv")), new Output<Dataset>(P("cleaned.csv")), quality, maxMissingRatio: 0.01));
        StringAssert.Contains(e.Message, "Data quality check failed");
        StringAssert.Contains(e.Message, ChurnSchema.SupportCalls, "names the offending column");
        Assert.IsFalse(File.Exists(P("cleaned.csv")), "no cleaned data is written");
        StringAssert.Contains(File.ReadAllText(quality.Path), "**Result: FAILED**", "the report says why");
        Assert.IsFalse((bool)quality.Metadata["passed"]!);
    }

    [TestMethod]
    public void Clean_rejects_out_of_range_values_and_missing_labels()
    {
        var t = Csv.Read(GenerateTo("raw.csv", 200));
        var calls = (double[])t.Numeric(ChurnSchema.SupportCalls).Clone();
        calls[3] = -4;
        var label = (double[])t.Numeric(ChurnSchema.Churned).Clone();
        label[5] = double.NaN;
        Csv.Write(t.With(new NumericColumn(ChurnSchema.SupportCalls, calls)).With(new NumericColumn(ChurnSchema.Churned, label)), P("bad.csv"));

        var e = Assert.ThrowsExactly<DataQualityException>(() =>
            DataSteps.Clean(new Input<Dataset>(P("bad.csv")), new Output<Dataset>(P("cleaned.csv")), new Output<Markdown>(P("q.md"))));
        CollectionAssert.AreEquivalent(new[] { "range", "missing_ratio" }, e.Report.Issues.Select(i => i.Rule).ToArray());
        StringAssert.Contains(e.Message, "outside [0, 100]");
    }

    [TestMethod]
    public void Clean_honours_the_imputation_parameter()
    {
        string raw = GenerateTo("raw.csv", 300);
        var cleaned = new Output<Dataset>(P("cleaned.csv"));
        DataSteps.Clean(new Input<Dataset>(raw), cleaned, new Output<Markdown>(P("q.md")), imputation: "constant:-1");
        var before = Csv.Read(raw).Numeric(ChurnSchema.MonthlyCharges);
        var after = Csv.Read(cleaned.Path).Numeric(ChurnSchema.MonthlyCharges);
        int missing = before.Count(double.IsNaN);
        Assert.IsTrue(missing > 0);
        Assert.AreEqual(missing, after.Count(v => v == -1));
        Assert.ThrowsExactly<ArgumentException>(() =>
            DataSteps.Clean(new Input<Dataset>(raw), new Output<Dataset>(P("x.csv")), new Output<Markdown>(P("x.md")), imputation: "mode"));
    }

    [TestMethod]
    public void Train_is_deterministic_and_refuses_uncleaned_data()
    {
        string raw = GenerateTo("raw.csv", 500);
        DataSteps.Clean(new Input<Dataset>(raw), new Output<Dataset>(P("clean.csv")), new Output<Markdown>(P("q.md")));
        ModelSteps.Train(new Input<Dataset>(P("clean.csv")), new Output<Model>(P("m1")), epochs: 5);
        ModelSteps.Train(new Input<Dataset>(P("clean.csv")), new Output<Model>(P("m2")), epochs: 5);
        var w1 = JsonNode.Parse(File.ReadAllText(Path.Combine(P("m1"), ModelSteps.CardFile)))!["weights"]!.ToJsonString();
        var w2 = JsonNode.Parse(File.ReadAllText(Path.Combine(P("m2"), ModelSteps.CardFile)))!["weights"]!.ToJsonString();
        Assert.AreEqual(w1, w2, "same data, same parameters, same model");

        var e = Assert.ThrowsExactly<InvalidOperationException>(() => ModelSteps.Train(new Input<Dataset>(raw), new Output<Model>(P("m3"))));
        StringAssert.Contains(e.Message, "missing value");
    }

    private string GenerateTo(string name, int rows)
    {
        DataSteps.GenerateData(new Output<Dataset>(P(name)), rows, seed: 11);
        return P(name);
    }
}

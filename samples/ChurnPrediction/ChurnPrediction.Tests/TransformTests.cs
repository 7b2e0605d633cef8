using ChurnPrediction.Features;

namespace ChurnPrediction.Tests;

[TestClass]
public sealed class ImputerTests
{
    private static readonly Table Data = new(
        new NumericColumn("a", [1, double.NaN, 3, 10]),
        new NumericColumn("b", [double.NaN, 2, double.NaN, 4]),
        new TextColumn("c", ["x", null, "z", "w"]));

    [TestMethod]
    public void Mean_median_and_constant_fill_values()
    {
        Assert.AreEqual(14.0 / 3, Imputer.Fit(Data, ImputationStrategy.Mean).FillValues["a"], 1e-12);
        Assert.AreEqual(3.0, Imputer.Fit(Data, ImputationStrategy.Median).FillValues["a"]);
        Assert.AreEqual(3.0, Imputer.Fit(Data, ImputationStrategy.Median).FillValues["b"]);
        Assert.AreEqual(-1.0, Imputer.Fit(Data, ImputationStrategy.Constant, constant: -1).FillValues["b"]);
        Assert.IsFalse(Imputer.Fit(Data, ImputationStrategy.Mean).FillValues.ContainsKey("c"), "text columns are not imputed");
    }

    [TestMethod]
    public void Transform_fills_only_missing_cells_and_counts_them()
    {
        var imputer = Imputer.Fit(Data, ImputationStrategy.Median);
        var filled = imputer.Transform(Data, out int count);
        Assert.AreEqual(3, count);
        CollectionAssert.AreEqual(new double[] { 1, 3, 3, 10 }, filled.Numeric("a"));
        CollectionAssert.AreEqual(new double[] { 3, 2, 3, 4 }, filled.Numeric("b"));
        Assert.IsTrue(double.IsNaN(Data.Numeric("a")[1]), "the input table is not modified");
        Assert.IsNull(filled.Text("c")[1]);
    }

    [TestMethod]
    public void Learned_values_apply_to_other_tables_and_survive_json()
    {
        var imputer = Imputer.Fit(Data, ImputationStrategy.Mean, ["a"]);
        var other = new Table(new NumericColumn("a", [double.NaN, 100]));
        Assert.AreEqual(14.0 / 3, imputer.Transform(other).Numeric("a")[0], 1e-12);

        var back = Imputer.FromJson(imputer.ToJson());
        Assert.AreEqual(ImputationStrategy.Mean, back.Strategy);
        Assert.AreEqual(imputer.FillValues["a"], back.FillValues["a"]);
    }

    [TestMethod]
    public void Strategy_parsing()
    {
        Assert.AreEqual((ImputationStrategy.Median, 0.0), Imputer.ParseStrategy("Median"));
        Assert.AreEqual((ImputationStrategy.Mean, 0.0), Imputer.ParseStrategy(" mean "));
        Assert.AreEqual((ImputationStrategy.Constant, -1.5), Imputer.ParseStrategy("constant:-1.5"));
        var e = Assert.ThrowsExactly<ArgumentException>(() => Imputer.ParseStrategy("mode"));
        StringAssert.Contains(e.Message, "mode");
    }

    [TestMethod]
    public void An_all_missing_column_cannot_be_fitted_by_mean()
    {
        var empty = new Table(new NumericColumn("a", [double.NaN, double.NaN]));
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => Imputer.Fit(empty, ImputationStrategy.Mean));
        StringAssert.Contains(e.Message, "'a'");
        Assert.AreEqual(7.0, Imputer.Fit(empty, ImputationStrategy.Constant, constant: 7).Transform(empty).Numeric("a")[1]);
    }
}

[TestClass]
public sealed class StandardScalerTests
{
    [TestMethod]
    public void Fit_standardises_the_training_data()
    {
        var train = new Table(new NumericColumn("x", [2, 4, 4, 4, 5, 5, 7, 9]), new NumericColumn("k", [3, 3, 3, 3, 3, 3, 3, 3]));
        var scaler = StandardScaler.Fit(train, ["x", "k"]);
        Assert.AreEqual(5.0, scaler.Columns[0].Mean);
        Assert.AreEqual(2.0, scaler.Columns[0].StandardDeviation, 1e-12);

        var scaled = scaler.Transform(train).Numeric("x");
        Assert.AreEqual(0.0, scaled.Average(), 1e-12);
        Assert.AreEqual(1.0, Statistics.StandardDeviation(scaled), 1e-12);
        CollectionAssert.AreEqual(new double[] { 0, 0, 0, 0, 0, 0, 0, 0 }, scaler.Transform(train).Numeric("k"), "a constant column is centred, not divided by 0");
    }

    [TestMethod]
    public void Transform_applies_the_training_parameters_elsewhere()
    {
        var scaler = StandardScaler.Fit(new Table(new NumericColumn("x", [2, 4, 4, 4, 5, 5, 7, 9])), ["x"]);
        var test = new Table(new NumericColumn("x", [5, 9, double.NaN]));
        var scaled = scaler.Transform(test).Numeric("x");
        Assert.AreEqual(0.0, scaled[0], 1e-12);
        Assert.AreEqual(2.0, scaled[1], 1e-12, "uses the training mean and std, not the test set's");
        Assert.IsTrue(double.IsNaN(scaled[2]));
        CollectionAssert.AreEqual(new[] { 2.0 }, scaler.Transform([9.0]));
        Assert.AreEqual(9.0, scaler.Inverse("x", 2.0), 1e-12);
        Assert.AreEqual(2.0f, scaler.ToMatrix(test)[1][0]);
    }

    [TestMethod]
    public void Parameters_survive_a_save_and_load()
    {
        var scaler = StandardScaler.Fit(new Table(new NumericColumn("x", [0.1, 0.2, 0.7]), new NumericColumn("y", [10, 20, 60])), ["y", "x"]);
        string path = Path.Combine(Path.GetTempPath(), "scaler-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            scaler.Save(path);
            var back = StandardScaler.Load(path);
            CollectionAssert.AreEqual(scaler.Columns.ToArray(), back.Columns.ToArray(), "bit-exact parameters, same order");
            StringAssert.Contains(File.ReadAllText(path), "\"standard_scaler\"");
        }
        finally
        {
            File.Delete(path);
        }
        Assert.ThrowsExactly<FormatException>(() => StandardScaler.FromJson("{\"type\":\"other\"}"));
    }
}

[TestClass]
public sealed class SamplingAndMetricsTests
{
    [TestMethod]
    public void Permutation_is_seeded()
    {
        CollectionAssert.AreEqual(Sampling.Permutation(50, 7), Sampling.Permutation(50, 7));
        CollectionAssert.AreNotEqual(Sampling.Permutation(50, 7), Sampling.Permutation(50, 8));
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 50).ToArray(), Sampling.Permutation(50, 7));
    }

    [TestMethod]
    public void Stratified_split_keeps_the_class_balance_and_covers_every_row_once()
    {
        var labels = Enumerable.Range(0, 1000).Select(i => i % 4 == 0 ? 1.0 : 0.0).ToArray();   // 25 % positives
        var (train, test) = Sampling.TrainTestSplit(labels.Length, 0.2, seed: 3, labels);
        Assert.AreEqual(200, test.Length);
        Assert.AreEqual(800, train.Length);
        Assert.AreEqual(50, test.Count(i => labels[i] == 1), "exactly 25 % of the test rows are positive");
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 1000).ToArray(), train.Concat(test).ToArray());
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Sampling.TrainTestSplit(10, 1.0, 1));
    }

    [TestMethod]
    public void Roc_and_confusion_matrix_on_a_known_example()
    {
        bool[] actual = [true, true, false, true, false, false];
        double[] scores = [0.9, 0.8, 0.7, 0.6, 0.2, 0.1];
        var roc = BinaryMetrics.Roc(actual, scores);
        Assert.AreEqual(8.0 / 9, roc.Auc, 1e-12);   // 8 of the 9 positive/negative pairs are ordered correctly
        Assert.AreEqual(0.0, roc.FalsePositiveRate[0]);
        Assert.AreEqual(1.0, roc.TruePositiveRate[^1]);
        Assert.AreEqual(roc.Thresholds.Length, roc.FalsePositiveRate.Length);
        Assert.IsTrue(roc.Thresholds.All(double.IsFinite), "thresholds must be JSON numbers");

        var tied = BinaryMetrics.Roc([true, false, true, false], [0.5, 0.5, 0.5, 0.5]);
        Assert.AreEqual(0.5, tied.Auc, 1e-12);

        var m = BinaryMetrics.ConfusionMatrix(actual, scores.Select(s => s >= 0.5).ToArray());
        CollectionAssert.AreEqual(new[] { 2, 1 }, m[0]);   // actual negative: 2 right, 1 wrongly flagged
        CollectionAssert.AreEqual(new[] { 0, 3 }, m[1]);
        Assert.AreEqual(5.0 / 6, BinaryMetrics.Accuracy(m), 1e-12);
        Assert.AreEqual(3, roc.Thin(3).Thresholds.Length);
    }
}

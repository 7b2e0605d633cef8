using KfpPipeline1.Shared;
using Pipelines;

namespace KfpPipeline1.Tests;

/// <summary>Components called as plain methods on temporary files, as the container's entry point
/// calls them with the paths KFP maps artifact URIs to.</summary>
[TestClass]
public sealed class StepsTests
{
    private string _dir = "";

    [TestInitialize]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("kfp-pipeline-name-steps-").FullName;

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    [TestMethod]
    public void Standardize_gives_every_column_mean_0_and_standard_deviation_1()
    {
        int rows = Steps.MakeData(new Output<Dataset>(P("raw.csv")), rows: 50, seed: 7);
        var standardized = new Output<Dataset>(P("standardized.csv"));

        Steps.Standardize(new Input<Dataset>(P("raw.csv")), standardized);

        var table = NumericTable.Read(standardized.Path);
        Assert.AreEqual(50, rows);
        Assert.AreEqual(50, table.Rows.Count);
        Assert.AreEqual(2, (int)standardized.Metadata["columns"]!);
        foreach (var column in table.Columns)
        {
            Assert.AreEqual(0, Statistics.Mean(table.Column(column)), 1e-9, column);
            Assert.AreEqual(1, Statistics.StandardDeviation(table.Column(column)), 1e-9, column);
        }
    }

    [TestMethod]
    public void MakeData_is_reproducible_from_its_seed()
    {
        Steps.MakeData(new Output<Dataset>(P("a.csv")), rows: 20, seed: 1);
        Steps.MakeData(new Output<Dataset>(P("b.csv")), rows: 20, seed: 1);
        Steps.MakeData(new Output<Dataset>(P("c.csv")), rows: 20, seed: 2);
        Assert.AreEqual(File.ReadAllText(P("a.csv")), File.ReadAllText(P("b.csv")));
        Assert.AreNotEqual(File.ReadAllText(P("a.csv")), File.ReadAllText(P("c.csv")));
    }
}

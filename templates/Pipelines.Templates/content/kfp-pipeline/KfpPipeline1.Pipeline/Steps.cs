using KfpPipeline1.Shared;
using Pipelines;

namespace KfpPipeline1;

/// <summary>
/// The components: each public static [Component] method runs in its own container on KFP.
/// The generator writes a typed factory for each (<c>StepsTasks.MakeData(...)</c>) that the
/// pipeline calls. Called directly, they are plain methods: the tests do that.
/// </summary>
public static class Steps
{
    /// <summary>A seeded synthetic table of two correlated measurements: the same seed gives the same bytes.</summary>
    [Component(Description = "Make a seeded synthetic table of measurements")]
    public static int MakeData(Output<Dataset> data, int rows = 100, int seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 2);
        var random = new Random(seed);
        var table = new List<double[]>(rows);
        for (int i = 0; i < rows; i++)
        {
            double height = Math.Round(150 + 40 * random.NextDouble(), 1);
            double weight = Math.Round(0.9 * height - 90 + 15 * random.NextDouble(), 1);
            table.Add([height, weight]);
        }
        new NumericTable(["height", "weight"], table).Write(data.Path);
        data.Metadata["rows"] = rows;
        return rows;
    }

    /// <summary>Shifts and scales every column to mean 0 and standard deviation 1 (the shared library does the maths).</summary>
    [Component(Description = "Standardise every column to mean 0 and standard deviation 1")]
    public static void Standardize(Input<Dataset> data, Output<Dataset> standardized)
    {
        var table = NumericTable.Read(data.Path);
        Statistics.Standardize(table).Write(standardized.Path);
        standardized.Metadata["rows"] = table.Rows.Count;
        standardized.Metadata["columns"] = table.Columns.Count;
    }

    /// <summary>Logs each column's mean and standard deviation as KFP metrics (shown in the KFP UI)
    /// and returns the largest absolute mean: about 0 after standardising.</summary>
    [Component(Description = "Log each column's mean and standard deviation")]
    public static double Describe(Input<Dataset> data, Output<Metrics> summary)
    {
        var table = NumericTable.Read(data.Path);
        double largest = 0;
        foreach (var column in table.Columns)
        {
            var values = table.Column(column);
            double mean = Statistics.Mean(values);
            summary.Log(column + "_mean", mean);
            summary.Log(column + "_sd", Statistics.StandardDeviation(values));
            largest = Math.Max(largest, Math.Abs(mean));
        }
        return largest;
    }
}

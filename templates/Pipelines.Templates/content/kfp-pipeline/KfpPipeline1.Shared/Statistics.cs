namespace KfpPipeline1.Shared;

/// <summary>Column statistics and standardisation, shared by the components that prepare and describe data.</summary>
public static class Statistics
{
    public static double Mean(IReadOnlyCollection<double> values) =>
        values.Count == 0 ? throw new ArgumentException("No values.", nameof(values)) : values.Average();

    /// <summary>The population standard deviation.</summary>
    public static double StandardDeviation(IReadOnlyCollection<double> values)
    {
        double mean = Mean(values);
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
    }

    /// <summary>Every column shifted to mean 0 and scaled to standard deviation 1
    /// (a constant column becomes all zeros rather than a division by zero).</summary>
    public static NumericTable Standardize(NumericTable table)
    {
        var scales = table.Columns.Select(c =>
        {
            var values = table.Column(c);
            double sd = StandardDeviation(values);
            return (Mean: Mean(values), Sd: sd == 0 ? 1 : sd);
        }).ToArray();
        var rows = table.Rows.Select(r => r.Select((v, i) => (v - scales[i].Mean) / scales[i].Sd).ToArray()).ToList();
        return new NumericTable(table.Columns, rows);
    }
}

namespace ChurnPrediction.Features;

/// <summary>Descriptive statistics over present values (callers drop NaN first).</summary>
public static class Statistics
{
    public static double Mean(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) return double.NaN;
        // Kahan summation: the result does not drift with row order or count.
        double sum = 0, compensation = 0;
        foreach (double v in values)
        {
            double y = v - compensation;
            double t = sum + y;
            compensation = (t - sum) - y;
            sum = t;
        }
        return sum / values.Count;
    }

    /// <summary>The median (the mean of the two middle values for an even count).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) return double.NaN;
        var sorted = values.ToArray();
        Array.Sort(sorted);
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>Population standard deviation (divides by n, as scikit-learn's StandardScaler does).</summary>
    public static double StandardDeviation(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) return double.NaN;
        double mean = Mean(values);
        double sum = 0;
        foreach (double v in values) sum += (v - mean) * (v - mean);
        return Math.Sqrt(sum / values.Count);
    }

    /// <summary>Values that are not NaN.</summary>
    public static double[] Present(IEnumerable<double> values) => [.. values.Where(v => !double.IsNaN(v))];
}

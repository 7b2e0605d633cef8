namespace ChurnPrediction.Features;

/// <summary>Seeded, reproducible sampling: the same seed gives the same rows on every machine.</summary>
public static class Sampling
{
    /// <summary>0..n-1 in a random order (Fisher–Yates with <see cref="Random"/>(seed)).</summary>
    public static int[] Permutation(int n, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var order = Enumerable.Range(0, n).ToArray();
        var random = new Random(seed);
        for (int i = n - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <summary>
    /// Splits row indices into train and test sets. With <paramref name="stratifyBy"/>, each
    /// distinct value (class label) is split separately so both sets keep the class balance.
    /// Indices come back sorted, so the output keeps the input's row order.
    /// </summary>
    public static (int[] Train, int[] Test) TrainTestSplit(int rowCount, double testFraction, int seed, IReadOnlyList<double>? stratifyBy = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        if (!(testFraction > 0 && testFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be between 0 and 1 (exclusive).");
        if (stratifyBy is not null && stratifyBy.Count != rowCount)
            throw new ArgumentException($"stratifyBy has {stratifyBy.Count} values for {rowCount} rows.", nameof(stratifyBy));

        var groups = stratifyBy is null
            ? [Enumerable.Range(0, rowCount).ToArray()]
            : Enumerable.Range(0, rowCount).GroupBy(i => stratifyBy[i]).OrderBy(g => g.Key).Select(g => g.ToArray()).ToList();

        var train = new List<int>();
        var test = new List<int>();
        int groupSeed = seed;
        foreach (var group in groups)
        {
            var order = Permutation(group.Length, groupSeed++);
            int testCount = (int)Math.Round(group.Length * testFraction, MidpointRounding.AwayFromZero);
            for (int k = 0; k < order.Length; k++) (k < testCount ? test : train).Add(group[order[k]]);
        }
        train.Sort();
        test.Sort();
        return ([.. train], [.. test]);
    }
}

namespace ChurnPrediction.Features;

/// <summary>A ROC curve: one point per distinct score threshold, from (0,0) to (1,1).</summary>
/// <param name="Thresholds">A row counts as positive when its score is at least the threshold.</param>
public sealed record RocCurve(double[] FalsePositiveRate, double[] TruePositiveRate, double[] Thresholds, double Auc)
{
    /// <summary>At most <paramref name="maxPoints"/> points, always keeping both ends (for metadata and charts).</summary>
    public RocCurve Thin(int maxPoints)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 2);
        int n = Thresholds.Length;
        if (n <= maxPoints) return this;
        var keep = Enumerable.Range(0, maxPoints).Select(k => (int)Math.Round((double)k * (n - 1) / (maxPoints - 1))).Distinct().ToArray();
        return new RocCurve([.. keep.Select(i => FalsePositiveRate[i])], [.. keep.Select(i => TruePositiveRate[i])], [.. keep.Select(i => Thresholds[i])], Auc);
    }
}

/// <summary>Binary classification metrics computed from labels and scores, library-independent.</summary>
public static class BinaryMetrics
{
    /// <summary>Counts [actual][predicted] with index 0 = negative, 1 = positive.</summary>
    public static int[][] ConfusionMatrix(IReadOnlyList<bool> actual, IReadOnlyList<bool> predicted)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        if (actual.Count != predicted.Count) throw new ArgumentException($"{actual.Count} labels for {predicted.Count} predictions.", nameof(predicted));
        var m = new[] { new int[2], new int[2] };
        for (int i = 0; i < actual.Count; i++) m[actual[i] ? 1 : 0][predicted[i] ? 1 : 0]++;
        return m;
    }

    /// <summary>
    /// The ROC curve of <paramref name="scores"/> (higher = more likely positive) and its area
    /// by the trapezoidal rule (ties share one point, so AUC equals the Mann–Whitney statistic).
    /// </summary>
    public static RocCurve Roc(IReadOnlyList<bool> actual, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(scores);
        if (actual.Count != scores.Count) throw new ArgumentException($"{actual.Count} labels for {scores.Count} scores.", nameof(scores));
        int positives = actual.Count(a => a), negatives = actual.Count - positives;
        if (positives == 0 || negatives == 0)
            throw new ArgumentException("A ROC curve needs both positive and negative examples.", nameof(actual));

        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();
        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        var thresholds = new List<double> { double.PositiveInfinity };
        int tp = 0, fp = 0;
        for (int k = 0; k < order.Length; k++)
        {
            int i = order[k];
            if (actual[i]) tp++; else fp++;
            if (k + 1 < order.Length && scores[order[k + 1]] == scores[i]) continue;   // same threshold: one point
            fpr.Add((double)fp / negatives);
            tpr.Add((double)tp / positives);
            thresholds.Add(scores[i]);
        }
        double auc = 0;
        for (int k = 1; k < fpr.Count; k++) auc += (fpr[k] - fpr[k - 1]) * (tpr[k] + tpr[k - 1]) / 2;
        // KFP's metadata must be JSON numbers: the first threshold is "above every score".
        thresholds[0] = Math.Max(1.0, thresholds.Count > 1 ? thresholds[1] + 1e-6 : 1.0);
        return new RocCurve([.. fpr], [.. tpr], [.. thresholds], auc);
    }

    public static double Accuracy(int[][] confusion) =>
        (double)(confusion[0][0] + confusion[1][1]) / Math.Max(1, confusion.Sum(r => r.Sum()));
}

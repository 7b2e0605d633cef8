using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>
/// Classification metrics (<c>system.ClassificationMetrics</c>) in the metadata shape the KFP UI
/// renders: a confusion matrix and a ROC curve.
/// </summary>
[ArtifactSchema("system.ClassificationMetrics")]
public class ClassificationMetrics : Artifact
{
    /// <summary>Records a confusion matrix; <paramref name="matrix"/>[i][j] counts items of class i predicted as j.</summary>
    public void LogConfusionMatrix(IReadOnlyList<string> categories, IReadOnlyList<IReadOnlyList<int>> matrix)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Count != categories.Count || matrix.Any(r => r.Count != categories.Count))
            throw new ArgumentException($"The confusion matrix must be {categories.Count}x{categories.Count}.", nameof(matrix));
        var specs = new JsonArray(categories.Select(c => (JsonNode)new JsonObject { ["displayName"] = c }).ToArray());
        var rows = new JsonArray(matrix.Select(r => (JsonNode)new JsonObject
        {
            ["row"] = new JsonArray(r.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
        }).ToArray());
        Metadata["confusionMatrix"] = new JsonObject { ["annotationSpecs"] = specs, ["rows"] = rows };
    }

    /// <summary>Records a ROC curve, one point per threshold.</summary>
    public void LogRocCurve(IReadOnlyList<double> falsePositiveRate, IReadOnlyList<double> recall, IReadOnlyList<double> threshold)
    {
        if (falsePositiveRate.Count != recall.Count || recall.Count != threshold.Count)
            throw new ArgumentException("The ROC curve's lists must have the same length.");
        Metadata["confidenceMetrics"] = new JsonArray(Enumerable.Range(0, threshold.Count).Select(i => (JsonNode)new JsonObject
        {
            ["confidenceThreshold"] = threshold[i],
            ["falsePositiveRate"] = falsePositiveRate[i],
            ["recall"] = recall[i],
        }).ToArray());
    }
}

/// <summary>Classification metrics per data slice (<c>system.SlicedClassificationMetrics</c>).</summary>
[ArtifactSchema("system.SlicedClassificationMetrics")]
public class SlicedClassificationMetrics : Artifact;

using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>
/// An input artifact of a component: read it from <see cref="Path"/>. In a unit test, create one
/// with <c>new Input&lt;Dataset&gt;("data.csv")</c>.
/// </summary>
public sealed class Input<T> where T : Artifact, new()
{
    /// <summary>Wraps an artifact the executor host built from the executor input.</summary>
    public Input(T artifact) => Artifact = artifact ?? throw new ArgumentNullException(nameof(artifact));

    /// <summary>An input read from a local file or directory, e.g. in unit tests.</summary>
    public Input(string path) : this(new T { Path = System.IO.Path.GetFullPath(path), Uri = System.IO.Path.GetFullPath(path) }) { }

    public T Artifact { get; }
    public string Path => Artifact.Path;
    public string Uri => Artifact.Uri;
    public JsonObject Metadata => Artifact.Metadata;
}

/// <summary>
/// A list of input artifacts (a KFP input with <c>isArtifactList: true</c>): what a component
/// receives from <c>Collected</c> over a loop's output artifacts. In a unit test, create one with
/// <c>new InputList&lt;Model&gt;("a.zip", "b.zip")</c>.
/// </summary>
public sealed class InputList<T> : IReadOnlyList<Input<T>> where T : Artifact, new()
{
    private readonly IReadOnlyList<Input<T>> _items;

    /// <summary>Wraps the artifacts the executor host built from the executor input.</summary>
    public InputList(IEnumerable<Input<T>> items) => _items = [.. items ?? throw new ArgumentNullException(nameof(items))];

    /// <summary>Inputs read from local files or directories, e.g. in unit tests.</summary>
    public InputList(params string[] paths) : this((paths ?? throw new ArgumentNullException(nameof(paths))).Select(p => new Input<T>(p))) { }

    public Input<T> this[int index] => _items[index];
    public int Count => _items.Count;
    public IEnumerator<Input<T>> GetEnumerator() => _items.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// An output artifact of a component: write a file or directory at <see cref="Path"/> and record
/// <see cref="Metadata"/>. In a unit test, create one with <c>new Output&lt;Model&gt;("model.zip")</c>.
/// </summary>
public sealed class Output<T> where T : Artifact, new()
{
    /// <summary>Wraps an artifact the executor host built from the executor input.</summary>
    public Output(T artifact) => Artifact = artifact ?? throw new ArgumentNullException(nameof(artifact));

    /// <summary>An output written to a local path, e.g. in unit tests.</summary>
    public Output(string path) : this(new T { Path = System.IO.Path.GetFullPath(path), Uri = System.IO.Path.GetFullPath(path) }) { }

    public T Artifact { get; }
    public string Path => Artifact.Path;
    public string Uri => Artifact.Uri;
    public JsonObject Metadata => Artifact.Metadata;
}

/// <summary>Metric logging on output artifacts: <c>metrics.Log("accuracy", 0.93)</c>.</summary>
public static class OutputMetricsExtensions
{
    public static void Log(this Output<Metrics> metrics, string name, double value) => metrics.Artifact.Log(name, value);

    public static void LogConfusionMatrix(this Output<ClassificationMetrics> metrics, IReadOnlyList<string> categories, IReadOnlyList<IReadOnlyList<int>> matrix)
        => metrics.Artifact.LogConfusionMatrix(categories, matrix);

    public static void LogRocCurve(this Output<ClassificationMetrics> metrics, IReadOnlyList<double> falsePositiveRate, IReadOnlyList<double> recall, IReadOnlyList<double> threshold)
        => metrics.Artifact.LogRocCurve(falsePositiveRate, recall, threshold);
}

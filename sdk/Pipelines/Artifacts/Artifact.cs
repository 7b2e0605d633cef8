using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>
/// A KFP artifact: a file or directory at <see cref="Path"/> (the local path KFP's launcher maps
/// <see cref="Uri"/> to) plus <see cref="Metadata"/> that KFP stores in ML Metadata.
/// Subclasses mirror KFP's <c>system.*</c> artifact types.
/// </summary>
public class Artifact
{
    /// <summary>KFP's <c>schemaTitle</c> for this artifact type.</summary>
    public virtual string SchemaTitle => "system.Artifact";

    /// <summary>Artifact name (on the KFP backend an ML Metadata id for inputs, the output key for outputs).</summary>
    public string Name { get; init; } = "";

    /// <summary>Remote URI (e.g. <c>minio://bucket/key</c>), or a local path outside KFP.</summary>
    public string Uri { get; init; } = "";

    /// <summary>Local path to read (inputs) or write (outputs): a file or a directory.</summary>
    public string Path { get; init; } = "";

    /// <summary>Metadata recorded with the artifact; values are JSON (<c>a.Metadata["rows"] = 812</c>).</summary>
    public JsonObject Metadata { get; init; } = new();

    /// <summary>The schema title for artifact class <typeparamref name="T"/>.</summary>
    public static string SchemaTitleOf<T>() where T : Artifact, new() => new T().SchemaTitle;
}

/// <summary>A data set (<c>system.Dataset</c>).</summary>
public class Dataset : Artifact { public override string SchemaTitle => "system.Dataset"; }

/// <summary>A trained model (<c>system.Model</c>).</summary>
public class Model : Artifact { public override string SchemaTitle => "system.Model"; }

/// <summary>Scalar metrics (<c>system.Metrics</c>): one numeric metadata entry per metric.</summary>
public class Metrics : Artifact
{
    public override string SchemaTitle => "system.Metrics";

    /// <summary>Records a scalar metric; the KFP UI shows it in the run's metrics table.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite: KFP stores metrics as JSON numbers.</exception>
    public void Log(string name, double value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Metric '{name}' is {value}: KFP can only record finite numbers.");
        Metadata[name] = value;
    }
}

/// <summary>An HTML page the KFP UI can render (<c>system.HTML</c>).</summary>
public class HTML : Artifact { public override string SchemaTitle => "system.HTML"; }

/// <summary>A Markdown document the KFP UI can render (<c>system.Markdown</c>).</summary>
public class Markdown : Artifact { public override string SchemaTitle => "system.Markdown"; }

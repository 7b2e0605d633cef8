using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>
/// A KFP artifact: a file or directory at <see cref="Path"/> (the local path KFP's launcher maps
/// <see cref="Uri"/> to) plus <see cref="Metadata"/> that KFP stores in ML Metadata.
/// Subclasses mirror KFP's <c>system.*</c> artifact types.
/// </summary>
[ArtifactSchema("system.Artifact")]
public class Artifact
{
    /// <summary>KFP's <c>schemaTitle</c> for this artifact type: the <see cref="ArtifactSchemaAttribute"/> of its class
    /// or of the nearest base class that has one.</summary>
    public virtual string SchemaTitle => ArtifactSchemas.Of(GetType()).Title;

    /// <summary>KFP's <c>schemaVersion</c> for this artifact type (<c>0.0.1</c> unless <see cref="ArtifactSchemaAttribute"/> says otherwise).</summary>
    public virtual string SchemaVersion => ArtifactSchemas.Of(GetType()).Version;

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

    /// <summary>The schema version for artifact class <typeparamref name="T"/>.</summary>
    public static string SchemaVersionOf<T>() where T : Artifact, new() => new T().SchemaVersion;
}

/// <summary>A data set (<c>system.Dataset</c>).</summary>
[ArtifactSchema("system.Dataset")]
public class Dataset : Artifact;

/// <summary>A trained model (<c>system.Model</c>).</summary>
[ArtifactSchema("system.Model")]
public class Model : Artifact;

/// <summary>Scalar metrics (<c>system.Metrics</c>): one numeric metadata entry per metric.</summary>
[ArtifactSchema("system.Metrics")]
public class Metrics : Artifact
{
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
[ArtifactSchema("system.HTML")]
public class HTML : Artifact;

/// <summary>A Markdown document the KFP UI can render (<c>system.Markdown</c>).</summary>
[ArtifactSchema("system.Markdown")]
public class Markdown : Artifact;

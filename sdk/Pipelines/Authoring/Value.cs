using System.ComponentModel;
using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>Where a value in a pipeline comes from.</summary>
internal abstract record ValueSource;
/// <summary>A compile-time constant (<c>runtimeValue.constant</c>).</summary>
internal sealed record ConstantSource(JsonNode? Value) : ValueSource;
/// <summary>An input of the pipeline (<c>componentInputParameter</c> / <c>componentInputArtifact</c>).</summary>
internal sealed record PipelineInputSource(string Name) : ValueSource;
/// <summary>An output of another task (<c>taskOutputParameter</c> / <c>taskOutputArtifact</c>).</summary>
internal sealed record TaskOutputSource(PipelineTask Task, string Key) : ValueSource;

/// <summary>
/// A parameter value inside a pipeline body: a constant, a pipeline parameter or a task output.
/// Constants convert implicitly (<c>fill: 0.5</c>); the type parameter keeps wiring type-checked.
/// </summary>
public class Value<T>
{
    internal Value(ValueSource source) => Source = source;

    internal ValueSource Source { get; }

    public static implicit operator Value<T>(T value) => new(new ConstantSource(KfpJson.ToNode(value)));

    /// <summary>A constant value.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Value<T> Constant(T value) => value;

    public override string ToString() => Source switch
    {
        ConstantSource c => c.Value?.ToJsonString() ?? "null",
        PipelineInputSource p => $"pipeline parameter '{p.Name}'",
        TaskOutputSource t => $"output '{t.Key}' of task '{t.Task.Name}'",
        _ => Source.ToString()!,
    };
}

/// <summary>A run parameter of a pipeline (a parameter of the <c>[Pipeline]</c> method).</summary>
public sealed class Param<T> : Value<T>
{
    internal Param(string name) : base(new PipelineInputSource(name)) => Name = name;

    /// <summary>The parameter's KFP name (snake_case).</summary>
    public string Name { get; }
}

/// <summary>A reference to an artifact inside a pipeline body: a task's output artifact.</summary>
public class ArtifactRef
{
    internal ArtifactRef(ValueSource source) => Source = source;

    internal ValueSource Source { get; }

    public override string ToString() => Source switch
    {
        PipelineInputSource p => $"pipeline input '{p.Name}'",
        TaskOutputSource t => $"artifact '{t.Key}' of task '{t.Task.Name}'",
        _ => Source.ToString()!,
    };
}

/// <summary>A typed artifact reference: passing a <c>Model</c> where a <c>Dataset</c> is expected does not compile.</summary>
public sealed class ArtifactRef<T> : ArtifactRef where T : Artifact, new()
{
    internal ArtifactRef(ValueSource source) : base(source) { }
}

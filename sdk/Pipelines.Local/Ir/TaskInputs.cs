using System.Text.Json.Nodes;

namespace Pipelines.Local.Ir;

/// <summary>Where a task's input parameter comes from (<c>inputs.parameters.x</c>).</summary>
public abstract record ParameterSource
{
    /// <summary><c>parameterExpressionSelector</c>, e.g. <c>parseJson(string_value)["rate"]</c>.</summary>
    public string? Selector { get; init; }

    public sealed record FromComponentInput(string Name) : ParameterSource;
    public sealed record FromTaskOutput(string Producer, string Key) : ParameterSource;
    public sealed record Constant(JsonNode? Value) : ParameterSource;
    public sealed record TaskFinalStatus(string Producer) : ParameterSource;
}

/// <summary>Where a task's input artifact comes from.</summary>
public abstract record ArtifactSource
{
    public sealed record FromComponentInput(string Name) : ArtifactSource;
    public sealed record FromTaskOutput(string Producer, string Key) : ArtifactSource;
}

/// <summary>One producer of a DAG output (<c>valueFromParameter</c>, one entry of
/// <c>valueFromOneof</c> or of <c>artifactSelectors</c>).</summary>
public sealed record OutputSelector(string ProducerSubtask, string Key);

/// <summary>A DAG's outputs: each is one selector, or several for a one-of (first that ran wins).</summary>
public sealed record DagOutputs(IReadOnlyDictionary<string, IReadOnlyList<OutputSelector>> Parameters, IReadOnlyDictionary<string, IReadOnlyList<OutputSelector>> Artifacts);

using System.Text.Json.Nodes;

namespace Pipelines.Kfp.Api;

/// <summary>A run (v2beta1 <c>Run</c>), with the fields this client sends or reads.</summary>
public sealed record Run
{
    public string? ExperimentId { get; init; }
    public string? RunId { get; init; }
    public string? DisplayName { get; init; }
    public string? Description { get; init; }
    public PipelineVersionReference? PipelineVersionReference { get; init; }
    public RuntimeConfig? RuntimeConfig { get; init; }
    public string? ServiceAccount { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>One of <see cref="RuntimeState"/>'s names (a string: a newer server may add states).</summary>
    public string? State { get; init; }
    /// <summary>Why the run failed, when it did.</summary>
    public RpcStatus? Error { get; init; }
}

/// <summary>Which pipeline version a run executes.</summary>
public sealed record PipelineVersionReference
{
    public string? PipelineId { get; init; }
    public string? PipelineVersionId { get; init; }
}

/// <summary>A run's inputs: parameter values as JSON values (protobuf <c>Value</c>s), typed per the spec.</summary>
public sealed record RuntimeConfig
{
    public JsonObject? Parameters { get; init; }
    public string? PipelineRoot { get; init; }
}

/// <summary>A <c>google.rpc.Status</c> as KFP puts it inside objects (a run's <c>error</c>).</summary>
public sealed record RpcStatus
{
    public int? Code { get; init; }
    public string? Message { get; init; }
}

using System.Text.Json.Nodes;

namespace Pipelines.Local.Ir;

/// <summary>KFP's <c>retryPolicy</c>.</summary>
public sealed record RetryPolicy(int MaxRetryCount, TimeSpan Backoff, double Factor, TimeSpan MaxBackoff)
{
    /// <summary>Wait before retry number <paramref name="retry"/> (1-based), as Argo does it: backoff × factor^(n-1), capped.</summary>
    public TimeSpan DelayBefore(int retry)
    {
        var seconds = Backoff.TotalSeconds * Math.Pow(Factor <= 0 ? 1 : Factor, retry - 1);
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxBackoff > TimeSpan.Zero ? MaxBackoff.TotalSeconds : seconds));
    }
}

/// <summary>A loop: <c>parameterIterator</c> (raw list or input parameter) or <c>artifactIterator</c>.</summary>
public sealed record IteratorSpec(string ItemInput, bool OverArtifacts, JsonArray? RawItems, string? InputName, int ParallelismLimit);

/// <summary>One task of a DAG.</summary>
public sealed record TaskSpec(
    string Name,
    string DisplayName,
    string ComponentName,
    IReadOnlyList<string> DependentTasks,
    IReadOnlyDictionary<string, ParameterSource> Parameters,
    IReadOnlyDictionary<string, ArtifactSource> Artifacts,
    string? Condition,
    bool RunsAfterUpstreamFailure,
    IteratorSpec? Iterator,
    bool CacheEnabled,
    string? CacheKey,
    RetryPolicy? Retry)
{
    /// <summary>Every task this one waits for: <c>dependentTasks</c> and the producers its inputs name.</summary>
    public IEnumerable<string> Upstream() => DependentTasks
        .Concat(Parameters.Values.Select(p => p switch
        {
            ParameterSource.FromTaskOutput t => t.Producer,
            ParameterSource.TaskFinalStatus f => f.Producer,
            _ => null,
        }).OfType<string>())
        .Concat(Artifacts.Values.OfType<ArtifactSource.FromTaskOutput>().Select(a => a.Producer))
        .Distinct(StringComparer.Ordinal);
}

/// <summary>A component: a DAG of tasks, or an executor (container or importer).</summary>
public sealed record ComponentSpec(string Name, Interface Inputs, Interface Outputs, string? ExecutorLabel, DagSpec? Dag)
{
    /// <summary>Its <c>taskConfigPassthroughs</c>, in order: KFP field name (<c>RESOURCES</c>, <c>ENV</c>, …) and <c>applyToTask</c>.</summary>
    public IReadOnlyList<TaskConfigPassthrough> Passthroughs { get; init; } = [];
}

/// <summary>One entry of a component's <c>taskConfigPassthroughs</c>.</summary>
public sealed record TaskConfigPassthrough(string Field, bool ApplyToTask);

/// <summary>A component's DAG.</summary>
public sealed record DagSpec(IReadOnlyDictionary<string, TaskSpec> Tasks, DagOutputs Outputs);

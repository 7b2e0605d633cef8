using System.Text.Json.Nodes;

namespace Pipelines.Local;

/// <summary>What one task of a DAG ended with, as its dependants see it.</summary>
internal sealed record TaskOutcome(
    TaskState State,
    IReadOnlyDictionary<string, JsonNode?> Parameters,
    IReadOnlyDictionary<string, IReadOnlyList<RuntimeArtifact>> Artifacts,
    string? Error,
    bool IsLoop = false)
{
    private static readonly Dictionary<string, JsonNode?> NoParameters = new();
    private static readonly Dictionary<string, IReadOnlyList<RuntimeArtifact>> NoArtifacts = new();

    /// <summary>Failed, cancelled, or not run because something upstream failed: stops dependants.</summary>
    public bool PropagatesFailure { get; init; }

    /// <summary>DAG outputs that are already lists collected by an inner loop (flattened by an outer loop).</summary>
    public IReadOnlySet<string> CollectedKeys { get; init; } = new HashSet<string>();

    public bool Ran => State is TaskState.Succeeded or TaskState.Cached;

    public static TaskOutcome Failed(string error) => new(TaskState.Failed, NoParameters, NoArtifacts, error) { PropagatesFailure = true };
    public static TaskOutcome Cancelled(string reason = "cancelled") => new(TaskState.Cancelled, NoParameters, NoArtifacts, reason) { PropagatesFailure = true };
    public static TaskOutcome Skipped(string reason, bool propagatesFailure) => new(TaskState.Skipped, NoParameters, NoArtifacts, reason) { PropagatesFailure = propagatesFailure };
}

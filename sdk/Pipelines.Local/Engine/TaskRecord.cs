using System.Text.Json.Nodes;

namespace Pipelines.Local;

/// <summary>The mutable, lock-guarded record of one task while the run goes; frozen into a <see cref="TaskResult"/>.</summary>
internal sealed class TaskRecord(string path, string name, string displayName, string kind)
{
    public string Path { get; } = path;
    public string Name { get; } = name;
    public string DisplayName { get; } = displayName;
    public string Kind { get; } = kind;
    public TaskState State { get; set; } = TaskState.Pending;
    public string? Reason { get; set; }
    public int Attempts { get; set; }
    public int MaxAttempts { get; set; } = 1;
    public DateTimeOffset? Started { get; set; }
    public DateTimeOffset? Ended { get; set; }
    public IReadOnlyDictionary<string, JsonNode?> OutputParameters { get; set; } = new Dictionary<string, JsonNode?>();
    public IReadOnlyDictionary<string, IReadOnlyList<RuntimeArtifact>> OutputArtifacts { get; set; } = new Dictionary<string, IReadOnlyList<RuntimeArtifact>>();
    public string? CacheKey { get; set; }
    public string? StdoutPath { get; set; }
    public string? StderrPath { get; set; }

    public TaskResult Freeze(DateTimeOffset now) => new(Path, Name, DisplayName, Kind, State, Reason, Attempts, Started,
        Started is { } s ? (Ended ?? now) - s : TimeSpan.Zero, OutputParameters, OutputArtifacts, CacheKey, StdoutPath, StderrPath);
}

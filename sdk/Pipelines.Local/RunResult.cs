using System.Text.Json.Nodes;

namespace Pipelines.Local;

public enum TaskState { Pending, Running, Retrying, Cached, Succeeded, Failed, Skipped, Cancelled }

public enum RunState { Running, Succeeded, Failed, Cancelled }

/// <summary>One task of a finished run (containers, importers, and the DAG groups that hold them).</summary>
public sealed record TaskResult(
    string Path,
    string Name,
    string DisplayName,
    string Kind,
    TaskState State,
    string? Reason,
    int Attempts,
    DateTimeOffset? Started,
    TimeSpan Duration,
    IReadOnlyDictionary<string, JsonNode?> OutputParameters,
    IReadOnlyDictionary<string, IReadOnlyList<RuntimeArtifact>> OutputArtifacts,
    string? CacheKey,
    string? StdoutPath,
    string? StderrPath)
{
    /// <summary>The local path of output artifact <paramref name="name"/> (the first, for lists).</summary>
    public string ArtifactPath(string name) => OutputArtifacts.TryGetValue(name, out var list) && list.Count > 0
        ? Placeholders.LocalPath(list[0].Uri) : throw new KeyNotFoundException($"task '{Path}' has no output artifact '{name}'");
}

/// <summary>The outcome of a local run: what <c>run.json</c> records.</summary>
public sealed record RunResult(
    string PipelineName,
    string RunId,
    string RunDirectory,
    RunState State,
    IReadOnlyDictionary<string, JsonNode?> Parameters,
    IReadOnlyList<TaskResult> Tasks,
    IReadOnlyList<string> Notices,
    DateTimeOffset Started,
    TimeSpan Duration)
{
    public bool Succeeded => State == RunState.Succeeded;

    /// <summary>The task with this path (<c>exit-handler-1/train-2</c>) or, when unique, this name or display name.</summary>
    public TaskResult Task(string pathOrName)
    {
        var exact = Tasks.FirstOrDefault(t => t.Path == pathOrName);
        if (exact is not null) return exact;
        var named = Tasks.Where(t => t.Name == pathOrName || t.DisplayName == pathOrName).ToList();
        return named.Count == 1 ? named[0]
            : throw new KeyNotFoundException(named.Count == 0 ? $"no task '{pathOrName}' in the run" : $"'{pathOrName}' names {named.Count} tasks: {string.Join(", ", named.Select(t => t.Path))}");
    }

    /// <summary>The container and importer tasks (not the DAG groups).</summary>
    public IEnumerable<TaskResult> Steps => Tasks.Where(t => t.Kind is "container" or "importer");
}

namespace Pipelines.Graphs;

/// <summary>The state of a task in a run, for colouring a picture of the run.</summary>
public enum TaskState
{
    Pending,
    Running,
    Succeeded,
    Failed,
    Cached,
    Skipped,
}

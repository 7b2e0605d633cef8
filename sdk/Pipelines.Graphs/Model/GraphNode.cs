namespace Pipelines.Graphs;

/// <summary>A task that runs a component.</summary>
/// <param name="Id">Unique in the graph: the task names from the root DAG down, joined by <c>/</c>
/// (<c>exit-handler-1/for-loop-3/train</c>); a root task's id is its name.</param>
/// <param name="TaskName">The task's key in its DAG.</param>
/// <param name="Label">What the picture shows: <c>taskInfo.name</c> (a display name) or the task name.</param>
/// <param name="GroupId">The enclosing group, or null at the root.</param>
public sealed record GraphNode(string Id, string TaskName, string Label, NodeKind Kind, string? GroupId);

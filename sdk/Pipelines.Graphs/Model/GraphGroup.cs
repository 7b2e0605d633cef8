namespace Pipelines.Graphs;

/// <summary>A task that runs a DAG component: a control-flow group or a nested pipeline.</summary>
/// <param name="Id">Unique in the graph, formed like <see cref="GraphNode.Id"/>.</param>
/// <param name="TaskName">The task's key in its DAG (<c>condition-2</c>, <c>for-loop-3</c>, ...).</param>
/// <param name="Title">Readable: <c>if pick-best-accuracy &gt;= accuracy_threshold</c>, <c>for each item in [...]</c>, <c>exit handler</c>.</param>
/// <param name="ParentId">The enclosing group, or null at the root.</param>
public sealed record GraphGroup(string Id, string TaskName, GroupKind Kind, string Title, string? ParentId);

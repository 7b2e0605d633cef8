namespace Pipelines.Graphs;

/// <summary>The DAG of one pipeline: every task (also inside groups), every group, and the edges
/// between tasks of the same DAG, as the IR states them. Immutable and compared by value.</summary>
/// <param name="Name"><c>pipelineInfo.name</c>.</param>
/// <param name="Nodes">Sorted by id.</param>
/// <param name="Groups">Sorted by id.</param>
/// <param name="Edges">Sorted by producer, then consumer.</param>
public sealed record TaskGraph(string Name, EquatableList<GraphNode> Nodes, EquatableList<GraphGroup> Groups, EquatableList<GraphEdge> Edges)
{
    /// <summary>The nodes directly in <paramref name="groupId"/> (null: the root DAG).</summary>
    public IEnumerable<GraphNode> NodesIn(string? groupId) => Nodes.Where(n => n.GroupId == groupId);

    /// <summary>The groups directly in <paramref name="groupId"/> (null: the root DAG).</summary>
    public IEnumerable<GraphGroup> GroupsIn(string? groupId) => Groups.Where(g => g.ParentId == groupId);
}

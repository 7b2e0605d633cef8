namespace Pipelines.Graphs;

/// <summary>A dependency between two tasks of one DAG (nodes or groups).</summary>
/// <param name="From">Id of the producer (a node or a group).</param>
/// <param name="To">Id of the consumer (a node or a group).</param>
/// <param name="Outputs">The producer's outputs the consumer reads, sorted; empty for <see cref="EdgeKind.Order"/>.
/// A group's outputs are named as KFP names them, without the <c>pipelinechannel--</c> prefix.</param>
public sealed record GraphEdge(string From, string To, EdgeKind Kind, EquatableList<string> Outputs)
{
    /// <summary>What the picture writes on the edge: the outputs, comma-separated; empty for an ordering.</summary>
    public string Label => Kind == EdgeKind.FinalStatus ? "final status" : string.Join(", ", Outputs);
}

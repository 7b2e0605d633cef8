namespace Pipelines.Graphs;

/// <summary>Why one task waits for another.</summary>
public enum EdgeKind
{
    /// <summary>An output of the producer is an input of the consumer (<c>taskOutputParameter</c>/<c>taskOutputArtifact</c>).</summary>
    Data,
    /// <summary>Only an ordering (<c>dependentTasks</c>, e.g. <c>.After(...)</c>): nothing flows.</summary>
    Order,
    /// <summary>The consumer reads how the producer ended (<c>taskFinalStatus</c>: an exit handler's task).</summary>
    FinalStatus,
}

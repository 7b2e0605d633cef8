namespace Pipelines.Graphs;

/// <summary>The DAG component a group stands for (KFP names them by their task: <c>condition-N</c>, ...).</summary>
public enum GroupKind
{
    /// <summary><c>condition-N</c>: runs when its <c>triggerPolicy.condition</c> holds.</summary>
    Condition,
    /// <summary><c>condition-branches-N</c>: the if / else-if / else chain around its conditions.</summary>
    Branches,
    /// <summary><c>for-loop-N</c>: one iteration per item of its <c>parameterIterator</c> or <c>artifactIterator</c>.</summary>
    Loop,
    /// <summary><c>exit-handler-N</c>: its exit task runs after it, however it ended.</summary>
    ExitHandler,
    /// <summary>Another pipeline used as a task.</summary>
    Pipeline,
}

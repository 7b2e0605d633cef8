namespace Pipelines.Graphs;

/// <summary>What a task node runs.</summary>
public enum NodeKind
{
    /// <summary>A container component.</summary>
    Task,
    /// <summary>A <c>dsl.importer</c>-style task that only registers an existing artifact.</summary>
    Importer,
}

namespace Pipelines.Graphs;

/// <summary>The document is not a KFP pipeline spec this reader understands; the message names the field.</summary>
public sealed class TaskGraphException(string message, Exception? inner = null) : Exception(message, inner);

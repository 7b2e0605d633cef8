namespace Pipelines;

/// <summary>An exit task that runs when the body's tasks finish, whatever their state.</summary>
public sealed partial class PipelineBuilder
{
    /// <summary>
    /// Runs <paramref name="body"/>'s tasks in an <c>exit-handler-N</c> group and the task
    /// <paramref name="exitTask"/> creates after it, however the group ends (success, failure,
    /// cancellation). A <see cref="PipelineTaskFinalStatus"/> parameter of the exit task's component
    /// receives the group's status. Only at the pipeline's outermost scope; the exit task may take
    /// pipeline parameters and constants but no task outputs.
    /// </summary>
    public void ExitHandler(Func<PipelineTask> exitTask, Action body, string? displayName = null)
    {
        ArgumentNullException.ThrowIfNull(exitTask);
        ArgumentNullException.ThrowIfNull(body);
        EnsureCurrent();
        var location = SourceLocation.Capture();
        if (Scope is not RootGroup)
        {
            throw new PipelineDefinitionException(PipelineErrors.ExitHandlerNotAtRoot,
                $"pipeline '{Pipeline.Name}': an ExitHandler must be at the pipeline's outermost scope, not inside {Scope.Construct} '{Scope.Name}'", location);
        }

        var before = Graph.Tasks.Count;
        var task = exitTask();
        if (task is null || Graph.Tasks.Count != before + 1 || !ReferenceEquals(Graph.Tasks[^1], task))
        {
            throw new PipelineDefinitionException(PipelineErrors.InvalidExitTask,
                $"pipeline '{Pipeline.Name}': the exitTask function of an ExitHandler must create exactly one task and return it (it created {Graph.Tasks.Count - before})", location);
        }

        if (task.Kind != TaskKind.Container)
        {
            throw new PipelineDefinitionException(PipelineErrors.InvalidExitTask,
                $"pipeline '{Pipeline.Name}': the exit task '{task.Name}' must run a component, not a {task.Kind.ToString().ToLowerInvariant()}", location);
        }

        var group = new ExitHandlerGroup(Graph.NextGroupId(), Scope, task, displayName, location);
        task.ExitHandlerOf = group;
        Run(group, body);
    }
}

using System.ComponentModel;
using Pipelines.Naming;

namespace Pipelines;

/// <summary>
/// Records the tasks of one pipeline while the build traces its <c>[Pipeline]</c> method. Task
/// factories add tasks to <see cref="Current"/>; the compiler turns the recording into KFP IR.
/// </summary>
public sealed class PipelineBuilder
{
    private static readonly AsyncLocal<PipelineBuilder?> s_current = new();
    private readonly List<PipelineTask> _tasks = [];
    private readonly HashSet<string> _taskNames = new(StringComparer.Ordinal);

    internal PipelineBuilder(PipelineRegistration pipeline) => Pipeline = pipeline;

    /// <summary>The pipeline being traced.</summary>
    public PipelineRegistration Pipeline { get; }

    /// <summary>The builder of the pipeline being traced on this flow of execution.</summary>
    public static PipelineBuilder Current => s_current.Value ?? throw new InvalidOperationException(
        "Task factories can only be called while a [Pipeline] method is traced (the build does this). " +
        "To run a component's code directly, call its [Component] method instead.");

    internal IReadOnlyList<PipelineTask> Tasks => _tasks;

    /// <summary>The run parameter <paramref name="name"/>; called by the generated pipeline registration.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Param<T> Parameter<T>(string name) => new(name);

    /// <summary>Adds a task for <paramref name="component"/>; called by generated task factories.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public T AddTask<T>(T task, ComponentInfo component) where T : PipelineTask
    {
        string baseName = KfpNames.ToKebabCase(component.Name);
        string name = baseName;
        for (int i = 2; !_taskNames.Add(name); i++) name = $"{baseName}-{i}";
        task.Attach(name, component);
        _tasks.Add(task);
        return task;
    }

    /// <summary>Runs the pipeline body with this builder as <see cref="Current"/>.</summary>
    internal static PipelineBuilder Trace(PipelineRegistration pipeline)
    {
        var builder = new PipelineBuilder(pipeline);
        var previous = s_current.Value;
        s_current.Value = builder;
        try
        {
            pipeline.Define(builder);
        }
        finally
        {
            s_current.Value = previous;
        }
        return builder;
    }
}

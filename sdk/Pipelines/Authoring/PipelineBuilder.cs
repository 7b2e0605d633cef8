using System.ComponentModel;
using Pipelines.Naming;

namespace Pipelines;

/// <summary>
/// Records the tasks of one pipeline while the build traces its <c>[Pipeline]</c> method. Task
/// factories add tasks to <see cref="Current"/>; the control-flow methods (<see cref="If(Condition, Action, string?)"/>,
/// <see cref="ParallelFor{T}(IEnumerable{T}, Action{LoopItem{T}}, int, string?)"/>,
/// <see cref="ExitHandler"/>) open groups that the tasks created in their bodies belong to. The
/// compiler turns the recording into KFP IR (docs/kfp-contract.md#control-flow).
/// </summary>
/// <remarks>One file per construct: <c>PipelineBuilder.Conditions.cs</c>, <c>.Loops.cs</c>,
/// <c>.ExitHandler.cs</c>, <c>.Importer.cs</c>; this one holds the recording and what generated code calls.</remarks>
public sealed partial class PipelineBuilder
{
    private static readonly AsyncLocal<PipelineBuilder?> s_current = new();
    private readonly HashSet<string> _taskNames = new(StringComparer.Ordinal);
    private readonly List<PipelineGroup> _scopes = [];
    private readonly PipelineBuilder? _parent;

    internal PipelineBuilder(PipelineRegistration pipeline, PipelineBuilder? parent = null)
    {
        Pipeline = pipeline;
        _parent = parent;
        Graph = new PipelineGraph(pipeline);
        _scopes.Add(Graph.Root);
    }

    /// <summary>The pipeline being traced.</summary>
    public PipelineRegistration Pipeline { get; }

    /// <summary>The builder of the pipeline being traced on this flow of execution.</summary>
    public static PipelineBuilder Current => s_current.Value ?? throw new InvalidOperationException(
        "Task factories can only be called while a [Pipeline] method is traced (the build does this). " +
        "To run a component's code directly, call its [Component] method instead.");

    internal PipelineGraph Graph { get; }
    internal IReadOnlyList<PipelineTask> Tasks => Graph.Tasks;

    /// <summary>The group new tasks and groups go into.</summary>
    internal PipelineGroup Scope => _scopes[^1];

    // ---- called by generated code ----

    /// <summary>The run parameter <paramref name="name"/>; called by the generated pipeline registration.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Param<T> Parameter<T>(string name) => new(name, Graph);

    /// <summary>The input artifact <paramref name="name"/> of a pipeline used as a task in another
    /// (a <c>[Pipeline]</c> parameter of type <see cref="ArtifactRef{T}"/>); called by the generated registration.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public ArtifactRef<T> ArtifactParameter<T>(string name) where T : Artifact, new() => new(new PipelineInputSource(name, Graph));

    /// <summary>The input artifact list <paramref name="name"/> of a pipeline used as a task in another (a <c>[Pipeline]</c>
    /// parameter of type <see cref="ArtifactListRef{T}"/>, KFP's <c>Input[List[T]]</c>); called by the generated registration.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public ArtifactListRef<T> ArtifactListParameter<T>(string name) where T : Artifact, new() => new(new PipelineInputSource(name, Graph));

    /// <summary>Adds a task for <paramref name="component"/>; called by generated task factories.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public T AddTask<T>(T task, ComponentInfo component) where T : PipelineTask => AddTaskCore(task, component, TaskKind.Container);

    /// <summary>
    /// Adds a task that runs another <c>[Pipeline]</c> as a DAG component; called by generated task
    /// factories of pipelines. The nested pipeline is traced now, with its own task names and group
    /// numbers; its outputs (what its method returned) are the task's outputs.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public T AddPipelineTask<T>(T task, PipelineRegistration pipeline) where T : PipelineTask
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(pipeline);
        var location = SourceLocation.Capture();
        for (var b = this; b is not null; b = b._parent)
        {
            if (b.Pipeline.Name == pipeline.Name)
            {
                throw new PipelineDefinitionException(PipelineErrors.RecursivePipeline,
                    $"pipeline '{Pipeline.Name}' uses pipeline '{pipeline.Name}' as a task inside itself", location);
            }
        }

        if (!KfpNames.PipelineName.IsMatch(pipeline.Name))
        {
            throw new PipelineDefinitionException(PipelineErrors.InvalidName,
                $"'{pipeline.Name}' is not a valid pipeline name: use 1-128 lowercase letters, digits and '-', starting with a letter or digit", location);
        }

        var inner = Trace(pipeline, this);
        var component = new ComponentInfo
        {
            Name = pipeline.Name,
            Description = pipeline.Description,
            Method = pipeline.Name,
            InputDefinitions = inner.Graph.InputDefinitions,
            OutputDefinitions = inner.Graph.OutputDefinitions(),
        };
        AddTaskCore(task, component, TaskKind.Pipeline, location);
        task.NestedGraph = inner.Graph;
        return task;
    }

    /// <summary>Records a pipeline output parameter (<c>root.dag.outputs</c>): what the <c>[Pipeline]</c>
    /// method returned; called by the generated registration.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void Output<T>(string name, Value<T> value) => Output(name, value, description: null);

    /// <summary>Records a pipeline output parameter with the description of the method's <c>&lt;returns&gt;</c>
    /// documentation; called by the generated registration.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void Output<T>(string name, Value<T> value, string? description)
    {
        ArgumentNullException.ThrowIfNull(value);
        AddOutput(name, value.Source, isArtifact: false, description);
    }

    /// <summary>Records a pipeline output artifact; called by the generated registration.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void Output(string name, ArtifactRef artifact) => Output(name, artifact, description: null);

    /// <summary>Records a pipeline output artifact with a description; called by the generated registration.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void Output(string name, ArtifactRef artifact, string? description)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        AddOutput(name, artifact.Source, isArtifact: true, description);
    }

    // ---- tracing ----

    /// <summary>Runs the pipeline body with this builder as <see cref="Current"/>.</summary>
    internal static PipelineBuilder Trace(PipelineRegistration pipeline) => Trace(pipeline, null);

    private static PipelineBuilder Trace(PipelineRegistration pipeline, PipelineBuilder? parent)
    {
        var builder = new PipelineBuilder(pipeline, parent);
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

    // ---- internals ----

    private T AddTaskCore<T>(T task, ComponentInfo component, TaskKind kind, string? location = null) where T : PipelineTask
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(component);
        var baseName = KfpNames.ToKebabCase(component.Name);
        var name = baseName;
        for (var i = 2; !_taskNames.Add(name); i++) name = $"{baseName}-{i}";
        task.Attach(name, component, kind);
        task.Parent = Scope;
        task.Graph = Graph;
        task.DefinedAt = location ?? SourceLocation.Capture();
        Scope.Children.Add(task);
        Graph.Tasks.Add(task);
        return task;
    }

    private void AddOutput(string name, ValueSource source, bool isArtifact, string? description)
    {
        var location = SourceLocation.Capture();
        if (string.IsNullOrEmpty(name) || !KfpNames.IoName.IsMatch(name))
            throw new PipelineDefinitionException(PipelineErrors.InvalidPipelineOutput, $"pipeline '{Pipeline.Name}': '{name}' is not a valid output name", location);
        if (Graph.Outputs.Any(o => o.Name == name))
            throw new PipelineDefinitionException(PipelineErrors.InvalidPipelineOutput, $"pipeline '{Pipeline.Name}' has two outputs named '{name}'", location);
        var output = new PipelineOutput(name, source, isArtifact, location, description);
        GraphTypes.OutputDefinition(Graph, output); // fails early for outputs that are no task outputs
        Graph.Outputs.Add(output);
    }

    private void EnsureCurrent()
    {
        if (!ReferenceEquals(s_current.Value, this))
        {
            throw new InvalidOperationException(
                $"The builder of pipeline '{Pipeline.Name}' is not the one being traced: use the PipelineBuilder parameter of the [Pipeline] method you are in.");
        }
    }

    /// <summary>Runs <paramref name="body"/> with <paramref name="group"/> as the scope, then closes it.</summary>
    private void Run(PipelineGroup group, Action body)
    {
        group.Parent!.Children.Add(group);
        _scopes.Add(group);
        try
        {
            body();
        }
        finally
        {
            _scopes.RemoveAt(_scopes.Count - 1);
        }
    }
}

using System.ComponentModel;
using System.Text.Json.Nodes;
using Pipelines.Naming;

namespace Pipelines;

/// <summary>
/// Records the tasks of one pipeline while the build traces its <c>[Pipeline]</c> method. Task
/// factories add tasks to <see cref="Current"/>; the control-flow methods (<see cref="If(Condition, Action, string?)"/>,
/// <see cref="ParallelFor{T}(IEnumerable{T}, Action{LoopItem{T}}, int, string?)"/>,
/// <see cref="ExitHandler"/>) open groups that the tasks created in their bodies belong to. The
/// compiler turns the recording into KFP IR (kfp-ir.md §4-§5).
/// </summary>
public sealed class PipelineBuilder
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
        string? location = SourceLocation.Capture();
        for (var b = this; b is not null; b = b._parent)
            if (b.Pipeline.Name == pipeline.Name)
                throw new PipelineDefinitionException(PipelineErrors.RecursivePipeline,
                    $"pipeline '{Pipeline.Name}' uses pipeline '{pipeline.Name}' as a task inside itself", location);
        if (!KfpNames.PipelineName.IsMatch(pipeline.Name))
            throw new PipelineDefinitionException(PipelineErrors.InvalidName,
                $"'{pipeline.Name}' is not a valid pipeline name: use 1-128 lowercase letters, digits and '-', starting with a letter or digit", location);

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
    public void Output<T>(string name, Value<T> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        AddOutput(name, value.Source, isArtifact: false);
    }

    /// <summary>Records a pipeline output artifact; called by the generated registration.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void Output(string name, ArtifactRef artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        AddOutput(name, artifact.Source, isArtifact: true);
    }

    // ---- conditions ----

    /// <summary>
    /// Runs the tasks <paramref name="body"/> creates only when <paramref name="condition"/> holds
    /// (a <c>condition-N</c> group with <c>triggerPolicy.condition</c>). Chain
    /// <see cref="ConditionChain.ElseIf"/> and <see cref="ConditionChain.Else"/> directly after it.
    /// </summary>
    /// <param name="displayName">Name shown in the KFP UI (<c>taskInfo.name</c>) instead of <c>condition-N</c>.</param>
    public ConditionChain If(Condition condition, Action body, string? displayName = null)
    {
        var chain = StartChain(condition, body, displayName);
        return new ConditionChain(chain);
    }

    /// <summary>
    /// <see cref="If(Condition, Action, string?)"/> whose branches each return a task output:
    /// end the chain with <see cref="ValueConditionChain{T}.Else"/> to get the output of whichever
    /// branch ran (KFP's <c>dsl.OneOf</c>).
    /// </summary>
    public ValueConditionChain<T> If<T>(Condition condition, Func<Value<T>> body, string? displayName = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        TaskOutputSource? value = null;
        var chain = StartChain(condition, () => value = BranchValue(body().Source, "If"), displayName);
        chain.Values.Add(value!);
        return new ValueConditionChain<T>(chain);
    }

    /// <summary>
    /// <see cref="If(Condition, Action, string?)"/> whose branches each return an output artifact:
    /// end the chain with <see cref="ArtifactConditionChain{T}.Else"/> to get the artifact of whichever
    /// branch ran (KFP's <c>dsl.OneOf</c>).
    /// </summary>
    public ArtifactConditionChain<T> If<T>(Condition condition, Func<ArtifactRef<T>> body, string? displayName = null) where T : Artifact, new()
    {
        ArgumentNullException.ThrowIfNull(body);
        TaskOutputSource? value = null;
        var chain = StartChain(condition, () => value = BranchValue(body().Source, "If"), displayName);
        chain.Values.Add(value!);
        return new ArtifactConditionChain<T>(chain);
    }

    /// <summary>
    /// The output of whichever branch of one If/ElseIf/Else chain ran (KFP's <c>dsl.OneOf</c>): pass
    /// one task output from each branch, the chain must end with <c>Else</c>. Compiles to
    /// <c>valueFromOneof</c> on the <c>condition-branches-N</c> group.
    /// </summary>
    public Value<T> OneOf<T>(params Value<T>[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new Value<T>(MakeOneOf(values.Select(v => v?.Source)));
    }

    /// <summary>The artifact of whichever branch of one If/ElseIf/Else chain ran (<c>artifactSelectors</c> over the branches).</summary>
    public ArtifactRef<T> OneOf<T>(params ArtifactRef<T>[] artifacts) where T : Artifact, new()
    {
        ArgumentNullException.ThrowIfNull(artifacts);
        return new ArtifactRef<T>(MakeOneOf(artifacts.Select(a => a?.Source)));
    }

    // ---- loops ----

    /// <summary>
    /// Runs the tasks <paramref name="body"/> creates once per item of a constant list, in parallel
    /// (a <c>for-loop-N</c> group with <c>parameterIterator.items.raw</c>). Use the item as a value,
    /// or one field of a record/dictionary item with <see cref="LoopItem{T}.Field{TField}"/>.
    /// </summary>
    /// <param name="parallelism">At most this many iterations at once (<c>iteratorPolicy.parallelismLimit</c>); 0 = unlimited.</param>
    public void ParallelFor<T>(IEnumerable<T> items, Action<LoopItem<T>> body, int parallelism = 0, string? displayName = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        var raw = KfpJson.ToPythonStyleNode(items.ToList()) as JsonArray ?? [];
        int rawId = Graph.NextGroupId();
        Loop(typeof(T), body, parallelism, displayName, raw, rawId, null);
    }

    /// <summary>Runs the body once per item of a list that a pipeline parameter or task output holds
    /// (<c>parameterIterator.items.inputParameter</c>).</summary>
    public void ParallelFor<T>(Value<List<T>> items, Action<LoopItem<T>> body, int parallelism = 0, string? displayName = null) =>
        Loop(typeof(T), body, parallelism, displayName, null, 0, (items ?? throw new ArgumentNullException(nameof(items))).Source);

    /// <inheritdoc cref="ParallelFor{T}(Value{List{T}}, Action{LoopItem{T}}, int, string?)"/>
    public void ParallelFor<T>(Value<T[]> items, Action<LoopItem<T>> body, int parallelism = 0, string? displayName = null) =>
        Loop(typeof(T), body, parallelism, displayName, null, 0, (items ?? throw new ArgumentNullException(nameof(items))).Source);

    /// <inheritdoc cref="ParallelFor{T}(Value{List{T}}, Action{LoopItem{T}}, int, string?)"/>
    public void ParallelFor<T>(Value<IReadOnlyList<T>> items, Action<LoopItem<T>> body, int parallelism = 0, string? displayName = null) =>
        Loop(typeof(T), body, parallelism, displayName, null, 0, (items ?? throw new ArgumentNullException(nameof(items))).Source);

    /// <inheritdoc cref="ParallelFor{T}(Value{List{T}}, Action{LoopItem{T}}, int, string?)"/>
    public void ParallelFor<T>(Value<IList<T>> items, Action<LoopItem<T>> body, int parallelism = 0, string? displayName = null) =>
        Loop(typeof(T), body, parallelism, displayName, null, 0, (items ?? throw new ArgumentNullException(nameof(items))).Source);

    /// <inheritdoc cref="ParallelFor{T}(Value{List{T}}, Action{LoopItem{T}}, int, string?)"/>
    public void ParallelFor<T>(Value<IEnumerable<T>> items, Action<LoopItem<T>> body, int parallelism = 0, string? displayName = null) =>
        Loop(typeof(T), body, parallelism, displayName, null, 0, (items ?? throw new ArgumentNullException(nameof(items))).Source);

    /// <summary>
    /// The outputs of every iteration of the <c>ParallelFor</c> loops around the task that produced
    /// <paramref name="value"/>, as one list (KFP's <c>dsl.Collected</c>): use it outside the loop.
    /// </summary>
    public Value<List<T>> Collected<T>(Value<T> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new Value<List<T>>(new CollectedSource(CollectedInner(value.Source)));
    }

    /// <summary>The output artifacts of every iteration, as a list for an <see cref="InputList{T}"/> input (<c>isArtifactList</c>).</summary>
    public ArtifactListRef<T> Collected<T>(ArtifactRef<T> artifact) where T : Artifact, new()
    {
        ArgumentNullException.ThrowIfNull(artifact);
        return new ArtifactListRef<T>(new CollectedSource(CollectedInner(artifact.Source)));
    }

    // ---- exit handler ----

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
        string? location = SourceLocation.Capture();
        if (Scope is not RootGroup)
            throw new PipelineDefinitionException(PipelineErrors.ExitHandlerNotAtRoot,
                $"pipeline '{Pipeline.Name}': an ExitHandler must be at the pipeline's outermost scope, not inside {Scope.Construct} '{Scope.Name}'", location);

        int before = Graph.Tasks.Count;
        var task = exitTask();
        if (task is null || Graph.Tasks.Count != before + 1 || !ReferenceEquals(Graph.Tasks[^1], task))
            throw new PipelineDefinitionException(PipelineErrors.InvalidExitTask,
                $"pipeline '{Pipeline.Name}': the exitTask function of an ExitHandler must create exactly one task and return it (it created {Graph.Tasks.Count - before})", location);
        if (task.Kind != TaskKind.Container)
            throw new PipelineDefinitionException(PipelineErrors.InvalidExitTask,
                $"pipeline '{Pipeline.Name}': the exit task '{task.Name}' must run a component, not a {task.Kind.ToString().ToLowerInvariant()}", location);

        var group = new ExitHandlerGroup(Graph.NextGroupId(), Scope, task, displayName, location);
        task.ExitHandlerOf = group;
        Run(group, body);
    }

    // ---- importer and Kubernetes volumes ----

    /// <summary>
    /// Imports an existing artifact by URI (KFP's <c>dsl.importer</c>): an <c>importer</c> task whose
    /// output is the artifact. <paramref name="uri"/> is a constant (<c>artifactUri.constant</c>) or
    /// a pipeline parameter/task output (<c>artifactUri.runtimeParameter: uri</c>).
    /// </summary>
    /// <param name="metadata">Artifact metadata: JSON-serialisable constants, or <see cref="Value{T}"/>s
    /// (they become inputs <c>metadata</c>, <c>metadata-2</c>, … and placeholders).</param>
    /// <param name="reimport">Register a new artifact even when one with this URI exists.</param>
    public ImporterTask<T> Import<T>(Value<string> uri, IReadOnlyDictionary<string, object?>? metadata = null, bool reimport = false) where T : Artifact, new()
    {
        ArgumentNullException.ThrowIfNull(uri);
        EnsureCurrent();
        var metadataInputs = new JsonObject();
        var metadataSources = new List<(string Name, ValueSource Source)>();
        JsonObject? metadataJson = null;
        if (metadata is not null)
        {
            metadataJson = new JsonObject();
            foreach (var (key, value) in metadata)
            {
                ArgumentException.ThrowIfNullOrEmpty(key, nameof(metadata));
                metadataJson[key] = MetadataValue(value, metadataInputs, metadataSources);
            }
        }
        string title = Artifact.SchemaTitleOf<T>();
        var task = AddTaskCore(new ImporterTask<T>(), BuiltInComponents.Importer(title, metadataInputs), TaskKind.Importer);
        task.Importer = new ImporterSettings(title, reimport, metadataJson);
        task.BindParameter("uri", uri);
        foreach (var (name, source) in metadataSources) task.BindSource(name, source);
        return task;
    }

    /// <summary>
    /// Creates a PersistentVolumeClaim for later tasks to mount (kfp-kubernetes <c>CreatePVC</c>; the
    /// backend runs it). Give exactly one of <paramref name="pvcName"/> and <paramref name="pvcNameSuffix"/>
    /// (the claim is then <c>&lt;workflow-name&gt;-&lt;suffix&gt;</c>).
    /// </summary>
    /// <param name="accessModes">E.g. <c>ReadWriteOnce</c>, <c>ReadWriteMany</c>.</param>
    /// <param name="storageClassName">Storage class; null uses the cluster default.</param>
    public CreatePvcTask CreatePvc(Value<string> size, IEnumerable<string> accessModes, Value<string>? pvcName = null, Value<string>? pvcNameSuffix = null,
        Value<string>? storageClassName = null, Value<string>? volumeName = null, IReadOnlyDictionary<string, string>? annotations = null)
    {
        ArgumentNullException.ThrowIfNull(size);
        ArgumentNullException.ThrowIfNull(accessModes);
        var modes = accessModes.ToList();
        if (modes.Count == 0) throw new ArgumentException("Name at least one access mode, e.g. ReadWriteOnce.", nameof(accessModes));
        if ((pvcName is null) == (pvcNameSuffix is null))
            throw new ArgumentException("Give exactly one of pvcName and pvcNameSuffix.", nameof(pvcName));
        EnsureCurrent();
        var task = AddTaskCore(new CreatePvcTask(), BuiltInComponents.CreatePvc, TaskKind.Stub);
        task.StubImage = BuiltInComponents.CreatePvcImage;
        task.BindParameter<List<string>>("access_modes", modes);
        task.BindParameter("size", size);
        task.BindParameter("pvc_name", pvcName);
        task.BindParameter("pvc_name_suffix", pvcNameSuffix);
        task.BindParameter("storage_class_name", storageClassName);
        task.BindParameter("volume_name", volumeName);
        if (annotations is not null) task.BindParameter<Dictionary<string, string>>("annotations", new Dictionary<string, string>(annotations));
        return task;
    }

    /// <summary>Deletes a PersistentVolumeClaim (kfp-kubernetes <c>DeletePVC</c>); order it after the
    /// tasks that mount the claim with <see cref="TaskOptions.After{T}"/>.</summary>
    public DeletePvcTask DeletePvc(Value<string> pvcName)
    {
        ArgumentNullException.ThrowIfNull(pvcName);
        EnsureCurrent();
        var task = AddTaskCore(new DeletePvcTask(), BuiltInComponents.DeletePvc, TaskKind.Stub);
        task.StubImage = BuiltInComponents.DeletePvcImage;
        task.BindParameter("pvc_name", pvcName);
        return task;
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
        string baseName = KfpNames.ToKebabCase(component.Name);
        string name = baseName;
        for (int i = 2; !_taskNames.Add(name); i++) name = $"{baseName}-{i}";
        task.Attach(name, component, kind);
        task.Parent = Scope;
        task.Graph = Graph;
        task.DefinedAt = location ?? SourceLocation.Capture();
        Scope.Children.Add(task);
        Graph.Tasks.Add(task);
        return task;
    }

    private void AddOutput(string name, ValueSource source, bool isArtifact)
    {
        string? location = SourceLocation.Capture();
        if (string.IsNullOrEmpty(name) || !KfpNames.IoName.IsMatch(name))
            throw new PipelineDefinitionException(PipelineErrors.InvalidPipelineOutput, $"pipeline '{Pipeline.Name}': '{name}' is not a valid output name", location);
        if (Graph.Outputs.Any(o => o.Name == name))
            throw new PipelineDefinitionException(PipelineErrors.InvalidPipelineOutput, $"pipeline '{Pipeline.Name}' has two outputs named '{name}'", location);
        var output = new PipelineOutput(name, source, isArtifact, location);
        GraphTypes.OutputDefinition(Graph, output); // fails early for outputs that are no task outputs
        Graph.Outputs.Add(output);
    }

    private void EnsureCurrent()
    {
        if (!ReferenceEquals(s_current.Value, this))
            throw new InvalidOperationException(
                $"The builder of pipeline '{Pipeline.Name}' is not the one being traced: use the PipelineBuilder parameter of the [Pipeline] method you are in.");
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

    private void Loop<T>(Type itemType, Action<LoopItem<T>> body, int parallelism, string? displayName, JsonArray? raw, int rawId, ValueSource? items)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (items is ConstantSource constant)
        {
            // A constant list passed as a Value: the same as passing the list itself.
            raw = constant.Value as JsonArray ?? throw new PipelineDefinitionException(PipelineErrors.InvalidLoop,
                $"pipeline '{Pipeline.Name}': ParallelFor over the constant {constant.Value?.ToJsonString() ?? "null"}, which is not a list", SourceLocation.Capture());
            rawId = Graph.NextGroupId();
            items = null;
        }
        EnsureCurrent();
        string? location = SourceLocation.Capture();
        if (parallelism < 0)
            throw new PipelineDefinitionException(PipelineErrors.InvalidLoop, $"pipeline '{Pipeline.Name}': a ParallelFor's parallelism must be 0 (unlimited) or more, not {parallelism}", location);
        string itemParameterType = KfpTypes.ParameterType(itemType) ?? throw new PipelineDefinitionException(PipelineErrors.InvalidLoop,
            $"pipeline '{Pipeline.Name}': ParallelFor over items of type {KfpTypes.NotCarried(itemType)}", location);
        var loop = new LoopGroup(Graph.NextGroupId(), Scope, itemParameterType, parallelism, displayName, location)
        {
            RawItems = raw,
            RawItemId = rawId,
            ItemsSource = items,
        };
        Run(loop, () => body(new LoopItem<T>(loop)));
    }

    private ChainState StartChain(Condition condition, Action body, string? displayName)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(body);
        EnsureCurrent();
        string? location = SourceLocation.Capture();
        var group = new ConditionGroup(Graph.NextGroupId(), Scope, [new ConditionTerm(condition.Node, false)], "If", displayName, location);
        var chain = new ChainState(this, Scope, group);
        chain.Conditions.Add(condition.Node);
        Run(group, body);
        return chain;
    }

    /// <summary>Adds an <c>ElseIf</c> (<paramref name="condition"/> set) or <c>Else</c> branch to a chain.</summary>
    internal void AddBranch(ChainState chain, Condition? condition, Action body, string? displayName)
    {
        ArgumentNullException.ThrowIfNull(body);
        string construct = condition is null ? "Else" : "ElseIf";
        string? location = SourceLocation.Capture();
        if (!ReferenceEquals(s_current.Value, this) || !ReferenceEquals(Scope, chain.Parent))
            throw new PipelineDefinitionException(PipelineErrors.InvalidBranches,
                $"pipeline '{Pipeline.Name}': {construct} must be called where its If was, right after it", location);
        if (chain.Closed)
            throw new PipelineDefinitionException(PipelineErrors.InvalidBranches,
                $"pipeline '{Pipeline.Name}': the If of '{chain.First.Name}' already has an Else", location);
        var last = chain.Parent.Children.Count > 0 ? chain.Parent.Children[^1] : null;
        if (!ReferenceEquals(last, (object?)chain.Wrapper ?? chain.First))
            throw new PipelineDefinitionException(PipelineErrors.InvalidBranches,
                $"pipeline '{Pipeline.Name}': {construct} must directly follow its If ('{chain.First.Name}'); '{Describe(last)}' was added in between", location);

        if (chain.Wrapper is null)
        {
            // KFP's SDK inserts the If/ElseIf/Else wrapper when the first ElseIf/Else opens and swaps
            // its number with the If's, so the wrapper reads first (condition-branches-1, condition-2).
            var wrapper = new ConditionBranchesGroup(Graph.NextGroupId(), chain.Parent, chain.First.DefinedAt);
            (wrapper.Id, chain.First.Id) = (chain.First.Id, wrapper.Id);
            chain.Parent.Children[^1] = wrapper;
            wrapper.Children.Add(chain.First);
            chain.First.Parent = wrapper;
            chain.Wrapper = wrapper;
        }

        var terms = chain.Conditions.Select(c => new ConditionTerm(c, true)).ToList();
        if (condition is not null) terms.Add(new ConditionTerm(condition.Node, false));
        var group = new ConditionGroup(Graph.NextGroupId(), chain.Wrapper, terms, construct, displayName, location);
        if (condition is not null) chain.Conditions.Add(condition.Node);
        else
        {
            chain.Closed = true;
            chain.Wrapper.HasElse = true;
        }
        Run(group, body);
    }

    private static string Describe(object? node) => node switch
    {
        PipelineTask t => $"task {t.Name}",
        PipelineGroup g => g.Name,
        _ => "nothing",
    };

    /// <summary>A branch's returned value: it must be an output of a task created in that branch.</summary>
    internal TaskOutputSource BranchValue(ValueSource source, string construct) => source as TaskOutputSource
        ?? throw new PipelineDefinitionException(PipelineErrors.InvalidBranches,
            $"pipeline '{Pipeline.Name}': an {construct} branch must return an output of a task it creates, not {SourceText.Describe(source)}", SourceLocation.Capture());

    internal OneOfSource MakeOneOf(IEnumerable<ValueSource?> sources)
    {
        EnsureCurrent();
        string? location = SourceLocation.Capture();
        var values = new List<TaskOutputSource>();
        foreach (var source in sources)
        {
            if (source is not TaskOutputSource t)
                throw new PipelineDefinitionException(PipelineErrors.InvalidBranches,
                    $"pipeline '{Pipeline.Name}': OneOf takes one task output per If/ElseIf/Else branch, not {(source is null ? "null" : SourceText.Describe(source))}", location);
            values.Add(t);
        }
        if (values.Count < 2)
            throw new PipelineDefinitionException(PipelineErrors.InvalidBranches, $"pipeline '{Pipeline.Name}': OneOf needs an output from each branch of an If/ElseIf/Else chain", location);
        if (values[0].Task.Parent is not ConditionGroup { Parent: ConditionBranchesGroup branches })
            throw new PipelineDefinitionException(PipelineErrors.InvalidBranches,
                $"pipeline '{Pipeline.Name}': OneOf takes outputs of tasks inside If/ElseIf/Else branches; task '{values[0].Task.Name}' is not in a branch of a chain with ElseIf or Else", location);
        return new OneOfSource(branches, values);
    }

    internal OneOfSource CloseTypedChain(ChainState chain) => MakeOneOf(chain.Values);

    private TaskOutputSource CollectedInner(ValueSource source) => source as TaskOutputSource
        ?? throw new PipelineDefinitionException(PipelineErrors.InvalidCollected,
            $"pipeline '{Pipeline.Name}': Collected takes an output of a task inside a ParallelFor, not {SourceText.Describe(source)}", SourceLocation.Capture());

    private static JsonNode? MetadataValue(object? value, JsonObject inputs, List<(string Name, ValueSource Source)> sources)
    {
        switch (value)
        {
            case IPipelineValue v when v.Source is ConstantSource c:
                return c.Value?.DeepClone();
            case IPipelineValue v:
                var existing = sources.FirstOrDefault(s => Equals(s.Source, v.Source));
                string name = existing.Name;
                if (name is null)
                {
                    name = "metadata";
                    for (int i = 2; inputs.ContainsKey(name); i++) name = $"metadata-{i}";
                    inputs[name] = KfpTypes.Parameter(KfpTypes.ParameterType(v.ValueType)
                        ?? throw new ArgumentException($"Importer metadata cannot hold a value of type {KfpTypes.NotCarried(v.ValueType)}.", nameof(value)));
                    sources.Add((name, v.Source));
                }
                return $"{{{{$.inputs.parameters['{name}']}}}}";
            case ArtifactRef:
                throw new ArgumentException("Importer metadata cannot hold an artifact.", nameof(value));
            case IReadOnlyDictionary<string, object?> map:
                var obj = new JsonObject();
                foreach (var (k, v) in map) obj[k] = MetadataValue(v, inputs, sources);
                return obj;
            default:
                return KfpJson.ToNode(value);
        }
    }
}

/// <summary>A value usable in importer metadata: a <see cref="Value{T}"/>.</summary>
internal interface IPipelineValue
{
    ValueSource Source { get; }
    Type ValueType { get; }
}

/// <summary>The state of one If/ElseIf/Else chain while it is being written.</summary>
internal sealed class ChainState(PipelineBuilder builder, PipelineGroup parent, ConditionGroup first)
{
    public PipelineBuilder Builder { get; } = builder;
    public PipelineGroup Parent { get; } = parent;
    public ConditionGroup First { get; } = first;
    public ConditionBranchesGroup? Wrapper { get; set; }
    public List<ConditionNode> Conditions { get; } = [];
    public List<TaskOutputSource> Values { get; } = [];
    public bool Closed { get; set; }
}

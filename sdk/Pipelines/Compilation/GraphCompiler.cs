using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>
/// Compiles one traced pipeline (the top-level one or a nested one) into its root DAG component,
/// adding every task's and group's component and executor to the shared <see cref="CompileContext"/>.
/// </summary>
/// <remarks>
/// Values reach their consumers by <see cref="Resolve"/>: a value is referenced where it lives
/// (<c>taskOutputParameter</c> on a sibling, <c>componentInputParameter</c> on the enclosing DAG's
/// input) and becomes an input of every group between its home DAG and the consumer
/// (<c>pipelinechannel--&lt;producer&gt;-&lt;key&gt;</c>, "hole punching"). Values leave groups only
/// through <c>Collected</c> (loops: LIST outputs on every group crossed) and <c>OneOf</c>
/// (If/ElseIf/Else: <c>valueFromOneof</c>); anything else used outside its group is PIPE3009.
/// </remarks>
internal sealed partial class GraphCompiler
{
    private readonly PipelineGraph _graph;
    private readonly CompileContext _context;
    private readonly Dictionary<PipelineGroup, GroupState> _groups = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<PipelineTask, TaskState> _tasks = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<OneOfSource, int> _oneOfIds = new(ReferenceEqualityComparer.Instance);

    public GraphCompiler(PipelineGraph graph, CompileContext context)
    {
        _graph = graph;
        _context = context;
    }

    private string PipelineName => _graph.Pipeline.Name;

    /// <summary>The pipeline's root component: <c>{dag, inputDefinitions?, outputDefinitions?}</c>.</summary>
    public JsonObject Compile()
    {
        _groups[_graph.Root] = new GroupState();
        AllocateKeys(_graph.Root);
        CompileChildren(_graph.Root);
        var outputs = CompileOutputs();
        FinalizeChildren(_graph.Root);

        var root = new JsonObject { ["dag"] = Dag(_groups[_graph.Root], outputs) };
        if (_graph.InputDefinitions.Count > 0) root["inputDefinitions"] = _graph.InputDefinitions.DeepClone();
        var outputDefinitions = _graph.OutputDefinitions();
        if (outputDefinitions.Count > 0) root["outputDefinitions"] = outputDefinitions;
        return root;
    }

    // ---- keys ----

    private void AllocateKeys(PipelineGroup group)
    {
        foreach (var child in group.Children)
        {
            switch (child)
            {
                case PipelineTask task:
                    var name = _context.Allocate(task.Name);
                    _tasks[task] = new TaskState(IrParts.ComponentKey(name), IrParts.ExecutorKey(name));
                    break;
                case PipelineGroup g:
                    _groups[g] = new GroupState { ComponentKey = IrParts.ComponentKey(_context.Allocate(g.Name)) };
                    AllocateKeys(g);
                    break;
            }
        }
    }

    // ---- tasks and groups ----

    private void CompileChildren(PipelineGroup group)
    {
        foreach (var child in group.Children)
        {
            if (child is PipelineTask task)
            {
                CompileTask(task);
            }
            else if (child is PipelineGroup g)
            {
                CompileGroup(g);
                CompileChildren(g);
            }
        }
    }

    private void CompileTask(PipelineTask task)
    {
        var state = _tasks[task];
        var dag = task.Parent!;
        var who = $"task '{task.Name}'";

        if (task.Kind != TaskKind.Container && task.Settings.ContainerSettingNames().ToList() is { Count: > 0 } settings)
        {
            throw new PipelineDefinitionException(PipelineErrors.InvalidTaskOption,
                $"{who}: {string.Join(", ", settings)} need the task's own container, and {KindText(task.Kind)} task has none", task.DefinedAt);
        }

        if (task.Kind == TaskKind.Container) CheckPassthroughs(task, who);

        switch (task.Kind)
        {
            case TaskKind.Container:
                // A container component carries its own container (image, command, args): no build image to look up.
                var target = task.Component.Container is { } own ? ExecutorTarget.Imported(own) : null;
                if (target is null && !_context.ExecutorTargets.TryGetValue(task.Component.Name, out target))
                    throw new PipelineDefinitionException(PipelineErrors.NoExecutor, $"{who}: the build supplied no image for component '{task.Component.Name}'");
                _context.Components[state.ComponentKey] = task.Component.ToKfpSpec(state.ExecutorKey);
                _context.Executors[state.ExecutorKey] = IrParts.ContainerExecutor(target, task.Component.Name, task.Settings, ResourceTexts(task, who));
                break;
            case TaskKind.Stub:
                _context.Components[state.ComponentKey] = task.Component.ToKfpSpec(state.ExecutorKey);
                _context.Executors[state.ExecutorKey] = IrParts.StubExecutor(task.StubImage!);
                break;
            case TaskKind.Importer:
                _context.Components[state.ComponentKey] = task.Component.ToKfpSpec(state.ExecutorKey);
                if (task.Importer!.DownloadToWorkspace && !_context.HasWorkspace)
                {
                    throw new PipelineDefinitionException(PipelineErrors.InvalidPipelineConfig,
                        $"{who} downloads its artifact to the workspace, but the run has none: call p.UseWorkspace(size) in the pipeline the run starts from", task.DefinedAt);
                }

                var uri = task.Parameters.GetValueOrDefault("uri") as ConstantSource;
                _context.Executors[state.ExecutorKey] = IrParts.ImporterExecutor(task.Importer!, uri?.Value);
                break;
            case TaskKind.Pipeline:
                _context.AddNestedPipeline(task.NestedGraph!, state.ComponentKey);
                break;
        }

        foreach (var (input, source) in task.Parameters)
            RejectWorkspacePathWithoutWorkspace(input, source, who, task.DefinedAt);
        foreach (var (input, source) in task.Parameters)
            state.Parameters[input] = Resolve(source, dag, state.Dependencies, new Use(who, $"input '{input}'", task.DefinedAt), artifact: false);
        foreach (var (input, source) in task.Artifacts)
            state.Artifacts[input] = Resolve(source, dag, state.Dependencies, new Use(who, $"input '{input}'", task.DefinedAt), artifact: true);

        AddResourceInputs(task, state, dag, who);

        foreach (var (input, definition) in task.Component.InputParameters)
        {
            if (ComponentInfo.IsRequired(definition) && !task.Parameters.ContainsKey(input))
                throw new PipelineDefinitionException(PipelineErrors.MissingRequiredInput, $"{who}: required input parameter '{input}' is not supplied");
        }

        foreach (var (input, definition) in task.Component.InputArtifacts)
        {
            if (ComponentInfo.IsRequired(definition) && !task.Artifacts.ContainsKey(input))
                throw new PipelineDefinitionException(PipelineErrors.MissingRequiredInput, $"{who}: required input artifact '{input}' is not supplied");
        }

        foreach (var upstream in task.Settings.After)
        {
            if (!ReferenceEquals(upstream.Graph, _graph))
                throw new PipelineDefinitionException(PipelineErrors.ForeignTask, $"{who} uses task '{upstream}', which belongs to another pipeline trace");
            AddOrderDependency(task, upstream);
        }

        if (task.Kind == TaskKind.Container && !task.Settings.Kubernetes.IsEmpty)
        {
            var use = new Use(who, "a Kubernetes option", task.DefinedAt);
            _context.PlatformExecutors[state.ExecutorKey] = PlatformCompiler.Compile(task.Settings.Kubernetes,
                source => Resolve(source, dag, state.Dependencies, use, artifact: false),
                source => GraphTypes.ParameterDefinition(_graph, source)?["parameterType"]?.GetValue<string>(), who, task.DefinedAt);
        }
    }

    private void CompileGroup(PipelineGroup group)
    {
        var state = _groups[group];
        switch (group)
        {
            case ConditionGroup condition:
                state.Condition = RenderCondition(condition);
                break;
            case LoopGroup loop:
                CompileLoop(loop, state);
                break;
        }
    }

    private void CompileLoop(LoopGroup loop, GroupState state)
    {
        var itemDefinition = KfpTypes.Parameter(loop.ItemParameterType);
        JsonObject items;
        if (loop.RawItems is { } raw)
        {
            state.ItemInput = $"pipelinechannel--loop-item-param-{loop.RawItemId}";
            items = new JsonObject { ["raw"] = IrParts.PythonJson(raw) };
        }
        else
        {
            var use = new Use($"loop '{loop.Name}'", "items", loop.DefinedAt);
            var spec = Resolve(loop.ItemsSource!, loop, new SortedSet<string>(StringComparer.Ordinal), use, artifact: false);
            var name = spec["componentInputParameter"]?.GetValue<string>()
                ?? throw new PipelineDefinitionException(PipelineErrors.InvalidLoop, $"pipeline '{PipelineName}': {use.Who} iterates over {SourceText.Describe(loop.ItemsSource!)}, which is not a list channel", loop.DefinedAt);
            var type = state.Inputs[name].Definition["parameterType"]?.GetValue<string>();
            if (type != KfpParameterType.List)
            {
                throw new PipelineDefinitionException(PipelineErrors.InvalidLoop,
                    $"pipeline '{PipelineName}': {use.Who} iterates over {SourceText.Describe(loop.ItemsSource!)}, which KFP types as {type ?? "unknown"}, not LIST", loop.DefinedAt);
            }

            state.ItemInput = name + "-loop-item";
            items = new JsonObject { ["inputParameter"] = name };
        }
        state.Inputs[state.ItemInput] = new GroupInput(false, itemDefinition, null);
        state.Iterator = new JsonObject { ["itemInput"] = state.ItemInput, ["items"] = items };
    }

    // ---- pipeline outputs ----

    private JsonObject CompileOutputs()
    {
        var parameters = new JsonObject();
        var artifacts = new JsonObject();
        foreach (var output in _graph.Outputs)
        {
            GraphTypes.OutputDefinition(_graph, output);
            var use = new Use($"pipeline '{PipelineName}'", $"output '{output.Name}'", output.DefinedAt);
            var spec = Resolve(output.Source, _graph.Root, new SortedSet<string>(StringComparer.Ordinal), use, output.IsArtifact);
            if (output.IsArtifact && spec["taskOutputArtifact"] is JsonObject a)
            {
                artifacts[output.Name] = new JsonObject
                {
                    ["artifactSelectors"] = new JsonArray(new JsonObject { ["outputArtifactKey"] = a["outputArtifactKey"]!.DeepClone(), ["producerSubtask"] = a["producerTask"]!.DeepClone() }),
                };
            }
            else if (!output.IsArtifact && spec["taskOutputParameter"] is JsonObject p)
            {
                parameters[output.Name] = new JsonObject
                {
                    ["valueFromParameter"] = new JsonObject { ["outputParameterKey"] = p["outputParameterKey"]!.DeepClone(), ["producerSubtask"] = p["producerTask"]!.DeepClone() },
                };
            }
            else
            {
                throw new PipelineDefinitionException(PipelineErrors.InvalidPipelineOutput,
                    $"pipeline '{PipelineName}': output '{output.Name}' must be a task output at the pipeline's top level, not {SourceText.Describe(output.Source)}", output.DefinedAt);
            }
        }
        var outputs = new JsonObject();
        if (artifacts.Count > 0) outputs["artifacts"] = artifacts;
        if (parameters.Count > 0) outputs["parameters"] = parameters;
        return outputs;
    }

    // ---- state ----

    private sealed class TaskState(string componentKey, string executorKey)
    {
        public string ComponentKey { get; } = componentKey;
        public string ExecutorKey { get; } = executorKey;
        public SortedSet<string> Dependencies { get; } = new(StringComparer.Ordinal);
        public JsonObject Parameters { get; } = new();
        public JsonObject Artifacts { get; } = new();
    }

    private sealed class GroupState
    {
        public string? ComponentKey { get; init; }
        public SortedDictionary<string, GroupInput> Inputs { get; } = new(StringComparer.Ordinal);
        public SortedDictionary<string, GroupOutput> Outputs { get; } = new(StringComparer.Ordinal);
        /// <summary>The dependencies of the group's own task in its parent DAG.</summary>
        public SortedSet<string> Dependencies { get; } = new(StringComparer.Ordinal);
        public JsonObject Tasks { get; } = new();
        public string? ItemInput { get; set; }
        public JsonObject? Iterator { get; set; }
        public string? Condition { get; set; }
    }

    /// <summary>An input of a group component; <see cref="SpecInParent"/> is null for a loop's item input, which the iterator fills.</summary>
    private sealed record GroupInput(bool IsArtifact, JsonObject Definition, JsonObject? SpecInParent);

    private sealed record GroupOutput(bool IsArtifact, JsonObject Definition, JsonObject Selector);
}

using System.Globalization;
using System.Text.Json;
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
internal sealed class GraphCompiler
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
                    string name = _context.Allocate(task.Name);
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
            if (child is PipelineTask task) CompileTask(task);
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
            throw new PipelineDefinitionException(PipelineErrors.InvalidTaskOption,
                $"{who}: {string.Join(", ", settings)} need the task's own container, and {KindText(task.Kind)} task has none", task.DefinedAt);

        switch (task.Kind)
        {
            case TaskKind.Container:
                if (!_context.ExecutorTargets.TryGetValue(task.Component.Name, out var target))
                    throw new PipelineDefinitionException(PipelineErrors.NoExecutor, $"{who}: the build supplied no image for component '{task.Component.Name}'");
                _context.Components[state.ComponentKey] = task.Component.ToKfpSpec(state.ExecutorKey);
                _context.Executors[state.ExecutorKey] = IrParts.ContainerExecutor(target, task.Component.Name, task.Settings);
                break;
            case TaskKind.Stub:
                _context.Components[state.ComponentKey] = task.Component.ToKfpSpec(state.ExecutorKey);
                _context.Executors[state.ExecutorKey] = IrParts.StubExecutor(task.StubImage!);
                break;
            case TaskKind.Importer:
                _context.Components[state.ComponentKey] = task.Component.ToKfpSpec(state.ExecutorKey);
                var uri = task.Parameters.GetValueOrDefault("uri") as ConstantSource;
                _context.Executors[state.ExecutorKey] = IrParts.ImporterExecutor(task.Importer!, uri?.Value);
                break;
            case TaskKind.Pipeline:
                _context.AddNestedPipeline(task.NestedGraph!, state.ComponentKey);
                break;
        }

        foreach (var (input, source) in task.Parameters)
            state.Parameters[input] = Resolve(source, dag, state.Dependencies, new Use(who, $"input '{input}'", task.DefinedAt), artifact: false);
        foreach (var (input, source) in task.Artifacts)
            state.Artifacts[input] = Resolve(source, dag, state.Dependencies, new Use(who, $"input '{input}'", task.DefinedAt), artifact: true);

        foreach (var (input, definition) in task.Component.InputParameters)
            if (ComponentInfo.IsRequired(definition) && !task.Parameters.ContainsKey(input))
                throw new PipelineDefinitionException(PipelineErrors.MissingRequiredInput, $"{who}: required input parameter '{input}' is not supplied");
        foreach (var (input, definition) in task.Component.InputArtifacts)
            if (ComponentInfo.IsRequired(definition) && !task.Artifacts.ContainsKey(input))
                throw new PipelineDefinitionException(PipelineErrors.MissingRequiredInput, $"{who}: required input artifact '{input}' is not supplied");

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
            string name = spec["componentInputParameter"]?.GetValue<string>()
                ?? throw new PipelineDefinitionException(PipelineErrors.InvalidLoop, $"pipeline '{PipelineName}': {use.Who} iterates over {SourceText.Describe(loop.ItemsSource!)}, which is not a list channel", loop.DefinedAt);
            string? type = state.Inputs[name].Definition["parameterType"]?.GetValue<string>();
            if (type != KfpParameterType.List)
                throw new PipelineDefinitionException(PipelineErrors.InvalidLoop,
                    $"pipeline '{PipelineName}': {use.Who} iterates over {SourceText.Describe(loop.ItemsSource!)}, which KFP types as {type ?? "unknown"}, not LIST", loop.DefinedAt);
            state.ItemInput = name + "-loop-item";
            items = new JsonObject { ["inputParameter"] = name };
        }
        state.Inputs[state.ItemInput] = new GroupInput(false, itemDefinition, null);
        state.Iterator = new JsonObject { ["itemInput"] = state.ItemInput, ["items"] = items };
    }

    // ---- value resolution and hole punching ----

    /// <summary>Who uses a value, for messages: <c>task 'train'</c> / <c>input 'epochs'</c>.</summary>
    private sealed record Use(string Who, string What, string? Location);

    /// <summary>The task-input spec that gives <paramref name="source"/> to a consumer in DAG
    /// <paramref name="dag"/>, adding inputs to the groups in between and producers to <paramref name="dependencies"/>.</summary>
    private JsonObject Resolve(ValueSource source, PipelineGroup dag, ISet<string> dependencies, Use use, bool artifact)
    {
        switch (source)
        {
            case ConstantSource c:
                if (artifact) throw new PipelineDefinitionException(PipelineErrors.UnknownInput, $"{use.Who}: {use.What} is a constant, not an artifact", use.Location);
                return new JsonObject { ["runtimeValue"] = new JsonObject { ["constant"] = c.Value?.DeepClone() } };

            case PipelineInputSource p:
            {
                if (p.Owner is not null && !ReferenceEquals(p.Owner, _graph))
                    throw new PipelineDefinitionException(PipelineErrors.ForeignTask,
                        $"{use.Who}: {use.What} refers to parameter '{p.Name}' of pipeline '{p.Owner.Pipeline.Name}', not of pipeline '{PipelineName}'; pass it in as a parameter", use.Location);
                var definition = artifact ? GraphTypes.ArtifactDefinition(_graph, p) : GraphTypes.ParameterDefinition(_graph, p);
                if (definition is null)
                    throw new PipelineDefinitionException(PipelineErrors.UnknownInput,
                        $"{use.Who}: {use.What} refers to pipeline {(artifact ? "artifact" : "parameter")} '{p.Name}', which the pipeline does not declare");
                if (dag is RootGroup) return Reference(artifact, p.Name);
                return HolePunch(dag, $"pipelinechannel--{p.Name}", artifact, definition, (parent, deps) => Resolve(source, parent, deps, use, artifact));
            }

            case TaskOutputSource t:
            {
                var definition = OutputDefinition(t, use, artifact);
                return AtHome(t.Task.Parent!, t.Task.Name, t.Key, artifact, definition, dag, dependencies, use, source);
            }

            case LoopItemSource l:
                CheckInLoop(l.Loop, dag, use, source);
                if (ReferenceEquals(dag, l.Loop)) return Reference(false, ItemInput(l.Loop));
                return HolePunch(dag, ItemInput(l.Loop), false, GraphTypes.ParameterDefinition(_graph, l)!, (parent, deps) => Resolve(source, parent, deps, use, false));

            case LoopItemFieldSource f:
                CheckInLoop(f.Loop, dag, use, source);
                if (ReferenceEquals(dag, f.Loop))
                {
                    var reference = Reference(false, ItemInput(f.Loop));
                    reference["parameterExpressionSelector"] = $"parseJson(string_value)[\"{f.Field}\"]";
                    return reference;
                }
                return HolePunch(dag, $"{ItemInput(f.Loop)}-subvar-{f.Field}", false, GraphTypes.ParameterDefinition(_graph, f)!, (parent, deps) => Resolve(source, parent, deps, use, false));

            case CollectedSource c:
                return ResolveCollected(c, dag, dependencies, use, artifact);

            case OneOfSource o:
                return ResolveOneOf(o, dag, dependencies, use, artifact);

            default:
                throw new InvalidOperationException($"Unknown value source {source}.");
        }
    }

    private static JsonObject Reference(bool artifact, string input) =>
        artifact ? new JsonObject { ["componentInputArtifact"] = input } : new JsonObject { ["componentInputParameter"] = input };

    /// <summary>The definition of a task output (checks the task belongs to this trace and has the output).</summary>
    private JsonObject OutputDefinition(TaskOutputSource t, Use use, bool artifact)
    {
        if (!ReferenceEquals(t.Task.Graph, _graph))
            throw new PipelineDefinitionException(PipelineErrors.ForeignTask, $"{use.Who} uses task '{t.Task}', which belongs to another pipeline trace");
        var definition = artifact ? GraphTypes.ArtifactDefinition(_graph, t) : GraphTypes.ParameterDefinition(_graph, t);
        return definition ?? throw new PipelineDefinitionException(PipelineErrors.UnknownInput,
            $"{use.Who}: {use.What} refers to output {(artifact ? "artifact" : "parameter")} '{t.Key}' of task '{t.Task.Name}', which it does not have");
    }

    /// <summary>A value that is output <paramref name="key"/> of node <paramref name="producer"/> of DAG
    /// <paramref name="home"/>: a sibling reference there, hole-punched below it, out of scope elsewhere.</summary>
    private JsonObject AtHome(PipelineGroup home, string producer, string key, bool artifact, JsonObject definition,
        PipelineGroup dag, ISet<string> dependencies, Use use, ValueSource source)
    {
        if (ReferenceEquals(dag, home))
        {
            dependencies.Add(producer);
            var output = new JsonObject { [artifact ? "outputArtifactKey" : "outputParameterKey"] = key, ["producerTask"] = producer };
            return new JsonObject { [artifact ? "taskOutputArtifact" : "taskOutputParameter"] = output };
        }
        if (home.Contains(dag))
            return HolePunch(dag, $"pipelinechannel--{producer}-{key}", artifact, definition,
                (parent, deps) => AtHome(home, producer, key, artifact, definition, parent, deps, use, source));
        throw OutOfScope(source, home, dag, use);
    }

    /// <summary>Makes <paramref name="name"/> an input of group <paramref name="dag"/>, wired in its parent
    /// by <paramref name="resolveInParent"/> (whose producers the group's task then depends on).</summary>
    private JsonObject HolePunch(PipelineGroup dag, string name, bool artifact, JsonObject definition, Func<PipelineGroup, ISet<string>, JsonObject> resolveInParent)
    {
        var state = _groups[dag];
        if (!state.Inputs.ContainsKey(name))
        {
            var spec = resolveInParent(dag.Parent!, state.Dependencies);
            state.Inputs[name] = new GroupInput(artifact, (JsonObject)definition.DeepClone(), spec);
        }
        return Reference(artifact, name);
    }

    private void CheckInLoop(LoopGroup loop, PipelineGroup dag, Use use, ValueSource source)
    {
        if (!loop.Contains(dag))
            throw new PipelineDefinitionException(PipelineErrors.ValueOutOfScope,
                $"pipeline '{PipelineName}': {use.Who}: {use.What} uses {SourceText.Describe(source)} outside that ParallelFor", use.Location);
    }

    private string ItemInput(LoopGroup loop) => _groups[loop].ItemInput
        ?? throw new InvalidOperationException($"The item input of '{loop.Name}' is used before the loop was compiled.");

    private PipelineDefinitionException OutOfScope(ValueSource source, PipelineGroup home, PipelineGroup dag, Use use)
    {
        var outermost = home;
        while (outermost.Parent is { } parent && !parent.Contains(dag)) outermost = parent;
        string hint = outermost switch
        {
            LoopGroup => "gather the iterations with p.Collected(…)",
            ConditionGroup or ConditionBranchesGroup => "take the output of whichever branch ran with p.OneOf(…) or an If chain whose branches return it (If/ElseIf/Else)",
            _ => "values cannot leave an ExitHandler",
        };
        return new PipelineDefinitionException(PipelineErrors.ValueOutOfScope,
            $"pipeline '{PipelineName}': {use.Who}: {use.What} uses {SourceText.Describe(source)}, which is produced inside {outermost.Construct} '{outermost.Name}'" +
            $"{(outermost.DefinedAt is { } at ? $" ({at})" : "")} and is not visible outside it; {hint}", use.Location);
    }

    private JsonObject ResolveCollected(CollectedSource collected, PipelineGroup dag, ISet<string> dependencies, Use use, bool artifact)
    {
        var inner = collected.Inner;
        var innerDefinition = OutputDefinition(inner, use, artifact);
        var home = inner.Task.Parent!;
        var common = CommonAncestor(home, dag);
        var crossed = new List<PipelineGroup>();
        for (var g = home; !ReferenceEquals(g, common); g = g.Parent!) crossed.Add(g);
        if (crossed.Count == 0 || crossed[^1] is not LoopGroup)
            throw new PipelineDefinitionException(PipelineErrors.InvalidCollected,
                $"pipeline '{PipelineName}': {use.Who}: {use.What} collects {SourceText.Describe(inner)}, but " +
                (crossed.Count == 0
                    ? "the consumer is inside the same ParallelFor (or the task is in no loop): use the value directly"
                    : $"the value leaves {crossed[^1].Construct} '{crossed[^1].Name}', not a ParallelFor"), use.Location);

        string key = $"pipelinechannel--{inner.Task.Name}-{inner.Key}";
        var listDefinition = (JsonObject)innerDefinition.DeepClone();
        if (artifact) listDefinition["isArtifactList"] = true;
        else listDefinition = KfpTypes.Parameter(KfpParameterType.List);
        string producer = inner.Task.Name, producerKey = inner.Key;
        foreach (var group in crossed)
        {
            Expose(group, key, artifact, listDefinition, Selector(artifact, producer, producerKey), use);
            producer = group.Name;
            producerKey = key;
        }
        return AtHome(common, crossed[^1].Name, key, artifact, listDefinition, dag, dependencies, use, collected);
    }

    private JsonObject ResolveOneOf(OneOfSource oneOf, PipelineGroup dag, ISet<string> dependencies, Use use, bool artifact)
    {
        var branches = oneOf.Branches;
        var list = branches.Branches.ToList();
        var definitions = new List<(ConditionGroup Branch, TaskOutputSource Value, JsonObject Definition)>();
        foreach (var value in oneOf.Values)
        {
            var definition = OutputDefinition(value, use, artifact);
            if (value.Task.Parent is not ConditionGroup branch || !ReferenceEquals(branch.Parent, branches))
                throw new PipelineDefinitionException(PipelineErrors.InvalidBranches,
                    $"pipeline '{PipelineName}': OneOf over the branches of '{branches.Name}' takes outputs of tasks directly inside those branches; task '{value.Task.Name}' is not", use.Location);
            if (definitions.Any(d => ReferenceEquals(d.Branch, branch)))
                throw new PipelineDefinitionException(PipelineErrors.InvalidBranches,
                    $"pipeline '{PipelineName}': OneOf takes one output per branch, but branch '{branch.Name}' gives two", use.Location);
            definitions.Add((branch, value, definition));
        }
        if (!_oneOfIds.TryGetValue(oneOf, out int id))
        {
            if (!branches.HasElse || definitions.Count != list.Count)
                throw new PipelineDefinitionException(PipelineErrors.InvalidBranches,
                    $"pipeline '{PipelineName}': OneOf over '{branches.Name}' needs an output from every branch of an If/ElseIf/Else chain that ends with Else " +
                    $"({definitions.Count} of {list.Count} branches{(branches.HasElse ? "" : ", no Else")}): otherwise a run could produce no value", use.Location);
            string first = TypeText(definitions[0].Definition);
            if (definitions.FirstOrDefault(d => TypeText(d.Definition) != first) is { Value: not null } odd)
                throw new PipelineDefinitionException(PipelineErrors.InvalidBranches,
                    $"pipeline '{PipelineName}': OneOf mixes {first} and {TypeText(odd.Definition)} (task '{odd.Value.Task.Name}')", use.Location);
            _oneOfIds[oneOf] = id = _oneOfIds.Keys.Count(o => ReferenceEquals(o.Branches, branches)) + 1;
        }

        string key = $"pipelinechannel--{branches.Name}-oneof-{id}";
        var selectors = new JsonArray();
        foreach (var (branch, value, definition) in definitions.OrderBy(d => list.IndexOf(d.Branch)))
        {
            string branchKey = $"pipelinechannel--{value.Task.Name}-{value.Key}";
            Expose(branch, branchKey, artifact, definition, Selector(artifact, value.Task.Name, value.Key), use);
            selectors.Add(new JsonObject { [artifact ? "outputArtifactKey" : "outputParameterKey"] = branchKey, ["producerSubtask"] = branch.Name });
        }
        var oneOfSelector = artifact
            ? new JsonObject { ["artifactSelectors"] = selectors }
            : new JsonObject { ["valueFromOneof"] = new JsonObject { ["parameterSelectors"] = selectors } };
        Expose(branches, key, artifact, definitions[0].Definition, oneOfSelector, use);
        return AtHome(branches.Parent!, branches.Name, key, artifact, definitions[0].Definition, dag, dependencies, use, oneOf);
    }

    private static string TypeText(JsonObject definition) =>
        definition["parameterType"]?.GetValue<string>() ?? definition["artifactType"]?["schemaTitle"]?.GetValue<string>() ?? definition.ToJsonString();

    private static JsonObject Selector(bool artifact, string producer, string key) => artifact
        ? new JsonObject { ["artifactSelectors"] = new JsonArray(new JsonObject { ["outputArtifactKey"] = key, ["producerSubtask"] = producer }) }
        : new JsonObject { ["valueFromParameter"] = new JsonObject { ["outputParameterKey"] = key, ["producerSubtask"] = producer } };

    /// <summary>Declares output <paramref name="key"/> of group <paramref name="group"/> (outputDefinitions + dag.outputs).</summary>
    private void Expose(PipelineGroup group, string key, bool artifact, JsonObject definition, JsonObject selector, Use use)
    {
        var outputs = _groups[group].Outputs;
        if (outputs.TryGetValue(key, out var existing))
        {
            if (!JsonNode.DeepEquals(existing.Definition, definition) || !JsonNode.DeepEquals(existing.Selector, selector))
                throw new PipelineDefinitionException(PipelineErrors.InvalidCollected,
                    $"pipeline '{PipelineName}': {group.Name} would need output '{key}' both as {TypeText(existing.Definition)} and {TypeText(definition)} (a value both collected and taken with OneOf)", use.Location);
            return;
        }
        outputs[key] = new GroupOutput(artifact, (JsonObject)definition.DeepClone(), selector);
    }

    private static PipelineGroup CommonAncestor(PipelineGroup a, PipelineGroup b)
    {
        for (var g = a; g is not null; g = g.Parent)
            if (g.Contains(b)) return g;
        throw new InvalidOperationException("Groups of different pipelines have no common ancestor.");
    }

    /// <summary>The child of <paramref name="ancestor"/> that is <paramref name="task"/> or contains it.</summary>
    private static object ChildOf(PipelineGroup ancestor, PipelineTask task)
    {
        if (ReferenceEquals(task.Parent, ancestor)) return task;
        var g = task.Parent!;
        while (!ReferenceEquals(g.Parent, ancestor)) g = g.Parent!;
        return g;
    }

    /// <summary><c>After</c>: the consumer (or the group around it that is a sibling of the upstream's
    /// side) waits for the upstream task (or the loop around it).</summary>
    private void AddOrderDependency(PipelineTask task, PipelineTask upstream)
    {
        var common = CommonAncestor(upstream.Parent!, task.Parent!);
        var upstreamSide = ChildOf(common, upstream);
        var consumerSide = ChildOf(common, task);
        if (upstreamSide is PipelineGroup g and not LoopGroup)
            throw new PipelineDefinitionException(PipelineErrors.ValueOutOfScope,
                $"pipeline '{PipelineName}': task '{task.Name}' runs after task '{upstream.Name}', which is inside {g.Construct} '{g.Name}'; " +
                "a task outside a condition or exit handler cannot wait for a task inside it", task.DefinedAt);
        string name = upstreamSide is PipelineTask t ? t.Name : ((PipelineGroup)upstreamSide).Name;
        (consumerSide is PipelineTask c ? _tasks[c].Dependencies : _groups[(PipelineGroup)consumerSide].Dependencies).Add(name);
    }

    // ---- conditions ----

    private string RenderCondition(ConditionGroup group)
    {
        var use = new Use($"{group.Construct} '{group.Name}'", "the condition", group.DefinedAt);
        var terms = group.Terms.Select(t => t.Negated
            ? $"!({Render(t.Node, group, use)})"
            : group.Terms.Count > 1 && t.Node is OrNode ? $"({Render(t.Node, group, use)})" : Render(t.Node, group, use));
        return string.Join(" && ", terms);
    }

    private string Render(ConditionNode node, ConditionGroup group, Use use) => node switch
    {
        ComparisonNode c => RenderComparison(c, group, use),
        NotNode n => $"!({Render(n.Inner, group, use)})",
        AndNode a => $"{Wrap(a.Left, typeof(OrNode), group, use)} && {Wrap(a.Right, typeof(OrNode), group, use)}",
        OrNode o => $"{Wrap(o.Left, typeof(AndNode), group, use)} || {Wrap(o.Right, typeof(AndNode), group, use)}",
        _ => throw new InvalidOperationException($"Unknown condition {node}."),
    };

    /// <summary>Renders <paramref name="node"/>, in parentheses when it is a <paramref name="parenthesize"/> (&amp;&amp; inside ||, || inside &amp;&amp;).</summary>
    private string Wrap(ConditionNode node, Type parenthesize, ConditionGroup group, Use use)
    {
        string text = Render(node, group, use);
        return node.GetType() == parenthesize ? $"({text})" : text;
    }

    private string RenderComparison(ComparisonNode comparison, ConditionGroup group, Use use)
    {
        var left = Operand(comparison.Left, group, use);
        var right = Operand(comparison.Right, group, use);
        if (left.IsConstant && right.IsConstant)
            throw new PipelineDefinitionException(PipelineErrors.InvalidCondition,
                $"pipeline '{PipelineName}': {use.Who} compares two constants ({comparison}); at least one side must be a pipeline parameter or task output", use.Location);

        string canonical = left.Type == right.Type ? left.Type
            : left.Type == KfpParameterType.String || right.Type == KfpParameterType.String ? KfpParameterType.String
            : left.Type == KfpParameterType.Boolean || right.Type == KfpParameterType.Boolean ? KfpParameterType.Boolean
            : KfpParameterType.Double;
        return $"{Cast(left, canonical)} {comparison.Operator} {Cast(right, canonical)}";

        static string Cast((string Text, string Type, bool IsConstant) operand, string canonical)
        {
            if (operand.Type == canonical) return operand.Text;
            return canonical switch
            {
                KfpParameterType.String => operand.IsConstant ? Quote(operand.Text) : $"string({operand.Text})",
                KfpParameterType.Double => $"double({operand.Text})",
                _ => operand.Text,
            };
        }
    }

    private (string Text, string Type, bool IsConstant) Operand(ConditionOperand operand, ConditionGroup group, Use use)
    {
        if (operand.Source is ConstantSource constant)
        {
            string type = KfpTypes.ParameterType(operand.ClrType) ?? throw new PipelineDefinitionException(PipelineErrors.InvalidCondition,
                $"pipeline '{PipelineName}': {use.Who} compares a constant of type {KfpTypes.NotCarried(operand.ClrType)}", use.Location);
            return (Literal(constant.Value, type, use), type, true);
        }
        var definition = GraphTypes.ParameterDefinition(_graph, operand.Source);
        string? parameterType = definition?["parameterType"]?.GetValue<string>();
        if (definition is null || !KfpParameterType.IsScalar(parameterType))
            throw new PipelineDefinitionException(PipelineErrors.InvalidCondition,
                $"pipeline '{PipelineName}': {use.Who} compares {SourceText.Describe(operand.Source)}, which KFP types as {parameterType ?? "unknown"}; conditions compare strings, numbers and booleans only", use.Location);
        var spec = Resolve(operand.Source, group, new SortedSet<string>(StringComparer.Ordinal), use, artifact: false);
        string input = spec["componentInputParameter"]!.GetValue<string>();
        string text = $"inputs.parameter_values['{input}']";
        if (parameterType == KfpParameterType.Integer) text = $"int({text})";
        return (text, parameterType!, false);
    }

    private string Literal(JsonNode? value, string type, Use use)
    {
        if (value is not JsonValue v)
            throw new PipelineDefinitionException(PipelineErrors.InvalidCondition,
                $"pipeline '{PipelineName}': {use.Who} compares with {(value is null ? "null" : value.ToJsonString())}; conditions compare strings, numbers and booleans only", use.Location);
        return type switch
        {
            KfpParameterType.String => Quote(v.GetValue<string>()),
            KfpParameterType.Boolean => v.GetValue<bool>() ? "true" : "false",
            KfpParameterType.Integer => v.ToJsonString(),
            KfpParameterType.Double => DoubleText(v.GetValue<double>()),
            _ => throw new PipelineDefinitionException(PipelineErrors.InvalidCondition,
                $"pipeline '{PipelineName}': {use.Who} compares with {v.ToJsonString()}, a {type}; conditions compare strings, numbers and booleans only", use.Location),
        };
    }

    private static string DoubleText(double d)
    {
        string text = d.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') || text.Contains('e') || !double.IsFinite(d) ? text : text + ".0";
    }

    /// <summary>A CEL string literal.</summary>
    private static string Quote(string text) =>
        "'" + text.Replace("\\", "\\\\").Replace("'", "\\'").Replace("\n", "\\n").Replace("\r", "\\r") + "'";

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
                artifacts[output.Name] = new JsonObject
                {
                    ["artifactSelectors"] = new JsonArray(new JsonObject { ["outputArtifactKey"] = a["outputArtifactKey"]!.DeepClone(), ["producerSubtask"] = a["producerTask"]!.DeepClone() }),
                };
            else if (!output.IsArtifact && spec["taskOutputParameter"] is JsonObject p)
                parameters[output.Name] = new JsonObject
                {
                    ["valueFromParameter"] = new JsonObject { ["outputParameterKey"] = p["outputParameterKey"]!.DeepClone(), ["producerSubtask"] = p["producerTask"]!.DeepClone() },
                };
            else
                throw new PipelineDefinitionException(PipelineErrors.InvalidPipelineOutput,
                    $"pipeline '{PipelineName}': output '{output.Name}' must be a task output at the pipeline's top level, not {SourceText.Describe(output.Source)}", output.DefinedAt);
        }
        var outputs = new JsonObject();
        if (artifacts.Count > 0) outputs["artifacts"] = artifacts;
        if (parameters.Count > 0) outputs["parameters"] = parameters;
        return outputs;
    }

    // ---- finalizing: task specs into their DAGs, group components ----

    private void FinalizeChildren(PipelineGroup group)
    {
        foreach (var child in group.Children)
        {
            if (child is PipelineTask task) AddToDag(group, task.Name, FinalizeTask(task));
            else if (child is PipelineGroup g)
            {
                FinalizeChildren(g);
                FinalizeGroup(g);
            }
        }
    }

    private void AddToDag(PipelineGroup dag, string key, JsonObject spec)
    {
        var tasks = _groups[dag].Tasks;
        if (tasks.ContainsKey(key))
            throw new PipelineDefinitionException(PipelineErrors.InvalidName,
                $"pipeline '{PipelineName}': two tasks of {dag.Name} are both named '{key}' (a component named like a group); rename the component");
        tasks[key] = spec;
    }

    private JsonObject FinalizeTask(PipelineTask task)
    {
        var state = _tasks[task];
        var settings = task.Settings;
        var finalStatusInputs = task.Component.InputParameters
            .Where(p => p.Value?["parameterType"]?.GetValue<string>() == KfpParameterType.TaskFinalStatus)
            .Select(p => p.Key).ToList();

        string? strategy = null;
        if (task.ExitHandlerOf is { } exitHandler)
        {
            if (state.Dependencies.Count > 0)
                throw new PipelineDefinitionException(PipelineErrors.InvalidExitTask,
                    $"pipeline '{PipelineName}': exit task '{task.Name}' of {exitHandler.Name} depends on {string.Join(", ", state.Dependencies.Select(d => $"'{d}'"))}; " +
                    "an exit task may take pipeline parameters and constants only", task.DefinedAt);
            state.Dependencies.Add(exitHandler.Name);
            strategy = "ALL_UPSTREAM_TASKS_COMPLETED";
        }
        else if (settings.IgnoreUpstreamFailure)
        {
            strategy = "ALL_UPSTREAM_TASKS_COMPLETED";
            foreach (var (input, source) in task.Parameters.Concat(task.Artifacts))
            {
                var definition = task.Component.InputParameter(input) ?? task.Component.InputArtifact(input);
                if (source is TaskOutputSource or CollectedSource or OneOfSource && ComponentInfo.IsRequired(definition))
                    throw new PipelineDefinitionException(PipelineErrors.InvalidTaskOption,
                        $"pipeline '{PipelineName}': task '{task.Name}' ignores upstream failure, but its required input '{input}' comes from {SourceText.Describe(source)}, " +
                        "which a failed task does not produce; give the component parameter a default", task.DefinedAt);
            }
            if (finalStatusInputs.Count > 0 && state.Dependencies.Count != 1)
                throw new PipelineDefinitionException(PipelineErrors.InvalidFinalStatus,
                    $"pipeline '{PipelineName}': task '{task.Name}' takes a PipelineTaskFinalStatus, so it must wait for exactly one upstream task, not {state.Dependencies.Count}", task.DefinedAt);
        }
        else if (finalStatusInputs.Count > 0)
        {
            throw new PipelineDefinitionException(PipelineErrors.InvalidFinalStatus,
                $"pipeline '{PipelineName}': task '{task.Name}' takes a PipelineTaskFinalStatus ('{finalStatusInputs[0]}'), which only an ExitHandler's exit task " +
                "(or a task that ignores upstream failure and has one upstream task) receives", task.DefinedAt);
        }
        foreach (var input in finalStatusInputs)
            state.Parameters[input] = new JsonObject { ["taskFinalStatus"] = new JsonObject { ["producerTask"] = state.Dependencies.First() } };

        var spec = new JsonObject
        {
            ["cachingOptions"] = IrParts.CachingOptions(settings.EnableCache, settings.CacheKey),
            ["componentRef"] = new JsonObject { ["name"] = state.ComponentKey },
        };
        if (state.Dependencies.Count > 0) spec["dependentTasks"] = new JsonArray(state.Dependencies.Select(d => (JsonNode)JsonValue.Create(d)).ToArray());
        var inputs = Inputs(state.Parameters, state.Artifacts);
        if (inputs is not null) spec["inputs"] = inputs;
        if (settings.Retry is { } retry) spec["retryPolicy"] = IrParts.RetryPolicy(retry);
        spec["taskInfo"] = new JsonObject { ["name"] = settings.DisplayName ?? task.Name };
        if (strategy is not null) spec["triggerPolicy"] = new JsonObject { ["strategy"] = strategy };
        return spec;
    }

    private void FinalizeGroup(PipelineGroup group)
    {
        var state = _groups[group];
        if (state.Tasks.Count == 0)
            throw new PipelineDefinitionException(group is LoopGroup ? PipelineErrors.InvalidLoop : group is ExitHandlerGroup ? PipelineErrors.InvalidExitTask : PipelineErrors.InvalidBranches,
                $"pipeline '{PipelineName}': {group.Construct} '{group.Name}' creates no task", group.DefinedAt);

        var parameters = new JsonObject();
        var artifacts = new JsonObject();
        foreach (var (name, input) in state.Inputs)
            if (input.SpecInParent is { } spec) (input.IsArtifact ? artifacts : parameters)[name] = spec.DeepClone();

        var task = new JsonObject { ["componentRef"] = new JsonObject { ["name"] = state.ComponentKey } };
        if (state.Dependencies.Count > 0) task["dependentTasks"] = new JsonArray(state.Dependencies.Select(d => (JsonNode)JsonValue.Create(d)).ToArray());
        if (Inputs(parameters, artifacts) is { } inputs) task["inputs"] = inputs;
        if (state.Iterator is { } iterator)
        {
            task["parameterIterator"] = iterator;
            if (group is LoopGroup { Parallelism: > 0 } loop) task["iteratorPolicy"] = new JsonObject { ["parallelismLimit"] = loop.Parallelism };
        }
        task["taskInfo"] = new JsonObject { ["name"] = group.DisplayName ?? group.Name };
        if (state.Condition is { } condition) task["triggerPolicy"] = new JsonObject { ["condition"] = condition };
        AddToDag(group.Parent!, group.Name, task);

        var component = new JsonObject();
        var outputs = new JsonObject();
        var outputParameters = new JsonObject();
        var outputArtifacts = new JsonObject();
        var outputDefinitionParameters = new JsonObject();
        var outputDefinitionArtifacts = new JsonObject();
        foreach (var (key, output) in state.Outputs)
        {
            (output.IsArtifact ? outputArtifacts : outputParameters)[key] = output.Selector.DeepClone();
            (output.IsArtifact ? outputDefinitionArtifacts : outputDefinitionParameters)[key] = output.Definition.DeepClone();
        }
        if (outputArtifacts.Count > 0) outputs["artifacts"] = outputArtifacts;
        if (outputParameters.Count > 0) outputs["parameters"] = outputParameters;
        component["dag"] = Dag(state, outputs);

        var inputDefinitions = new JsonObject();
        var inputDefinitionParameters = new JsonObject();
        var inputDefinitionArtifacts = new JsonObject();
        foreach (var (name, input) in state.Inputs)
            (input.IsArtifact ? inputDefinitionArtifacts : inputDefinitionParameters)[name] = input.Definition.DeepClone();
        if (inputDefinitionArtifacts.Count > 0) inputDefinitions["artifacts"] = inputDefinitionArtifacts;
        if (inputDefinitionParameters.Count > 0) inputDefinitions["parameters"] = inputDefinitionParameters;
        if (inputDefinitions.Count > 0) component["inputDefinitions"] = inputDefinitions;

        var outputDefinitions = new JsonObject();
        if (outputDefinitionArtifacts.Count > 0) outputDefinitions["artifacts"] = outputDefinitionArtifacts;
        if (outputDefinitionParameters.Count > 0) outputDefinitions["parameters"] = outputDefinitionParameters;
        if (outputDefinitions.Count > 0) component["outputDefinitions"] = outputDefinitions;
        _context.Components[state.ComponentKey!] = component;
    }

    private static JsonObject Dag(GroupState state, JsonObject outputs)
    {
        var dag = new JsonObject();
        if (outputs.Count > 0) dag["outputs"] = outputs;
        dag["tasks"] = state.Tasks;
        return dag;
    }

    private static JsonObject? Inputs(JsonObject parameters, JsonObject artifacts)
    {
        var inputs = new JsonObject();
        if (artifacts.Count > 0) inputs["artifacts"] = artifacts;
        if (parameters.Count > 0) inputs["parameters"] = parameters;
        return inputs.Count > 0 ? inputs : null;
    }

    private static string KindText(TaskKind kind) => kind switch
    {
        TaskKind.Pipeline => "a nested pipeline",
        TaskKind.Importer => "an importer",
        TaskKind.Stub => "a PVC",
        _ => "a container",
    };

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

using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>Value resolution: a value referenced where it lives and hole-punched into every group
/// between there and its consumer; <c>After</c> dependencies across groups.</summary>
internal sealed partial class GraphCompiler
{
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
                    {
                        throw new PipelineDefinitionException(PipelineErrors.ForeignTask,
                            $"{use.Who}: {use.What} refers to parameter '{p.Name}' of pipeline '{p.Owner.Pipeline.Name}', not of pipeline '{PipelineName}'; pass it in as a parameter", use.Location);
                    }

                    var definition = artifact ? GraphTypes.ArtifactDefinition(_graph, p) : GraphTypes.ParameterDefinition(_graph, p);
                    if (definition is null)
                    {
                        throw new PipelineDefinitionException(PipelineErrors.UnknownInput,
                            $"{use.Who}: {use.What} refers to pipeline {(artifact ? "artifact" : "parameter")} '{p.Name}', which the pipeline does not declare");
                    }

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
        {
            return HolePunch(dag, $"pipelinechannel--{producer}-{key}", artifact, definition,
                (parent, deps) => AtHome(home, producer, key, artifact, definition, parent, deps, use, source));
        }

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
        {
            throw new PipelineDefinitionException(PipelineErrors.ValueOutOfScope,
                $"pipeline '{PipelineName}': {use.Who}: {use.What} uses {SourceText.Describe(source)} outside that ParallelFor", use.Location);
        }
    }

    private string ItemInput(LoopGroup loop) => _groups[loop].ItemInput
        ?? throw new InvalidOperationException($"The item input of '{loop.Name}' is used before the loop was compiled.");

    private PipelineDefinitionException OutOfScope(ValueSource source, PipelineGroup home, PipelineGroup dag, Use use)
    {
        var outermost = home;
        while (outermost.Parent is { } parent && !parent.Contains(dag)) outermost = parent;
        var hint = outermost switch
        {
            LoopGroup => "gather the iterations with p.Collected(…)",
            ConditionGroup or ConditionBranchesGroup => "take the output of whichever branch ran with p.OneOf(…) or an If chain whose branches return it (If/ElseIf/Else)",
            _ => "values cannot leave an ExitHandler",
        };
        return new PipelineDefinitionException(PipelineErrors.ValueOutOfScope,
            $"pipeline '{PipelineName}': {use.Who}: {use.What} uses {SourceText.Describe(source)}, which is produced inside {outermost.Construct} '{outermost.Name}'" +
            $"{(outermost.DefinedAt is { } at ? $" ({at})" : "")} and is not visible outside it; {hint}", use.Location);
    }

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
            {
                throw new PipelineDefinitionException(PipelineErrors.InvalidCollected,
                    $"pipeline '{PipelineName}': {group.Name} would need output '{key}' both as {TypeText(existing.Definition)} and {TypeText(definition)} (a value both collected and taken with OneOf)", use.Location);
            }

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
        {
            throw new PipelineDefinitionException(PipelineErrors.ValueOutOfScope,
                $"pipeline '{PipelineName}': task '{task.Name}' runs after task '{upstream.Name}', which is inside {g.Construct} '{g.Name}'; " +
                "a task outside a condition or exit handler cannot wait for a task inside it", task.DefinedAt);
        }

        var name = upstreamSide is PipelineTask t ? t.Name : ((PipelineGroup)upstreamSide).Name;
        (consumerSide is PipelineTask c ? _tasks[c].Dependencies : _groups[(PipelineGroup)consumerSide].Dependencies).Add(name);
    }
}

using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>Values that leave their group: <c>Collected</c> (a loop's outputs as a LIST on every
/// group crossed) and <c>OneOf</c> (one output per If/ElseIf/Else branch, <c>valueFromOneof</c>).</summary>
internal sealed partial class GraphCompiler
{
    private JsonObject ResolveCollected(CollectedSource collected, PipelineGroup dag, ISet<string> dependencies, Use use, bool artifact)
    {
        var inner = collected.Inner;
        var innerDefinition = OutputDefinition(inner, use, artifact);
        var home = inner.Task.Parent!;
        var common = CommonAncestor(home, dag);
        var crossed = new List<PipelineGroup>();
        for (var g = home; !ReferenceEquals(g, common); g = g.Parent!) crossed.Add(g);
        if (crossed.Count == 0 || crossed[^1] is not LoopGroup)
        {
            throw new PipelineDefinitionException(PipelineErrors.InvalidCollected,
                $"pipeline '{PipelineName}': {use.Who}: {use.What} collects {SourceText.Describe(inner)}, but " +
                (crossed.Count == 0
                    ? "the consumer is inside the same ParallelFor (or the task is in no loop): use the value directly"
                    : $"the value leaves {crossed[^1].Construct} '{crossed[^1].Name}', not a ParallelFor"), use.Location);
        }

        var key = $"pipelinechannel--{inner.Task.Name}-{inner.Key}";
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
        var (branches, key, definition) = ExposeOneOf(oneOf, use, artifact);
        return AtHome(branches.Parent!, branches.Name, key, artifact, definition, dag, dependencies, use, oneOf);
    }

    /// <summary>
    /// Declares a one-of as an output of its <c>condition-branches-N</c> group (<c>valueFromOneof</c> over the branches,
    /// each branch exposing its value), and returns where it lives. A branch's value is a task output directly in the
    /// branch, or the one-of of a chain directly in it: that one is exposed on its own branches group first and then by
    /// the branch (<c>valueFromParameter</c> from the inner <c>condition-branches-M</c>), the shape KFP's compiler writes
    /// for a pipeline that returns a one-of, so a one-of reaches across nested If/Else chains.
    /// </summary>
    private (ConditionBranchesGroup Branches, string Key, JsonObject Definition) ExposeOneOf(OneOfSource oneOf, Use use, bool artifact)
    {
        var branches = oneOf.Branches;
        var list = branches.Branches.ToList();
        var definitions = new List<(ConditionGroup Branch, ValueSource Value, JsonObject Definition)>();
        foreach (var value in oneOf.Values)
        {
            if (OneOfSource.HomeOf(value) is not ConditionGroup branch || !ReferenceEquals(branch.Parent, branches))
            {
                throw new PipelineDefinitionException(PipelineErrors.InvalidBranches,
                    $"pipeline '{PipelineName}': OneOf over the branches of '{branches.Name}' takes outputs of tasks (or one-ofs of chains) directly inside those branches; {SourceText.Describe(value)} is not", use.Location);
            }

            var definition = value is TaskOutputSource t ? OutputDefinition(t, use, artifact) : OneOfDefinition((OneOfSource)value, use, artifact);
            if (definitions.Any(d => ReferenceEquals(d.Branch, branch)))
            {
                throw new PipelineDefinitionException(PipelineErrors.InvalidBranches,
                    $"pipeline '{PipelineName}': OneOf takes one output per branch, but branch '{branch.Name}' gives two", use.Location);
            }

            definitions.Add((branch, value, definition));
        }
        if (!_oneOfIds.TryGetValue(oneOf, out var id))
        {
            if (!branches.HasElse || definitions.Count != list.Count)
            {
                throw new PipelineDefinitionException(PipelineErrors.InvalidBranches,
                    $"pipeline '{PipelineName}': OneOf over '{branches.Name}' needs an output from every branch of an If/ElseIf/Else chain that ends with Else " +
                    $"({definitions.Count} of {list.Count} branches{(branches.HasElse ? "" : ", no Else")}): otherwise a run could produce no value", use.Location);
            }

            var first = TypeText(definitions[0].Definition);
            if (definitions.FirstOrDefault(d => TypeText(d.Definition) != first) is { Value: not null } odd)
            {
                throw new PipelineDefinitionException(PipelineErrors.InvalidBranches,
                    $"pipeline '{PipelineName}': OneOf mixes {first} and {TypeText(odd.Definition)} ({SourceText.Describe(odd.Value)})", use.Location);
            }

            _oneOfIds[oneOf] = id = _oneOfIds.Keys.Count(o => ReferenceEquals(o.Branches, branches)) + 1;
        }

        var key = $"pipelinechannel--{branches.Name}-oneof-{id}";
        var selectors = new JsonArray();
        foreach (var (branch, value, definition) in definitions.OrderBy(d => list.IndexOf(d.Branch)))
        {
            string branchKey;
            if (value is TaskOutputSource task)
            {
                branchKey = $"pipelinechannel--{task.Task.Name}-{task.Key}";
                Expose(branch, branchKey, artifact, definition, Selector(artifact, task.Task.Name, task.Key), use);
            }
            else
            {
                var (inner, innerKey, _) = ExposeOneOf((OneOfSource)value, use, artifact);
                branchKey = innerKey;
                Expose(branch, branchKey, artifact, definition, Selector(artifact, inner.Name, innerKey), use);
            }
            selectors.Add(new JsonObject { [artifact ? "outputArtifactKey" : "outputParameterKey"] = branchKey, ["producerSubtask"] = branch.Name });
        }
        var oneOfSelector = artifact
            ? new JsonObject { ["artifactSelectors"] = selectors }
            : new JsonObject { ["valueFromOneof"] = new JsonObject { ["parameterSelectors"] = selectors } };
        Expose(branches, key, artifact, definitions[0].Definition, oneOfSelector, use);
        return (branches, key, definitions[0].Definition);
    }

    private JsonObject OneOfDefinition(OneOfSource oneOf, Use use, bool artifact) =>
        (artifact ? GraphTypes.ArtifactDefinition(_graph, oneOf) : GraphTypes.ParameterDefinition(_graph, oneOf))
        ?? throw new PipelineDefinitionException(PipelineErrors.UnknownInput,
            $"{use.Who}: {use.What} refers to {SourceText.Describe(oneOf)}, which is not an output {(artifact ? "artifact" : "parameter")}", use.Location);

    private static string TypeText(JsonObject definition) =>
        definition["parameterType"]?.GetValue<string>() ?? definition["artifactType"]?["schemaTitle"]?.GetValue<string>() ?? definition.ToJsonString();
}

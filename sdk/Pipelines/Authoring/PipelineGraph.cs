using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>
/// What tracing one <c>[Pipeline]</c> method records: its tasks in a tree of groups (the root DAG,
/// conditions, loops, exit handlers) in definition order, and its outputs.
/// </summary>
internal sealed class PipelineGraph
{
    private int _groupCounter;

    public PipelineGraph(PipelineRegistration pipeline)
    {
        Pipeline = pipeline;
        InputDefinitions = pipeline.InputDefinitionsJson;
        Root = new RootGroup();
    }

    public PipelineRegistration Pipeline { get; }
    public JsonObject InputDefinitions { get; }
    public RootGroup Root { get; }
    public List<PipelineTask> Tasks { get; } = [];
    public List<PipelineOutput> Outputs { get; } = [];
    /// <summary>The run's workspace (<see cref="PipelineBuilder.UseWorkspace"/>); only a top-level pipeline has one.</summary>
    public WorkspaceSettings? Workspace { get; set; }

    /// <summary>The pipeline-wide counter that numbers groups and raw loop items in definition order (docs/kfp-contract.md#control-flow).</summary>
    public int NextGroupId() => ++_groupCounter;

    /// <summary>The KFP <c>outputDefinitions</c> of this pipeline (as the root DAG or as a nested pipeline's component).</summary>
    public JsonObject OutputDefinitions()
    {
        var parameters = new JsonObject();
        var artifacts = new JsonObject();
        foreach (var output in Outputs)
        {
            var definition = GraphTypes.OutputDefinition(this, output);
            if (output.Description is { } description) definition["description"] = description;
            if (output.IsArtifact) artifacts[output.Name] = definition;
            else parameters[output.Name] = definition;
        }
        var result = new JsonObject();
        if (artifacts.Count > 0) result["artifacts"] = artifacts;
        if (parameters.Count > 0) result["parameters"] = parameters;
        return result;
    }
}

/// <summary>A pipeline output (<c>root.dag.outputs</c>): a value the <c>[Pipeline]</c> method returned.</summary>
internal sealed record PipelineOutput(string Name, ValueSource Source, bool IsArtifact, string? DefinedAt, string? Description = null);

/// <summary>A DAG inside a pipeline: the root, or a condition, loop, exit-handler or If/ElseIf/Else wrapper group.</summary>
internal abstract class PipelineGroup
{
    protected PipelineGroup(int id, PipelineGroup? parent, string? displayName, string? definedAt)
    {
        Id = id;
        Parent = parent;
        DisplayName = displayName;
        DefinedAt = definedAt;
    }

    /// <summary>The number from the pipeline-wide counter; If/Else wrappers swap it with their first branch.</summary>
    public int Id { get; set; }

    /// <summary><c>condition</c>, <c>condition-branches</c>, <c>for-loop</c>, <c>exit-handler</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>What the user called it, for messages.</summary>
    public abstract string Construct { get; }

    /// <summary>The group's task key and component name (without <c>comp-</c>): <c>condition-1</c>.</summary>
    public virtual string Name => $"{Kind}-{Id}";

    public PipelineGroup? Parent { get; set; }

    /// <summary>Tasks (<see cref="PipelineTask"/>) and groups in definition order.</summary>
    public List<object> Children { get; } = [];

    public string? DisplayName { get; }

    /// <summary>Source location of the call that opened the group (<c>File.cs:42</c>).</summary>
    public string? DefinedAt { get; }

    /// <summary>True when <paramref name="group"/> is this group or nested in it.</summary>
    public bool Contains(PipelineGroup? group)
    {
        for (var g = group; g is not null; g = g.Parent)
            if (ReferenceEquals(g, this)) return true;
        return false;
    }

    public override string ToString() => Name;
}

/// <summary>The pipeline's root DAG.</summary>
internal sealed class RootGroup() : PipelineGroup(0, null, null, null)
{
    public override string Kind => "root";
    public override string Construct => "the pipeline";
    public override string Name => "root";
}

/// <summary>One term of a branch's condition: the branch's own condition, or the negation of an earlier branch's.</summary>
internal sealed record ConditionTerm(ConditionNode Node, bool Negated);

/// <summary><c>If</c>, <c>ElseIf</c> or <c>Else</c>: runs its tasks when all terms hold.</summary>
internal sealed class ConditionGroup(int id, PipelineGroup parent, IReadOnlyList<ConditionTerm> terms, string construct, string? displayName, string? definedAt)
    : PipelineGroup(id, parent, displayName, definedAt)
{
    public IReadOnlyList<ConditionTerm> Terms { get; } = terms;
    public override string Kind => "condition";
    public override string Construct { get; } = construct;
}

/// <summary>The wrapper KFP's SDK puts around If/ElseIf/Else (<c>condition-branches-N</c>); its outputs realise OneOf.</summary>
internal sealed class ConditionBranchesGroup(int id, PipelineGroup parent, string? definedAt) : PipelineGroup(id, parent, null, definedAt)
{
    public override string Kind => "condition-branches";
    public override string Construct => "If/ElseIf/Else";
    public bool HasElse { get; set; }
    public IEnumerable<ConditionGroup> Branches => Children.OfType<ConditionGroup>();
}

/// <summary><c>ParallelFor</c> over a constant list (<see cref="RawItems"/>) or a list-valued channel (<see cref="ItemsSource"/>).</summary>
internal sealed class LoopGroup(int id, PipelineGroup parent, string itemParameterType, int parallelism, string? displayName, string? definedAt)
    : PipelineGroup(id, parent, displayName, definedAt)
{
    public override string Kind => "for-loop";
    public override string Construct => "ParallelFor";
    /// <summary>The KFP parameter type of one item.</summary>
    public string ItemParameterType { get; } = itemParameterType;
    public int Parallelism { get; } = parallelism;
    public JsonArray? RawItems { get; init; }
    /// <summary>The counter value of <c>loop-item-param-N</c> for a constant list.</summary>
    public int RawItemId { get; init; }
    public ValueSource? ItemsSource { get; init; }
}

/// <summary><c>ExitHandler</c>: its exit task runs when the group finishes, however it finishes.</summary>
internal sealed class ExitHandlerGroup(int id, PipelineGroup parent, PipelineTask exitTask, string? displayName, string? definedAt)
    : PipelineGroup(id, parent, displayName, definedAt)
{
    public override string Kind => "exit-handler";
    public override string Construct => "ExitHandler";
    public PipelineTask ExitTask { get; } = exitTask;
}

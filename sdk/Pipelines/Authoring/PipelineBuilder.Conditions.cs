namespace Pipelines;

/// <summary>If/ElseIf/Else chains and OneOf over their branches' outputs.</summary>
public sealed partial class PipelineBuilder
{
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
        ValueSource? value = null;
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
        ValueSource? value = null;
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

    private ChainState StartChain(Condition condition, Action body, string? displayName)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(body);
        EnsureCurrent();
        var location = SourceLocation.Capture();
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
        var construct = condition is null ? "Else" : "ElseIf";
        var location = SourceLocation.Capture();
        if (!ReferenceEquals(s_current.Value, this) || !ReferenceEquals(Scope, chain.Parent))
        {
            throw new PipelineDefinitionException(PipelineErrors.InvalidBranches,
                $"pipeline '{Pipeline.Name}': {construct} must be called where its If was, right after it", location);
        }

        if (chain.Closed)
        {
            throw new PipelineDefinitionException(PipelineErrors.InvalidBranches,
                $"pipeline '{Pipeline.Name}': the If of '{chain.First.Name}' already has an Else", location);
        }

        var last = chain.Parent.Children.Count > 0 ? chain.Parent.Children[^1] : null;
        if (!ReferenceEquals(last, (object?)chain.Wrapper ?? chain.First))
        {
            throw new PipelineDefinitionException(PipelineErrors.InvalidBranches,
                $"pipeline '{Pipeline.Name}': {construct} must directly follow its If ('{chain.First.Name}'); '{Describe(last)}' was added in between", location);
        }

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
        if (condition is not null)
        {
            chain.Conditions.Add(condition.Node);
        }
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

    /// <summary>A branch's returned value: an output of a task created in that branch, or the one-of of a chain in it.</summary>
    internal ValueSource BranchValue(ValueSource source, string construct) => source is TaskOutputSource or OneOfSource
        ? source
        : throw new PipelineDefinitionException(PipelineErrors.InvalidBranches,
            $"pipeline '{Pipeline.Name}': an {construct} branch must return an output of a task it creates (or the one-of of a chain in it), not {SourceText.Describe(source)}", SourceLocation.Capture());

    internal OneOfSource MakeOneOf(IEnumerable<ValueSource?> sources)
    {
        EnsureCurrent();
        var location = SourceLocation.Capture();
        var values = new List<ValueSource>();
        foreach (var source in sources)
        {
            if (source is not (TaskOutputSource or OneOfSource))
            {
                throw new PipelineDefinitionException(PipelineErrors.InvalidBranches,
                    $"pipeline '{Pipeline.Name}': OneOf takes one task output (or one-of of a nested chain) per If/ElseIf/Else branch, not {(source is null ? "null" : SourceText.Describe(source))}", location);
            }

            values.Add(source);
        }
        if (values.Count < 2)
            throw new PipelineDefinitionException(PipelineErrors.InvalidBranches, $"pipeline '{Pipeline.Name}': OneOf needs an output from each branch of an If/ElseIf/Else chain", location);
        if (OneOfSource.HomeOf(values[0]) is not ConditionGroup { Parent: ConditionBranchesGroup branches })
        {
            throw new PipelineDefinitionException(PipelineErrors.InvalidBranches,
                $"pipeline '{Pipeline.Name}': OneOf takes outputs of tasks inside If/ElseIf/Else branches; {SourceText.Describe(values[0])} is not in a branch of a chain with ElseIf or Else", location);
        }

        return new OneOfSource(branches, values);
    }

    internal OneOfSource CloseTypedChain(ChainState chain) => MakeOneOf(chain.Values);
}

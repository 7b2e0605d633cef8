namespace Pipelines;

/// <summary>
/// An If chain being written: add <see cref="ElseIf"/> branches and end with <see cref="Else"/>,
/// directly after the <see cref="PipelineBuilder.If(Condition, Action, string?)"/>. With an
/// ElseIf or Else, KFP's SDK wraps the branches in a <c>condition-branches-N</c> group; each
/// branch's <c>triggerPolicy.condition</c> negates the earlier ones (<c>!(a) &amp;&amp; b</c>).
/// </summary>
public sealed class ConditionChain
{
    private readonly ChainState _state;

    internal ConditionChain(ChainState state) => _state = state;

    /// <summary>Runs <paramref name="body"/>'s tasks when no earlier branch's condition held and <paramref name="condition"/> holds.</summary>
    public ConditionChain ElseIf(Condition condition, Action body, string? displayName = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        _state.Builder.AddBranch(_state, condition, body, displayName);
        return this;
    }

    /// <summary>Runs <paramref name="body"/>'s tasks when no earlier branch's condition held. Ends the chain.</summary>
    public void Else(Action body, string? displayName = null) => _state.Builder.AddBranch(_state, null, body, displayName);
}

/// <summary>An If chain whose branches each return a task output; <see cref="Else"/> returns the output of the branch that ran (<c>dsl.OneOf</c>).</summary>
public sealed class ValueConditionChain<T>
{
    private readonly ChainState _state;

    internal ValueConditionChain(ChainState state) => _state = state;

    /// <summary>Adds a branch that runs when no earlier condition held and <paramref name="condition"/> holds.</summary>
    public ValueConditionChain<T> ElseIf(Condition condition, Func<Value<T>> body, string? displayName = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(body);
        ValueBranch.Add(_state, condition, () => body().Source, displayName);
        return this;
    }

    /// <summary>Adds the last branch and returns the output of whichever branch ran.</summary>
    public Value<T> Else(Func<Value<T>> body, string? displayName = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        ValueBranch.Add(_state, null, () => body().Source, displayName);
        return new Value<T>(_state.Builder.CloseTypedChain(_state));
    }
}

/// <summary>An If chain whose branches each return an output artifact; <see cref="Else"/> returns the artifact of the branch that ran.</summary>
public sealed class ArtifactConditionChain<T> where T : Artifact, new()
{
    private readonly ChainState _state;

    internal ArtifactConditionChain(ChainState state) => _state = state;

    /// <summary>Adds a branch that runs when no earlier condition held and <paramref name="condition"/> holds.</summary>
    public ArtifactConditionChain<T> ElseIf(Condition condition, Func<ArtifactRef<T>> body, string? displayName = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(body);
        ValueBranch.Add(_state, condition, () => body().Source, displayName);
        return this;
    }

    /// <summary>Adds the last branch and returns the artifact of whichever branch ran.</summary>
    public ArtifactRef<T> Else(Func<ArtifactRef<T>> body, string? displayName = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        ValueBranch.Add(_state, null, () => body().Source, displayName);
        return new ArtifactRef<T>(_state.Builder.CloseTypedChain(_state));
    }
}

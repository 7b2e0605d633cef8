namespace Pipelines;

/// <summary>
/// Adds an ElseIf or Else branch whose body returns a task output, for the typed chains
/// (<see cref="ValueConditionChain{T}"/>, <see cref="ArtifactConditionChain{T}"/>): they differ only
/// in the type handed back, so recording the branch's output for the closing OneOf lives here once.
/// </summary>
internal static class ValueBranch
{
    /// <summary>Adds the branch (an Else when <paramref name="condition"/> is null) and records its output in the chain.</summary>
    public static void Add(ChainState state, Condition? condition, Func<ValueSource> body, string? displayName)
    {
        var construct = condition is null ? "Else" : "ElseIf";
        ValueSource? value = null;
        state.Builder.AddBranch(state, condition, () => value = state.Builder.BranchValue(body(), construct), displayName);
        state.Values.Add(value!);
    }
}

using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>ParallelFor over a constant list or a list channel, and Collected to fan results back in.</summary>
public sealed partial class PipelineBuilder
{
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
        var rawId = Graph.NextGroupId();
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
        var location = SourceLocation.Capture();
        if (parallelism < 0)
            throw new PipelineDefinitionException(PipelineErrors.InvalidLoop, $"pipeline '{Pipeline.Name}': a ParallelFor's parallelism must be 0 (unlimited) or more, not {parallelism}", location);
        var itemParameterType = KfpTypes.ParameterType(itemType) ?? throw new PipelineDefinitionException(PipelineErrors.InvalidLoop,
            $"pipeline '{Pipeline.Name}': ParallelFor over items of type {KfpTypes.NotCarried(itemType)}", location);
        var loop = new LoopGroup(Graph.NextGroupId(), Scope, itemParameterType, parallelism, displayName, location)
        {
            RawItems = raw,
            RawItemId = rawId,
            ItemsSource = items,
        };
        Run(loop, () => body(new LoopItem<T>(loop)));
    }

    private TaskOutputSource CollectedInner(ValueSource source) => source as TaskOutputSource
        ?? throw new PipelineDefinitionException(PipelineErrors.InvalidCollected,
            $"pipeline '{Pipeline.Name}': Collected takes an output of a task inside a ParallelFor, not {SourceText.Describe(source)}", SourceLocation.Capture());
}

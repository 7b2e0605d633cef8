namespace Pipelines;

/// <summary>The state of one If/ElseIf/Else chain while it is being written.</summary>
internal sealed class ChainState(PipelineBuilder builder, PipelineGroup parent, ConditionGroup first)
{
    public PipelineBuilder Builder { get; } = builder;
    public PipelineGroup Parent { get; } = parent;
    public ConditionGroup First { get; } = first;
    public ConditionBranchesGroup? Wrapper { get; set; }
    public List<ConditionNode> Conditions { get; } = [];
    public List<ValueSource> Values { get; } = [];
    public bool Closed { get; set; }
}

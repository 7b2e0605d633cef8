using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>Where a value in a pipeline comes from.</summary>
internal abstract record ValueSource;
/// <summary>A compile-time constant (<c>runtimeValue.constant</c>).</summary>
internal sealed record ConstantSource(JsonNode? Value) : ValueSource;
/// <summary>An input of the pipeline whose trace created it (<c>componentInputParameter</c> /
/// <c>componentInputArtifact</c>). <paramref name="Owner"/> is null for parameters made outside a trace.</summary>
internal sealed record PipelineInputSource(string Name, PipelineGraph? Owner = null) : ValueSource;
/// <summary>An output of another task (<c>taskOutputParameter</c> / <c>taskOutputArtifact</c>).</summary>
internal sealed record TaskOutputSource(PipelineTask Task, string Key) : ValueSource;
/// <summary>The current item of a <c>ParallelFor</c> (the loop component's item input).</summary>
internal sealed record LoopItemSource(LoopGroup Loop) : ValueSource;
/// <summary>One field of the current item (<c>parameterExpressionSelector: parseJson(string_value)["field"]</c>).</summary>
internal sealed record LoopItemFieldSource(LoopGroup Loop, string Field, string ParameterType) : ValueSource;
/// <summary>The outputs of every iteration of the loops around a task, gathered into a list (<c>dsl.Collected</c>).</summary>
internal sealed record CollectedSource(TaskOutputSource Inner) : ValueSource;
/// <summary>The output of whichever If/ElseIf/Else branch ran (<c>dsl.OneOf</c>). The compiler numbers
/// the one-ofs of a branches group in the order they are used (<c>…-oneof-1</c>). Each value is a
/// <see cref="TaskOutputSource"/> of a task directly in its branch, or the <see cref="OneOfSource"/> of a
/// chain directly in its branch (a one-of across nested If/Else chains).</summary>
internal sealed record OneOfSource(ConditionBranchesGroup Branches, IReadOnlyList<ValueSource> Values) : ValueSource
{
    /// <summary>The group a one-of value lives in: a task output's task's group, or a nested one-of's chain's group.</summary>
    public static PipelineGroup? HomeOf(ValueSource value) => value switch
    {
        TaskOutputSource t => t.Task.Parent,
        OneOfSource o => o.Branches.Parent,
        _ => null,
    };
}

/// <summary>How values and artifacts are named in messages.</summary>
internal static class SourceText
{
    public static string Describe(ValueSource source) => source switch
    {
        ConstantSource c => c.Value?.ToJsonString() ?? "null",
        PipelineInputSource p => $"pipeline parameter '{p.Name}'",
        TaskOutputSource t => $"output '{t.Key}' of task '{t.Task.Name}'",
        LoopItemSource l => $"the item of loop '{l.Loop.Name}'",
        LoopItemFieldSource f => $"field '{f.Field}' of the item of loop '{f.Loop.Name}'",
        CollectedSource c => $"the collected {Describe(c.Inner)}",
        OneOfSource o => $"the one-of output of '{o.Branches.Name}'",
        _ => source.ToString(),
    };
}

/// <summary>
/// A parameter value inside a pipeline body: a constant, a pipeline parameter or a task output.
/// Constants convert implicitly (<c>fill: 0.5</c>); the type parameter keeps wiring type-checked.
/// </summary>
/// <remarks>
/// <c>==</c> and <c>!=</c> between two values (or a value and a constant) build a
/// <see cref="Condition"/> for <see cref="PipelineBuilder.If(Condition, Action, string?)"/>; they
/// never return <c>bool</c>, so <c>if (accuracy == 1.0)</c> does not compile. A value is still an
/// ordinary object: <see cref="Equals(object?)"/> and <see cref="GetHashCode"/> are reference
/// identity, so values work as dictionary keys; test for null with <c>is null</c>. The ordering
/// operators (<c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>) exist for numbers and strings
/// only (<see cref="ValueComparisons"/>).
/// </remarks>
public class Value<T> : IPipelineValue
{
    internal Value(ValueSource source) => Source = source;

    internal ValueSource Source { get; }

    ValueSource IPipelineValue.Source => Source;
    Type IPipelineValue.ValueType => typeof(T);

    public static implicit operator Value<T>(T value) => new(new ConstantSource(KfpJson.ToNode(value)));

    /// <summary>A constant value.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static Value<T> Constant(T value) => value;

    /// <summary>A condition that holds when both values are equal at run time (CEL <c>==</c>).</summary>
    public static Condition operator ==(Value<T> left, Value<T> right) => Condition.Compare(left, "==", right);

    /// <summary>A condition that holds when the values differ at run time (CEL <c>!=</c>).</summary>
    public static Condition operator !=(Value<T> left, Value<T> right) => Condition.Compare(left, "!=", right);

    /// <summary>Reference identity (<c>==</c> builds a <see cref="Condition"/> instead).</summary>
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    public override int GetHashCode() => RuntimeHelpers.GetHashCode(this);

    public override string ToString() => SourceText.Describe(Source);
}

/// <summary>A run parameter of a pipeline (a parameter of the <c>[Pipeline]</c> method).</summary>
public sealed class Param<T> : Value<T>
{
    internal Param(string name, PipelineGraph? owner = null) : base(new PipelineInputSource(name, owner)) => Name = name;

    /// <summary>The parameter's KFP name (snake_case).</summary>
    public string Name { get; }
}

/// <summary>
/// The current item of a <see cref="PipelineBuilder.ParallelFor{T}(IEnumerable{T}, Action{LoopItem{T}}, int, string?)"/>:
/// use it as a value of type <typeparamref name="T"/>, or pick one field of a record or dictionary item
/// with <see cref="Field{TField}"/>.
/// </summary>
public sealed class LoopItem<T> : Value<T>
{
    internal LoopItem(LoopGroup loop) : base(new LoopItemSource(loop)) => Loop = loop;

    internal LoopGroup Loop { get; }

    /// <summary>
    /// One field of the item: <c>item.Field(x =&gt; x.LearningRate)</c> for a record (its JSON name,
    /// snake_case unless <c>[JsonPropertyName]</c> says otherwise) or <c>item.Field(d =&gt; d["lr"])</c>
    /// for a dictionary. KFP selects it with <c>parseJson(string_value)["learning_rate"]</c>.
    /// </summary>
    public Value<TField> Field<TField>(System.Linq.Expressions.Expression<Func<T, TField>> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var field = FieldNames.Of(selector);
        var parameterType = KfpTypes.ParameterType(typeof(TField)) ?? throw new PipelineDefinitionException(PipelineErrors.InvalidLoop,
            $"loop item field '{field}' has type {KfpTypes.NotCarried(typeof(TField))}", SourceLocation.Capture());
        return new Value<TField>(new LoopItemFieldSource(Loop, field, parameterType));
    }
}

/// <summary>A reference to an artifact inside a pipeline body: a task's output artifact.</summary>
public class ArtifactRef
{
    internal ArtifactRef(ValueSource source) => Source = source;

    internal ValueSource Source { get; }

    public override string ToString() => Source switch
    {
        PipelineInputSource p => $"pipeline input '{p.Name}'",
        TaskOutputSource t => $"artifact '{t.Key}' of task '{t.Task.Name}'",
        _ => SourceText.Describe(Source),
    };
}

/// <summary>A typed artifact reference: passing a <c>Model</c> where a <c>Dataset</c> is expected does not compile.</summary>
public sealed class ArtifactRef<T> : ArtifactRef where T : Artifact, new()
{
    internal ArtifactRef(ValueSource source) : base(source) { }
}

/// <summary>
/// A list of artifacts: what <see cref="PipelineBuilder.Collected{T}(ArtifactRef{T})"/> gathers from
/// the iterations of a loop. Components receive it as an <see cref="InputList{T}"/> parameter
/// (an input with <c>isArtifactList: true</c>).
/// </summary>
public sealed class ArtifactListRef<T> : ArtifactRef where T : Artifact, new()
{
    internal ArtifactListRef(ValueSource source) : base(source) { }
}

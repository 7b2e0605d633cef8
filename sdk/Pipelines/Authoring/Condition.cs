namespace Pipelines;

/// <summary>
/// A run-time condition over pipeline parameters and task outputs, for
/// <see cref="PipelineBuilder.If(Condition, Action, string?)"/>. Build one by comparing values
/// (<c>accuracy &gt;= 0.9</c>, <c>flip.Output == "heads"</c>) and combine with <c>&amp;</c>,
/// <c>|</c> and <c>!</c>. It compiles to the CEL expression of <c>triggerPolicy.condition</c>
/// (docs/kfp-contract.md#control-flow). There is deliberately no conversion to <c>bool</c>: the value is only known
/// when the pipeline runs, so <c>if (accuracy &gt; 0.9)</c> does not compile.
/// </summary>
public sealed class Condition
{
    private Condition(ConditionNode node) => Node = node;

    internal ConditionNode Node { get; }

    internal static Condition Compare<T>(Value<T> left, string op, Value<T> right)
    {
        // `optional == null` on a nullable value asks "was it given?": KFP's conditions cannot (its compiler
        // rejects None as an operand, and CEL over a missing parameter fails the run).
        if ((left is null) != (right is null) && Nullable.GetUnderlyingType(typeof(T)) is not null)
        {
            throw new PipelineDefinitionException(PipelineErrors.InvalidCondition,
                $"A pipeline condition cannot compare a Value<{Nullable.GetUnderlyingType(typeof(T))!.Name}?> with null: KFP's conditions cannot test whether " +
                "an optional value was given (its compiler rejects None too); give the parameter a default and compare with that",
                SourceLocation.Capture());
        }

        if (left is null || right is null)
        {
            throw new ArgumentNullException(left is null ? nameof(left) : nameof(right),
                $"A pipeline condition compares two values; to test whether a Value<{typeof(T).Name}> variable is null use 'is null'.");
        }

        return new Condition(new ComparisonNode(new ConditionOperand(left.Source, typeof(T)), op, new ConditionOperand(right.Source, typeof(T))));
    }

    /// <summary>Both conditions hold (CEL <c>&amp;&amp;</c>).</summary>
    public static Condition operator &(Condition left, Condition right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new Condition(new AndNode(left.Node, right.Node));
    }

    /// <summary>At least one condition holds (CEL <c>||</c>).</summary>
    public static Condition operator |(Condition left, Condition right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new Condition(new OrNode(left.Node, right.Node));
    }

    /// <summary>The condition does not hold (CEL <c>!(…)</c>).</summary>
    public static Condition operator !(Condition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return new Condition(new NotNode(condition.Node));
    }

    public override string ToString() => Node.ToString() ?? "";
}

/// <summary>One side of a comparison: where the value comes from and the C# type it was compared as.</summary>
internal sealed record ConditionOperand(ValueSource Source, Type ClrType)
{
    public override string ToString() => SourceText.Describe(Source);
}

internal abstract record ConditionNode;

internal sealed record ComparisonNode(ConditionOperand Left, string Operator, ConditionOperand Right) : ConditionNode
{
    public override string ToString() => $"{Left} {Operator} {Right}";
}

internal sealed record AndNode(ConditionNode Left, ConditionNode Right) : ConditionNode
{
    public override string ToString() => $"({Left}) && ({Right})";
}

internal sealed record OrNode(ConditionNode Left, ConditionNode Right) : ConditionNode
{
    public override string ToString() => $"({Left}) || ({Right})";
}

internal sealed record NotNode(ConditionNode Inner) : ConditionNode
{
    public override string ToString() => $"!({Inner})";
}

/// <summary>
/// The ordering comparisons <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c> between pipeline
/// values, defined only where CEL can order them: numbers and strings. Comparing lists, records or
/// artifacts does not compile. Mix integers and doubles with <see cref="AsDouble(Value{int})"/>
/// (<c>count.AsDouble() &gt; ratio</c>); KFP's CEL then reads <c>double(int(…))</c>.
/// </summary>
public static class ValueComparisons
{
    extension(Value<int>)
    {
        public static Condition operator <(Value<int> left, Value<int> right) => Condition.Compare(left, "<", right);
        public static Condition operator <=(Value<int> left, Value<int> right) => Condition.Compare(left, "<=", right);
        public static Condition operator >(Value<int> left, Value<int> right) => Condition.Compare(left, ">", right);
        public static Condition operator >=(Value<int> left, Value<int> right) => Condition.Compare(left, ">=", right);
    }

    extension(Value<long>)
    {
        public static Condition operator <(Value<long> left, Value<long> right) => Condition.Compare(left, "<", right);
        public static Condition operator <=(Value<long> left, Value<long> right) => Condition.Compare(left, "<=", right);
        public static Condition operator >(Value<long> left, Value<long> right) => Condition.Compare(left, ">", right);
        public static Condition operator >=(Value<long> left, Value<long> right) => Condition.Compare(left, ">=", right);
    }

    extension(Value<double>)
    {
        public static Condition operator <(Value<double> left, Value<double> right) => Condition.Compare(left, "<", right);
        public static Condition operator <=(Value<double> left, Value<double> right) => Condition.Compare(left, "<=", right);
        public static Condition operator >(Value<double> left, Value<double> right) => Condition.Compare(left, ">", right);
        public static Condition operator >=(Value<double> left, Value<double> right) => Condition.Compare(left, ">=", right);
    }

    extension(Value<float>)
    {
        public static Condition operator <(Value<float> left, Value<float> right) => Condition.Compare(left, "<", right);
        public static Condition operator <=(Value<float> left, Value<float> right) => Condition.Compare(left, "<=", right);
        public static Condition operator >(Value<float> left, Value<float> right) => Condition.Compare(left, ">", right);
        public static Condition operator >=(Value<float> left, Value<float> right) => Condition.Compare(left, ">=", right);
    }

    extension(Value<decimal>)
    {
        public static Condition operator <(Value<decimal> left, Value<decimal> right) => Condition.Compare(left, "<", right);
        public static Condition operator <=(Value<decimal> left, Value<decimal> right) => Condition.Compare(left, "<=", right);
        public static Condition operator >(Value<decimal> left, Value<decimal> right) => Condition.Compare(left, ">", right);
        public static Condition operator >=(Value<decimal> left, Value<decimal> right) => Condition.Compare(left, ">=", right);
    }

    extension(Value<string>)
    {
        public static Condition operator <(Value<string> left, Value<string> right) => Condition.Compare(left, "<", right);
        public static Condition operator <=(Value<string> left, Value<string> right) => Condition.Compare(left, "<=", right);
        public static Condition operator >(Value<string> left, Value<string> right) => Condition.Compare(left, ">", right);
        public static Condition operator >=(Value<string> left, Value<string> right) => Condition.Compare(left, ">=", right);
    }

    // Nullable numbers (an optional pipeline parameter, Param<int?>; an int? task output) compare as their
    // KFP type does: KFP's compiler writes the same CEL for Optional[int] as for int.
    extension(Value<int?>)
    {
        public static Condition operator <(Value<int?> left, Value<int?> right) => Condition.Compare(left, "<", right);
        public static Condition operator <=(Value<int?> left, Value<int?> right) => Condition.Compare(left, "<=", right);
        public static Condition operator >(Value<int?> left, Value<int?> right) => Condition.Compare(left, ">", right);
        public static Condition operator >=(Value<int?> left, Value<int?> right) => Condition.Compare(left, ">=", right);
    }

    extension(Value<long?>)
    {
        public static Condition operator <(Value<long?> left, Value<long?> right) => Condition.Compare(left, "<", right);
        public static Condition operator <=(Value<long?> left, Value<long?> right) => Condition.Compare(left, "<=", right);
        public static Condition operator >(Value<long?> left, Value<long?> right) => Condition.Compare(left, ">", right);
        public static Condition operator >=(Value<long?> left, Value<long?> right) => Condition.Compare(left, ">=", right);
    }

    extension(Value<double?>)
    {
        public static Condition operator <(Value<double?> left, Value<double?> right) => Condition.Compare(left, "<", right);
        public static Condition operator <=(Value<double?> left, Value<double?> right) => Condition.Compare(left, "<=", right);
        public static Condition operator >(Value<double?> left, Value<double?> right) => Condition.Compare(left, ">", right);
        public static Condition operator >=(Value<double?> left, Value<double?> right) => Condition.Compare(left, ">=", right);
    }

    extension(Value<float?>)
    {
        public static Condition operator <(Value<float?> left, Value<float?> right) => Condition.Compare(left, "<", right);
        public static Condition operator <=(Value<float?> left, Value<float?> right) => Condition.Compare(left, "<=", right);
        public static Condition operator >(Value<float?> left, Value<float?> right) => Condition.Compare(left, ">", right);
        public static Condition operator >=(Value<float?> left, Value<float?> right) => Condition.Compare(left, ">=", right);
    }

    extension(Value<decimal?>)
    {
        public static Condition operator <(Value<decimal?> left, Value<decimal?> right) => Condition.Compare(left, "<", right);
        public static Condition operator <=(Value<decimal?> left, Value<decimal?> right) => Condition.Compare(left, "<=", right);
        public static Condition operator >(Value<decimal?> left, Value<decimal?> right) => Condition.Compare(left, ">", right);
        public static Condition operator >=(Value<decimal?> left, Value<decimal?> right) => Condition.Compare(left, ">=", right);
    }

    /// <summary>The same integer value, typed as a double so it compares with doubles
    /// (<c>count.AsDouble() &gt;= 0.5</c>) or feeds a double input. KFP sees the same value.</summary>
    public static Value<double> AsDouble(this Value<int> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new Value<double>(value.Source);
    }

    /// <inheritdoc cref="AsDouble(Value{int})"/>
    public static Value<double> AsDouble(this Value<long> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new Value<double>(value.Source);
    }
}

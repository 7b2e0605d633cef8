using System.Globalization;
using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>Conditions rendered as CEL (<c>triggerPolicy.condition</c>) over task inputs.</summary>
internal sealed partial class GraphCompiler
{
    private string RenderCondition(ConditionGroup group)
    {
        var use = new Use($"{group.Construct} '{group.Name}'", "the condition", group.DefinedAt);
        var terms = group.Terms.Select(t => t.Negated
            ? $"!({Render(t.Node, group, use)})"
            : group.Terms.Count > 1 && t.Node is OrNode ? $"({Render(t.Node, group, use)})" : Render(t.Node, group, use));
        return string.Join(" && ", terms);
    }

    private string Render(ConditionNode node, ConditionGroup group, Use use) => node switch
    {
        ComparisonNode c => RenderComparison(c, group, use),
        NotNode n => $"!({Render(n.Inner, group, use)})",
        AndNode a => $"{Wrap(a.Left, typeof(OrNode), group, use)} && {Wrap(a.Right, typeof(OrNode), group, use)}",
        OrNode o => $"{Wrap(o.Left, typeof(AndNode), group, use)} || {Wrap(o.Right, typeof(AndNode), group, use)}",
        _ => throw new InvalidOperationException($"Unknown condition {node}."),
    };

    /// <summary>Renders <paramref name="node"/>, in parentheses when it is a <paramref name="parenthesize"/> (&amp;&amp; inside ||, || inside &amp;&amp;).</summary>
    private string Wrap(ConditionNode node, Type parenthesize, ConditionGroup group, Use use)
    {
        var text = Render(node, group, use);
        return node.GetType() == parenthesize ? $"({text})" : text;
    }

    private string RenderComparison(ComparisonNode comparison, ConditionGroup group, Use use)
    {
        var left = Operand(comparison.Left, group, use);
        var right = Operand(comparison.Right, group, use);
        if (left.IsConstant && right.IsConstant)
        {
            throw new PipelineDefinitionException(PipelineErrors.InvalidCondition,
                $"pipeline '{PipelineName}': {use.Who} compares two constants ({comparison}); at least one side must be a pipeline parameter or task output", use.Location);
        }

        var canonical = left.Type == right.Type ? left.Type
            : left.Type == KfpParameterType.String || right.Type == KfpParameterType.String ? KfpParameterType.String
            : left.Type == KfpParameterType.Boolean || right.Type == KfpParameterType.Boolean ? KfpParameterType.Boolean
            : KfpParameterType.Double;
        return $"{Cast(left, canonical)} {comparison.Operator} {Cast(right, canonical)}";

        static string Cast((string Text, string Type, bool IsConstant) operand, string canonical)
        {
            if (operand.Type == canonical) return operand.Text;
            return canonical switch
            {
                KfpParameterType.String => operand.IsConstant ? Quote(operand.Text) : $"string({operand.Text})",
                KfpParameterType.Double => $"double({operand.Text})",
                _ => operand.Text,
            };
        }
    }

    private (string Text, string Type, bool IsConstant) Operand(ConditionOperand operand, ConditionGroup group, Use use)
    {
        if (operand.Source is ConstantSource constant)
        {
            var type = KfpTypes.ParameterType(operand.ClrType) ?? throw new PipelineDefinitionException(PipelineErrors.InvalidCondition,
                $"pipeline '{PipelineName}': {use.Who} compares a constant of type {KfpTypes.NotCarried(operand.ClrType)}", use.Location);
            return (Literal(constant.Value, type, use), type, true);
        }
        var definition = GraphTypes.ParameterDefinition(_graph, operand.Source);
        var parameterType = definition?["parameterType"]?.GetValue<string>();
        if (definition is null || !KfpParameterType.IsScalar(parameterType))
        {
            throw new PipelineDefinitionException(PipelineErrors.InvalidCondition,
                $"pipeline '{PipelineName}': {use.Who} compares {SourceText.Describe(operand.Source)}, which KFP types as {parameterType ?? "unknown"}; conditions compare strings, numbers and booleans only", use.Location);
        }

        var spec = Resolve(operand.Source, group, new SortedSet<string>(StringComparer.Ordinal), use, artifact: false);
        var input = spec["componentInputParameter"]!.GetValue<string>();
        var text = $"inputs.parameter_values['{input}']";
        if (parameterType == KfpParameterType.Integer) text = $"int({text})";
        return (text, parameterType!, false);
    }

    private string Literal(JsonNode? value, string type, Use use)
    {
        if (value is not JsonValue v)
        {
            throw new PipelineDefinitionException(PipelineErrors.InvalidCondition,
                $"pipeline '{PipelineName}': {use.Who} compares with {(value is null ? "null" : value.ToJsonString())}; conditions compare strings, numbers and booleans only", use.Location);
        }

        return type switch
        {
            KfpParameterType.String => Quote(v.GetValue<string>()),
            KfpParameterType.Boolean => v.GetValue<bool>() ? "true" : "false",
            KfpParameterType.Integer => v.ToJsonString(),
            KfpParameterType.Double => DoubleText(v.GetValue<double>()),
            _ => throw new PipelineDefinitionException(PipelineErrors.InvalidCondition,
                $"pipeline '{PipelineName}': {use.Who} compares with {v.ToJsonString()}, a {type}; conditions compare strings, numbers and booleans only", use.Location),
        };
    }

    private static string DoubleText(double d)
    {
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') || text.Contains('e') || !double.IsFinite(d) ? text : text + ".0";
    }

    /// <summary>A CEL string literal.</summary>
    private static string Quote(string text) =>
        "'" + text.Replace("\\", "\\\\").Replace("'", "\\'").Replace("\n", "\\n").Replace("\r", "\\r") + "'";
}

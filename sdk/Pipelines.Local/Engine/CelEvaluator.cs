using System.Text.Json;
using System.Text.Json.Nodes;
using Cel;

namespace Pipelines.Local;

/// <summary>
/// KFP's conditions (<c>triggerPolicy.condition</c>) and parameter selectors, evaluated with the
/// NuGet <c>Cel</c> package against what KFP's driver binds: <c>inputs.parameter_values</c>, a map
/// of the task's resolved input parameters as protobuf Values (every number a double, so
/// <c>int(x) == 1</c> and <c>x > 5</c> behave as on a cluster). See docs/local-runs.md.
/// </summary>
internal static class CelEvaluator
{
    /// <exception cref="FormatException">The expression does not parse, reads a missing input, or is not a boolean.</exception>
    public static bool EvaluateCondition(string expression, IReadOnlyDictionary<string, JsonNode?> parameterValues)
    {
        var variables = new Dictionary<string, object?>
        {
            ["inputs"] = new Dictionary<string, object?> { ["parameter_values"] = parameterValues.ToDictionary(p => p.Key, p => FromJson(p.Value)) },
        };
        var result = Evaluate(expression, variables);
        return result is bool b ? b : throw new FormatException($"condition '{expression}' is not a boolean (it gave {result ?? "null"})");
    }

    /// <exception cref="FormatException">The expression cannot be evaluated.</exception>
    public static object? Evaluate(string expression, IDictionary<string, object?> variables)
    {
        try
        {
            return new CelEnvironment(null, null).Program(expression, variables);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new FormatException($"CEL '{expression}': {e.Message.Split('\n')[0]}");
        }
    }

    /// <summary>A parameter value as CEL sees it through KFP's driver: protobuf Value semantics.</summary>
    internal static object? FromJson(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => FromJson(p.Value)),
        JsonArray a => a.Select(FromJson).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => ParameterValues.AsDouble(v),
            _ => null,
        },
        _ => null,
    };

    internal static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        ulong u => JsonValue.Create(u),
        int i => JsonValue.Create(i),
        double d => JsonValue.Create(d),
        System.Collections.IDictionary map => new JsonObject(map.Keys.Cast<object>().Select(k => KeyValuePair.Create(k.ToString()!, ToJson(map[k])))),
        System.Collections.IEnumerable list => new JsonArray(list.Cast<object?>().Select(ToJson).ToArray()),
        _ => JsonValue.Create(value.ToString()),
    };
}

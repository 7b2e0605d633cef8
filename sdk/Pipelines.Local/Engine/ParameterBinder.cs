using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Local.Ir;

namespace Pipelines.Local;

/// <summary>Checks the caller's run parameters against the pipeline's inputs before anything runs:
/// unknown names (PIPE5003, listing the valid ones), wrong types (PIPE5004), missing required (PIPE5005).
/// Text values (from <c>--set k=v</c>) are read as the parameter's KFP type.</summary>
internal static class ParameterBinder
{
    public static Dictionary<string, JsonNode?> Bind(PipelinePackage package, IReadOnlyDictionary<string, object?> given)
    {
        var definitions = package.Root.Inputs.Parameters;
        var result = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (name, raw) in given)
        {
            if (!definitions.TryGetValue(name, out var definition))
            {
                throw new LocalRunException(LocalDiagnostics.UnknownParameter,
                    $"pipeline '{package.Name}' has no parameter '{name}' (its parameters: {(definitions.Count == 0 ? "none" : string.Join(", ", definitions.Keys.Order(StringComparer.Ordinal)))})");
            }

            JsonNode? value = null;
            bool ok;
            if (raw is string text)
            {
                ok = ParameterValues.TryParse(text, definition.Type, out value);
            }
            else
            {
                var node = raw switch { null => null, JsonNode n => n.DeepClone(), _ => JsonSerializer.SerializeToNode(raw) };
                ok = node is not null && ParameterValues.TryCoerce(node, definition.Type, out value);
                if (!ok) value = null;
            }
            if (!ok)
            {
                throw new LocalRunException(LocalDiagnostics.WrongParameterType,
                    $"parameter '{name}' of pipeline '{package.Name}' is {definition.Type}; '{Show(raw)}' is not");
            }

            result[name] = value;
        }
        foreach (var (name, definition) in definitions.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            if (result.ContainsKey(name)) continue;
            if (definition.DefaultValue is not null) result[name] = definition.DefaultValue.DeepClone();
            else if (!definition.IsOptional)
                throw new LocalRunException(LocalDiagnostics.MissingParameter, $"pipeline '{package.Name}' needs parameter '{name}' ({definition.Type}); pass --set {name}=VALUE");
        }
        return result;
    }

    private static string Show(object? raw) => raw switch { null => "null", string s => s, JsonNode n => n.ToJsonString(), _ => JsonSerializer.Serialize(raw) };
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.Kfp;

/// <summary>
/// Turns <c>--set name=value</c> strings into the typed JSON values of <c>runtime_config.parameters</c>
/// (protobuf <c>Value</c>s) per the pipeline's root <c>parameterType</c>s: NUMBER_INTEGER and
/// NUMBER_DOUBLE → number, BOOLEAN → true/false, LIST → array, STRUCT → object, STRING → string.
/// Checked here so a typo fails before anything is uploaded.
/// </summary>
public static class RunParameters
{
    public static JsonObject Convert(PipelinePackage pipeline, IReadOnlyDictionary<string, string> values)
    {
        var result = new JsonObject();
        foreach (var (name, text) in values)
        {
            if (!pipeline.Parameters.TryGetValue(name, out var parameter))
            {
                var known = pipeline.Parameters.Count == 0 ? "it has none" : "it has " + string.Join(", ", pipeline.Parameters.Keys.Order(StringComparer.Ordinal));
                throw new KfpException(KfpDiagnostics.UnknownParameter, $"--set {name}: pipeline '{pipeline.Name}' has no parameter '{name}' ({known})");
            }
            result[name] = Value(pipeline, parameter, text);
        }
        var missing = pipeline.Parameters.Values.Where(p => !p.HasDefault && !values.ContainsKey(p.Name)).Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
            throw new KfpException(KfpDiagnostics.MissingParameter, $"pipeline '{pipeline.Name}' needs a value for {string.Join(", ", missing)} (no default): pass --set {missing[0]}=…");
        return result;
    }

    private static JsonNode? Value(PipelinePackage pipeline, PipelineParameter parameter, string text)
    {
        JsonNode? value = parameter.ParameterType switch
        {
            "STRING" => JsonValue.Create(text),
            "NUMBER_INTEGER" => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? JsonValue.Create(l) : null,
            "NUMBER_DOUBLE" => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? JsonValue.Create(d) : null,
            "BOOLEAN" => text switch { "true" or "True" => JsonValue.Create(true), "false" or "False" => JsonValue.Create(false), _ => null },
            "LIST" => Parse(text) is JsonArray array ? array : null,
            "STRUCT" => Parse(text) is JsonObject obj ? obj : null,
            _ => JsonValue.Create(text),
        };
        return value ?? throw new KfpException(KfpDiagnostics.WrongParameterType,
            $"--set {parameter.Name}={text}: pipeline '{pipeline.Name}' declares it {parameter.ParameterType}, and '{text}' is not {Expected(parameter.ParameterType)}");
    }

    private static JsonNode? Parse(string text)
    {
        try { return JsonNode.Parse(text); }
        catch (JsonException) { return null; }
    }

    private static string Expected(string type) => type switch
    {
        "NUMBER_INTEGER" => "an integer",
        "NUMBER_DOUBLE" => "a number",
        "BOOLEAN" => "true or false",
        "LIST" => "a JSON array",
        "STRUCT" => "a JSON object",
        _ => "a " + type,
    };
}

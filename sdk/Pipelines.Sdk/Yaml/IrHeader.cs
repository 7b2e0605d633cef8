using System.Globalization;
using System.Text.Json.Nodes;

namespace Pipelines.Sdk.Yaml;

/// <summary>
/// The comment block the KFP SDK puts at the top of compiled files (<c># PIPELINE DEFINITION</c>,
/// name, description, inputs, outputs), plus the version. Comments are for readers: KFP ignores
/// them and drops them on upload, so the version is also written into the spec itself.
/// </summary>
internal static class IrHeader
{
    public static IEnumerable<string> For(JsonObject spec, string? version)
    {
        yield return "PIPELINE DEFINITION";
        yield return "Name: " + spec["pipelineInfo"]?["name"]?.GetValue<string>();
        if (spec["pipelineInfo"]?["description"]?.GetValue<string>() is { Length: > 0 } description)
            yield return "Description: " + description.ReplaceLineEndings(" ");
        if (!string.IsNullOrEmpty(version)) yield return "Version: " + version;

        var root = spec["root"];
        if (Lines(root?["inputDefinitions"], withDefaults: true) is { Count: > 0 } inputs)
        {
            yield return "Inputs:";
            foreach (var line in inputs) yield return line;
        }
        if (Lines(root?["outputDefinitions"], withDefaults: false) is { Count: > 0 } outputs)
        {
            yield return "Outputs:";
            foreach (var line in outputs) yield return line;
        }
    }

    private static List<string> Lines(JsonNode? definitions, bool withDefaults)
    {
        var lines = new List<string>();
        foreach (var (name, p) in (definitions?["parameters"] as JsonObject ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var line = $"   {name}: {PythonType(p?["parameterType"]?.GetValue<string>())}";
            if (withDefaults && p?["defaultValue"] is { } d) line += $" [Default: {d.ToJsonString()}]";
            lines.Add(line);
        }
        foreach (var (name, a) in (definitions?["artifacts"] as JsonObject ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
            lines.Add($"   {name}: {a?["artifactType"]?["schemaTitle"]?.GetValue<string>()}");
        return lines;
    }

    private static string PythonType(string? parameterType) => parameterType switch
    {
        "NUMBER_INTEGER" => "int",
        "NUMBER_DOUBLE" => "float",
        "STRING" => "str",
        "BOOLEAN" => "bool",
        "LIST" => "list",
        "STRUCT" => "dict",
        _ => parameterType?.ToLower(CultureInfo.InvariantCulture) ?? "?",
    };
}

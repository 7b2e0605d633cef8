using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Pipelines.Local;

/// <summary>
/// Resolves the placeholders in a container's command and args as KFP's launcher does:
/// <c>{{$}}</c> (the whole executor input), <c>{{$.inputs.parameters['x']}}</c>,
/// <c>{{$.inputs.artifacts['y'].path|uri|metadata}}</c>, the same for outputs,
/// <c>{{$.outputs.parameters['p'].output_file}}</c>, <c>{{$.outputs.output_file}}</c>, and the
/// JSON forms <c>{"IfPresent": {...}}</c> and <c>{"Concat": [...]}</c> (one arg may become several or none).
/// </summary>
internal static partial class Placeholders
{
    public static IReadOnlyList<string> Resolve(IEnumerable<JsonNode?> items, JsonObject executorInput)
    {
        var result = new List<string>();
        foreach (var item in items) Expand(item, executorInput, result);
        return result;
    }

    private static void Expand(JsonNode? item, JsonObject input, List<string> result)
    {
        if (item is null) return;
        if (item is JsonArray list) { foreach (var i in list) Expand(i, input, result); return; }
        if (item is JsonObject structured) { ExpandStructured(structured, input, result); return; }
        var text = item.ToString();
        if (text.StartsWith('{') && (text.Contains("\"IfPresent\"", StringComparison.Ordinal) || text.Contains("\"Concat\"", StringComparison.Ordinal)))
        {
            try
            {
                if (JsonNode.Parse(text) is JsonObject o) { ExpandStructured(o, input, result); return; }
            }
            catch (JsonException)
            {
                // Not a structured placeholder after all: an ordinary argument that looks like JSON.
            }
        }
        result.Add(Substitute(text, input));
    }

    private static void ExpandStructured(JsonObject o, JsonObject input, List<string> result)
    {
        if (o["IfPresent"] is JsonObject ifPresent)
        {
            var name = ifPresent["InputName"]?.ToString() ?? "";
            var present = input["inputs"]?["parameterValues"]?[name] is not null || input["inputs"]?["artifacts"]?[name] is not null;
            var branch = present ? ifPresent["Then"] : ifPresent["Else"];
            Expand(branch, input, result);
            return;
        }
        if (o["Concat"] is JsonArray parts)
        {
            var pieces = new List<string>();
            foreach (var p in parts) Expand(p, input, pieces);
            result.Add(string.Concat(pieces));
            return;
        }
        result.Add(o.ToJsonString());
    }

    private static string Substitute(string text, JsonObject input) =>
        Placeholder().Replace(text, m => Value(m.Groups["expr"].Value, input) ?? m.Value);

    private static string? Value(string expr, JsonObject input)
    {
        if (expr.Length == 0) return input.ToJsonString();
        var m = Path().Match(expr);
        if (m.Success)
        {
            string side = m.Groups["side"].Value, kind = m.Groups["kind"].Value, name = m.Groups["name"].Value, field = m.Groups["field"].Value;
            if (kind == "parameters")
            {
                if (side == "inputs") return ParameterValues.ToText(input["inputs"]?["parameterValues"]?[name]);
                if (field == "output_file") return input["outputs"]?["parameters"]?[name]?["outputFile"]?.ToString();
                return null;
            }
            var artifact = input[side]?["artifacts"]?[name]?["artifacts"]?[0];
            if (artifact is null) return null;
            var uri = artifact["uri"]?.ToString() ?? "";
            return field switch
            {
                "uri" => uri,
                "path" or "" => LocalPath(uri),
                "metadata" => (artifact["metadata"] ?? new JsonObject()).ToJsonString(),
                _ => null,
            };
        }
        if (expr == ".outputs.output_file") return input["outputs"]?["outputFile"]?.ToString();
        return null;
    }

    /// <summary>KFP's URI → path mapping (gs:// → /gcs/, ...); local URIs are paths already.</summary>
    public static string LocalPath(string uri)
    {
        if (uri.StartsWith("file://", StringComparison.Ordinal)) return uri["file://".Length..];
        if (uri.StartsWith("gs://", StringComparison.Ordinal)) return "/gcs/" + uri["gs://".Length..];
        if (uri.StartsWith("minio://", StringComparison.Ordinal)) return "/minio/" + uri["minio://".Length..];
        if (uri.StartsWith("s3://", StringComparison.Ordinal)) return "/s3/" + uri["s3://".Length..];
        return uri;
    }

    [GeneratedRegex(@"\{\{\$(?<expr>[^}]*)\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^\.(?<side>inputs|outputs)\.(?<kind>parameters|artifacts)\[['""](?<name>[^'""]+)['""]\](\.(?<field>[a-z_]+))?$")]
    private static partial Regex Path();
}

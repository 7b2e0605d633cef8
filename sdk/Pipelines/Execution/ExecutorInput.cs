using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>One artifact of KFP's ExecutorInput (<c>RuntimeArtifact</c>).</summary>
internal sealed record RuntimeArtifact(string Name, string Uri, JsonObject Metadata, string? CustomPath);

/// <summary>
/// KFP's ExecutorInput (the launcher's <c>{{$}}</c>), read leniently: unknown keys are ignored,
/// metadata may be missing, integers may arrive as <c>5.0</c>.
/// </summary>
internal sealed class ExecutorInput
{
    public Dictionary<string, JsonElement> ParameterValues { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<RuntimeArtifact>> InputArtifacts { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> OutputParameterFiles { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, RuntimeArtifact> OutputArtifacts { get; } = new(StringComparer.Ordinal);
    public string? OutputFile { get; private set; }

    /// <exception cref="FormatException">The text is not an ExecutorInput.</exception>
    public static ExecutorInput Parse(string json)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new FormatException($"--executor_input is not JSON: {e.Message}"); }

        var result = new ExecutorInput();
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new FormatException("--executor_input must be a JSON object.");

        if (TryObject(root, "inputs", out var inputs))
        {
            if (TryObject(inputs, "parameterValues", out var values))
                foreach (var p in values.EnumerateObject()) result.ParameterValues[p.Name] = p.Value.Clone();
            if (TryObject(inputs, "artifacts", out var artifacts))
            {
                foreach (var a in artifacts.EnumerateObject())
                    result.InputArtifacts[a.Name] = ReadArtifactList(a.Value, a.Name);
            }
        }
        if (TryObject(root, "outputs", out var outputs))
        {
            if (TryObject(outputs, "parameters", out var parameters))
            {
                foreach (var p in parameters.EnumerateObject())
                {
                    if (p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("outputFile", out var f) && f.ValueKind == JsonValueKind.String)
                        result.OutputParameterFiles[p.Name] = f.GetString()!;
                }
            }

            if (TryObject(outputs, "artifacts", out var artifacts))
            {
                foreach (var a in artifacts.EnumerateObject())
                {
                    if (ReadArtifactList(a.Value, a.Name) is [var first, ..])
                        result.OutputArtifacts[a.Name] = first;
                }
            }

            if (outputs.TryGetProperty("outputFile", out var outputFile) && outputFile.ValueKind == JsonValueKind.String)
                result.OutputFile = outputFile.GetString();
        }
        return result;
    }

    private static List<RuntimeArtifact> ReadArtifactList(JsonElement list, string key)
    {
        var result = new List<RuntimeArtifact>();
        if (list.ValueKind != JsonValueKind.Object || !list.TryGetProperty("artifacts", out var items) || items.ValueKind != JsonValueKind.Array)
            return result;
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) continue;
            var name = item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : key;
            var uri = item.TryGetProperty("uri", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString()! : "";
            var customPath = item.TryGetProperty("customPath", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            var metadata = item.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object
                ? JsonNode.Parse(m.GetRawText())!.AsObject()
                : new JsonObject();
            result.Add(new RuntimeArtifact(name, uri, metadata, customPath));
        }
        return result;
    }

    private static bool TryObject(JsonElement parent, string name, out JsonElement value) =>
        parent.TryGetProperty(name, out value) && value.ValueKind == JsonValueKind.Object;
}

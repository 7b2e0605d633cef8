using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>The container a component runs in: the image reference and the full program
/// (<c>command</c>), which the build decides and hands to the tracer.</summary>
internal sealed record ExecutorTarget(string Image, IReadOnlyList<string> Command)
{
    /// <summary>Reads <c>{"&lt;component&gt;": {"image": "...", "command": ["dotnet", "/app/X.dll"]}}</c>.</summary>
    public static Dictionary<string, ExecutorTarget> ReadMap(string json)
    {
        var result = new Dictionary<string, ExecutorTarget>(StringComparer.Ordinal);
        var root = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("expected a JSON object");
        foreach (var (name, node) in root)
        {
            if (node is not JsonObject entry) throw new FormatException($"component '{name}': expected an object with image and command");
            string image = entry["image"] is JsonValue i && i.TryGetValue(out string? s) ? s : throw new FormatException($"component '{name}' has no image");
            var command = entry["command"] is JsonArray a
                ? a.Select(x => x is JsonValue v && v.TryGetValue(out string? c) ? c : throw new FormatException($"component '{name}': command items must be strings")).ToList()
                : [];
            if (command.Count == 0) throw new FormatException($"component '{name}' has no command");
            result[name] = new ExecutorTarget(image, command);
        }
        return result;
    }

    public JsonObject ToJson() => new()
    {
        ["image"] = Image,
        ["command"] = new JsonArray(Command.Select(c => (JsonNode)JsonValue.Create(c)).ToArray()),
    };
}

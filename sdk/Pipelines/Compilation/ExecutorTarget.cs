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
            string image = node?["image"]?.GetValue<string>() ?? throw new FormatException($"component '{name}' has no image");
            var command = node["command"] is JsonArray a ? a.Select(x => x!.GetValue<string>()).ToList() : [];
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

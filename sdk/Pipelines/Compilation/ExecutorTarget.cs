using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>
/// The container a component runs in, which the build decides and hands to the tracer. A
/// component of this build or of a component library runs <see cref="Image"/> with our entry point
/// (<see cref="Command"/>, then the executor-input args); an imported KFP component runs its own
/// <see cref="Container"/> (image, command, args), which the executor carries verbatim.
/// </summary>
internal sealed record ExecutorTarget(string Image, IReadOnlyList<string> Command, JsonObject? Container = null)
{
    /// <summary>An imported KFP component's own <c>container</c>, verbatim.</summary>
    /// <exception cref="FormatException">The container names no image.</exception>
    public static ExecutorTarget Imported(JsonObject container) =>
        new(ImageOf(container) ?? throw new FormatException("the container has no image"), [], (JsonObject)container.DeepClone());

    /// <summary>Reads <c>{"&lt;component&gt;": {"image": "...", "command": ["dotnet", "/app/X.dll"]}}</c>;
    /// an imported component's entry is <c>{"image": "...", "container": {...}}</c> instead.</summary>
    public static Dictionary<string, ExecutorTarget> ReadMap(string json)
    {
        var result = new Dictionary<string, ExecutorTarget>(StringComparer.Ordinal);
        var root = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("expected a JSON object");
        foreach (var (name, node) in root)
        {
            if (node is not JsonObject entry) throw new FormatException($"component '{name}': expected an object with image and command");
            if (entry["container"] is JsonObject container)
            {
                if (ImageOf(container) is null) throw new FormatException($"component '{name}': its container has no image");
                result[name] = Imported(container);
                continue;
            }
            var image = entry["image"] is JsonValue i && i.TryGetValue(out string? s) ? s : throw new FormatException($"component '{name}' has no image");
            var command = entry["command"] is JsonArray a
                ? a.Select(x => x is JsonValue v && v.TryGetValue(out string? c) ? c : throw new FormatException($"component '{name}': command items must be strings")).ToList()
                : [];
            if (command.Count == 0) throw new FormatException($"component '{name}' has no command");
            result[name] = new ExecutorTarget(image, command);
        }
        return result;
    }

    /// <summary>The entry <see cref="ReadMap"/> reads.</summary>
    public JsonObject ToJson() => Container is not null
        ? new JsonObject { ["image"] = Image, ["container"] = Container.DeepClone() }
        : new JsonObject
        {
            ["image"] = Image,
            ["command"] = new JsonArray(Command.Select(c => (JsonNode)JsonValue.Create(c)).ToArray()),
        };

    private static string? ImageOf(JsonObject container) =>
        container["image"] is JsonValue v && v.TryGetValue(out string? image) && image.Length > 0 ? image : null;
}

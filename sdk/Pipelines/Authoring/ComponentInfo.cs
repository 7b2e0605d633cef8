using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines;

/// <summary>
/// A component's spec as the generator embeds it in the assembly (attribute
/// <c>AssemblyMetadata("Pipelines.Component", json)</c>) and in the generated task factory:
/// its KFP name, description, C# method and KFP <c>inputDefinitions</c>/<c>outputDefinitions</c>.
/// The build reads the same JSON from the compiled assembly without running it.
/// </summary>
public sealed class ComponentInfo
{
    /// <summary>Key of the <c>AssemblyMetadata</c> attributes that carry component specs.</summary>
    public const string MetadataKey = ManifestKeys.Component;

    public required string Name { get; init; }
    public string? Description { get; init; }
    /// <summary>Fully qualified C# method, for messages.</summary>
    public string? Method { get; init; }
    public JsonObject InputDefinitions { get; init; } = new();
    public JsonObject OutputDefinitions { get; init; } = new();
    /// <summary>A <see cref="ContainerComponentAttribute">container component</see>'s own container (image,
    /// command, args), which its executor carries verbatim; null for a component that runs this program.</summary>
    public JsonObject? Container { get; init; }
    /// <summary>KFP <c>taskConfigPassthroughs</c> (<c>[{"field": "RESOURCES", "applyToTask": true}]</c>) in the order the
    /// component lists them (<see cref="TaskConfigPassthroughAttribute"/>); null when it lists none.</summary>
    public JsonArray? TaskConfigPassthroughs { get; init; }

    public static ComponentInfo Parse(string json)
    {
        var node = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("A component spec must be a JSON object.");
        return new ComponentInfo
        {
            Name = node[ManifestKeys.Name]?.GetValue<string>() ?? throw new FormatException("A component spec needs a name."),
            Description = node[ManifestKeys.Description]?.GetValue<string>(),
            Method = node[ManifestKeys.Method]?.GetValue<string>(),
            InputDefinitions = node[ManifestKeys.InputDefinitions]?.AsObject() is { } i ? (JsonObject)i.DeepClone() : new(),
            OutputDefinitions = node[ManifestKeys.OutputDefinitions]?.AsObject() is { } o ? (JsonObject)o.DeepClone() : new(),
            Container = node[ManifestKeys.Container] is { } c
                ? c is JsonObject container && container["image"] is JsonValue image && image.TryGetValue(out string? name) && !string.IsNullOrWhiteSpace(name)
                    ? (JsonObject)container.DeepClone()
                    : throw new FormatException("A component's container must be an object with an image.")
                : null,
            TaskConfigPassthroughs = node[ManifestKeys.TaskConfigPassthroughs] switch
            {
                null => null,
                JsonArray { Count: 0 } => null,
                JsonArray passthroughs => (JsonArray)passthroughs.DeepClone(),
                _ => throw new FormatException("A component's taskConfigPassthroughs must be a list."),
            },
        };
    }

    internal JsonObject? InputParameter(string name) => InputDefinitions["parameters"]?[name] as JsonObject;
    internal JsonObject? InputArtifact(string name) => InputDefinitions["artifacts"]?[name] as JsonObject;
    internal JsonObject? OutputParameter(string name) => OutputDefinitions["parameters"]?[name] as JsonObject;
    internal JsonObject? OutputArtifact(string name) => OutputDefinitions["artifacts"]?[name] as JsonObject;

    internal IEnumerable<KeyValuePair<string, JsonNode?>> InputParameters => (InputDefinitions["parameters"] as JsonObject) ?? [];
    internal IEnumerable<KeyValuePair<string, JsonNode?>> InputArtifacts => (InputDefinitions["artifacts"] as JsonObject) ?? [];
    internal IEnumerable<KeyValuePair<string, JsonNode?>> OutputParameters => (OutputDefinitions["parameters"] as JsonObject) ?? [];
    internal IEnumerable<KeyValuePair<string, JsonNode?>> OutputArtifacts => (OutputDefinitions["artifacts"] as JsonObject) ?? [];

    /// <summary>The fields the component passes through (<c>RESOURCES</c>, <c>ENV</c>, …), in its order.</summary>
    internal IEnumerable<string> PassedThroughFields =>
        (TaskConfigPassthroughs ?? []).Select(p => p?["field"] is JsonValue v && v.TryGetValue(out string? f) ? f : null).OfType<string>();

    /// <summary>An input is required when it is neither optional nor has a default (KFP's rule).</summary>
    internal static bool IsRequired(JsonNode? definition) =>
        definition?["isOptional"]?.GetValue<bool>() != true && definition?["defaultValue"] is null;

    /// <summary>KFP component spec: the definitions only, as <c>components.comp-x</c> holds them.</summary>
    internal JsonObject ToKfpSpec(string executorLabel)
    {
        var spec = new JsonObject { ["executorLabel"] = executorLabel };
        if (InputDefinitions.Count > 0) spec["inputDefinitions"] = InputDefinitions.DeepClone();
        if (OutputDefinitions.Count > 0) spec["outputDefinitions"] = OutputDefinitions.DeepClone();
        if (TaskConfigPassthroughs is { Count: > 0 } passthroughs) spec["taskConfigPassthroughs"] = passthroughs.DeepClone();
        return spec;
    }

    public override string ToString() => Name;
}
